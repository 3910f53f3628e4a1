#!/usr/bin/env bash
# ensure-browser.sh — make sure Debian's Chromium is installed for the HTML
# report's browser test (htmlreport/browser_test.go, which drives it with
# playwright-core from htmlreport/testdata/browser, installed there by the
# test with npm ci). Idempotent: does nothing when chromium is on PATH.
# Run as root on the project's Debian machine. The test itself fails under
# CI=true when chromium is missing, and skips elsewhere.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
	exit 0
fi
echo "== installing chromium (Debian package) for the HTML report's browser test"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
chromium --version
