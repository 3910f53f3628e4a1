#!/usr/bin/env bash
# fetch.sh — refreshes the vendored uPlot: installs the version pinned in
# package.json with npm into a temporary folder and copies its minified JS,
# its CSS and its licence next to this script. The copies are committed; the
# build and the report never reach the network.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp "$here/package.json" "$tmp/"
(cd "$tmp" && npm install --no-audit --no-fund --ignore-scripts --silent)
pkg="$tmp/node_modules/uplot"
cp "$pkg/dist/uPlot.iife.min.js" "$here/uPlot.iife.min.js"
cp "$pkg/dist/uPlot.min.css" "$here/uPlot.min.css"
cp "$pkg/LICENSE" "$here/LICENSE.uPlot"
echo "uPlot $(node -p "require('$pkg/package.json').version") copied to $here"
