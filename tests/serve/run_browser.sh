#!/bin/sh
# Browser test of the viewer: headless Debian chromium (WebGL through SwiftShader) driven by
# puppeteer-core; the server is the harbormap binary on a free port.  usage: run_browser.sh HARBORMAP WORK_DIR
set -eu
hm=$1; work=$2
src=$(cd "$(dirname "$0")/../.." && pwd)
cache=${HARBORMAP_WEB_CACHE:-$HOME/.cache/harbormap-web}
chrome=${HARBORMAP_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chrome" ]; then echo "FAIL: $chrome not found (scripts/setup --test installs Debian chromium)"; exit 1; fi
NODE_PATH="$cache/node_modules" node "$src/tests/serve/browser_check.cjs" "$hm" "$work/out" "$chrome" "$work/browser"
