#!/bin/sh
# Installs the viewer's npm packages into a cache folder (default $HOME/.cache/harbormap-web, or
# HARBORMAP_WEB_CACHE): maplibre-gl and pmtiles, which `harbormap serve` and `export web` serve from
# this machine with their licences; with --test also puppeteer-core for the browser test (it drives the
# Debian chromium; no browser is downloaded).  Run by scripts/setup; a second run costs a directory check.
set -eu
cache=${HARBORMAP_WEB_CACHE:-$HOME/.cache/harbormap-web}
pkgs="maplibre-gl@4.7.1 pmtiles@3.2.1"
[ "${1:-}" = "--test" ] && pkgs="$pkgs puppeteer-core@22.15.0"
need=0
for p in $pkgs; do
  name=${p%@*}
  [ -f "$cache/node_modules/$name/package.json" ] || need=1
done
[ $need -eq 0 ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
  echo "install_vendor: npm is needed to install $pkgs (Debian: apt-get install nodejs npm)" >&2; exit 1
fi
mkdir -p "$cache"
echo "install_vendor: npm install $pkgs -> $cache" >&2
PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix "$cache" $pkgs >&2
