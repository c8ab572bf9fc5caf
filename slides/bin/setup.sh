#!/usr/bin/env bash
# The deck's tools, exactly as package-lock.json pins them: npm ci, once per change of the lock.
# Browsers are never downloaded: the only one used is the machine's Chromium (lib/browser.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
