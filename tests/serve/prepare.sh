#!/bin/sh
# Fixture of the serve tests: the viewer's npm packages (cached) and a build of the shipped data: the shared
# one of the ctest fixture shipped_out when SHARED_OUT is given (linked as WORK_DIR/out), else its own
# (rebuilt only when the binary is newer than it).  usage: prepare.sh HARBORMAP WORK_DIR [SHARED_OUT]
set -eu
hm=$1; work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
sh "$src/engine/products/serve/install_vendor.sh" --test >&2
mkdir -p "$work"
out="$work/out"
if [ $# -ge 3 ]; then
  [ -L "$out" ] || rm -rf "$out"
  ln -sfn "$3" "$out"
elif [ ! -f "$out/harbormap.pmtiles" ] || [ "$hm" -nt "$out/harbormap.pmtiles" ]; then
  rm -rf "$out"
  "$hm" --quiet --data "$src/data" --mappings "$src/layers/mappings" --out "$out" build
fi
echo "serve fixture: $out"
