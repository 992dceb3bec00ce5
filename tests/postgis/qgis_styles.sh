#!/bin/sh
# ctest postgis_qgis_styles: qgis_styles.py against the throw-away cluster (headless PyQGIS 3.22).
# usage: qgis_styles.sh HARBORMAP PG_HANDLE_DIR WORK_DIR
set -eu
hm=$1; handle=$2; work=$3
src=$(cd "$(dirname "$0")/../.." && pwd)
if ! /usr/bin/python3 -c 'import qgis.core' 2>/dev/null; then
  echo "FAIL: python3-qgis is not installed (scripts/setup installs it)"; exit 1
fi
mkdir -p "$work/xdg"; chmod 700 "$work/xdg"
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work/xdg" \
  /usr/bin/python3 "$src/tests/postgis/qgis_styles.py" "$hm" "$(cat "$handle/conninfo")" "$work/out" "$src"
