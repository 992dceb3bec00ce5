#!/bin/sh
# Inputs of the PostGIS tests, made once per binary: the fused GeoPackage and the sea graph
# (`harbormap build --steps graph`) and our own tiles z0-8 as an XYZ folder (the reference for tile(z,x,y)).
# usage: prepare.sh HARBORMAP_BINARY WORK_DIR
set -eu
hm=$1; work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
out="$work/out"
if [ ! -f "$out/tiles/0/0/0.pbf" ] || [ "$hm" -nt "$out/tiles/0/0/0.pbf" ]; then
  rm -rf "$out"
  "$hm" --quiet --data "$src/data" --mappings "$src/layers/mappings" --out "$out" build --steps graph
  "$hm" --quiet --data "$src/data" --out "$out" tiles build -o "$out/tiles" -f xyz --min-zoom 0 --max-zoom 8
fi
