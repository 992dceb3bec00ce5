#!/bin/sh
# Script tests of the tiles: builds a tileset from the shipped data with the harbormap binary
# (`harbormap build`, which writes the GeoPackage, tiles z0-8, styles and the QGIS project), then runs
#   node: every tile through @mapbox/vector-tile + pbf, the PMTiles through the npm `pmtiles` reader
#   qgis: PyQGIS 3.22 headless opens MBTiles, XYZ, GeoPackage styles and the project, renders PNGs
#   fixtures: the MVT spec's conformance fixtures (@mapbox/mvt-fixtures) through harbormap's decoder
#             (test_tiles "[.mvt-fixtures]"; pass the test_tiles binary instead of harbormap)
# usage: run_checks.sh node|qgis|fixtures BINARY WORK_DIR [OUT_DIR]
#   OUT_DIR: an existing `harbormap build --xyz` output to check (the ctest fixture shipped_out); without
#   it the build is made in WORK_DIR/out.
# npm packages: tests/tiles/npm-packages.txt, cached in $HARBORMAP_NPM_CACHE (scripts/setup --test fills it).
set -eu
mode=$1; hm=$2; work=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
out=${4:-$work/out}
cache=${HARBORMAP_NPM_CACHE:-$HOME/.cache/harbormap-node-tests}

npm_packages() {
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "SKIP: npm/node not available: this check needs Node.js and npm (scripts/setup --test)"; exit 0
  fi
  missing=0
  for p in $(grep -v '^#' "$src/tests/tiles/npm-packages.txt"); do
    [ -d "$cache/node_modules/${p%@*}" ] || missing=1
  done
  if [ "$missing" = 1 ]; then
    mkdir -p "$cache"
    # shellcheck disable=SC2046
    npm install --silent --no-audit --no-fund --prefix "$cache" $(grep -v '^#' "$src/tests/tiles/npm-packages.txt") >&2
  fi
}

if [ "$mode" = fixtures ]; then
  npm_packages
  HARBORMAP_MVT_FIXTURES="$cache/node_modules/@mapbox/mvt-fixtures/fixtures" "$hm" "[.mvt-fixtures]"
  exit $?
fi
# The XYZ folder is written on request (build --xyz); the checks read it beside the MBTiles and PMTiles.
if [ $# -lt 4 ]; then sh "$src/tests/shipped_build.sh" "$hm" "$out" >/dev/null; fi
case "$mode" in
node)
  npm_packages
  # harbormap's own decoding of a sample of tiles (all of z0-3 and every 40th tile above), in one
  # process: `tiles show --tile A --tile B ... --json` prints {"z/x/y": tile, ...}
  samples="$work/samples.json"
  ids=$(cd "$out/tiles" && find . -name '*.pbf' | sort | awk -F/ '{ id = $2 "/" $3 "/" $4; sub(/\.pbf$/, "", id);
        if ($2 <= 3 || NR % 40 == 0) printf " --tile %s", id }')
  # shellcheck disable=SC2086
  "$hm" tiles show "$out/harbormap.mbtiles" $ids --json > "$samples"
  NODE_PATH="$cache/node_modules" node "$src/tests/tiles/node_check.cjs" "$out" "$samples"
  ;;
qgis)
  if ! /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
    echo "FAIL: python3-qgis is not installed (scripts/setup installs it)"; exit 1
  fi
  mkdir -p "$work/xdg"; chmod 700 "$work/xdg"
  QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/xdg" /usr/bin/python3 "$src/tests/tiles/qgis_check.py" "$out" 0 8 "$work/png"
  ;;
*) echo "usage: run_checks.sh node|qgis HARBORMAP WORK_DIR"; exit 2 ;;
esac
