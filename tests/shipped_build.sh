#!/bin/sh
# ctest fixture `shipped_out`: one `harbormap build --xyz` of the shipped data, read (never written) by the
# tests that need a whole build -- tiles_node, tiles_qgis, the serve tests and test_determinism -- instead
# of a build each (the test executables that need the footprint, catalog and graph copy them from it:
# tests/shipped_out.hpp).  Rebuilt when harbormap or harbormap-full, or a file of data/ or layers/mappings/,
# is newer than it.
# usage: shipped_build.sh HARBORMAP OUT_DIR
set -eu
hm=$1; out=$2
src=$(cd "$(dirname "$0")/.." && pwd)
full="$(dirname "$hm")/harbormap-full"
stamp="$out/harbormap.pmtiles"
if [ ! -f "$stamp" ] || [ ! -d "$out/tiles" ] || [ "$hm" -nt "$stamp" ] || { [ -f "$full" ] && [ "$full" -nt "$stamp" ]; } ||
   [ -n "$(find "$src/data" "$src/layers/mappings" -newer "$stamp" -print -quit)" ]; then
  rm -rf "$out"
  "$hm" --quiet --data "$src/data" --mappings "$src/layers/mappings" --out "$out" build --xyz
fi
echo "shipped build: $out"
