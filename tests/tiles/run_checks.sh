#!/bin/sh
# Script tests of the tiles: builds a tileset from the shipped data with the harbormap binary
# (`harbormap build`, which writes the GeoPackage, tiles z0-8, styles and the QGIS project), then runs
#   node: every tile through @mapbox/vector-tile + pbf, the PMTiles through the npm `pmtiles` reader
#   qgis: PyQGIS 3.22 headless opens MBTiles, XYZ, GeoPackage styles and the project, renders PNGs
# usage: run_checks.sh node|qgis HARBORMAP_BINARY WORK_DIR
set -eu
mode=$1; hm=$2; work=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$work"
out="$work/out"
if [ ! -f "$out/harbormap.pmtiles" ] || [ "$hm" -nt "$out/harbormap.pmtiles" ]; then
  rm -rf "$out"
  "$hm" --quiet --data "$src/data" --mappings "$src/layers/mappings" --out "$out" build --xyz
fi
case "$mode" in
node)
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "SKIP: npm/node not available: the independent-decoder check needs Node.js and npm"; exit 0
  fi
  cache=${HARBORMAP_NPM_CACHE:-$HOME/.cache/harbormap-node-tests}
  if [ ! -d "$cache/node_modules/pmtiles" ] || [ ! -d "$cache/node_modules/@mapbox/vector-tile" ]; then
    mkdir -p "$cache"
    npm install --silent --no-audit --no-fund --prefix "$cache" @mapbox/vector-tile@1.3.1 pbf@3.2.1 pmtiles@3.2.1 >&2
  fi
  # harbormap's own decoding of a sample of tiles (all of z0-3 and every 40th tile above)
  samples="$work/samples"; rm -rf "$samples"; mkdir -p "$samples"
  i=0
  for f in $(cd "$out/tiles" && find . -name '*.pbf' | sort); do
    id=${f#./}; id=${id%.pbf}; z=${id%%/*}
    i=$((i + 1))
    if [ "$z" -le 3 ] || [ $((i % 40)) -eq 0 ]; then
      "$hm" tiles show "$out/tiles/$id.pbf" --json > "$samples/$(echo "$id" | tr / _).json"
    fi
  done
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
