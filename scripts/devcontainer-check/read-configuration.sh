#!/usr/bin/env bash
# Prints .devcontainer/devcontainer.json as the dev container CLI reads it (`devcontainer
# read-configuration`, the version package-lock.json pins), for DevcontainerTest in make stack-test.
# npm ci runs once per change of the lock. The reader first asks `docker ps` whether a container
# of this folder runs; no engine is needed for that, so --docker-path points it at ./no-docker,
# which answers "none" and refuses anything else: a reader that wanted more of Docker fails here.
# Only the CLI's JSON goes to stdout; its log, and npm's, are printed when something fails.
set -uo pipefail
cd "$(dirname "$0")"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund >"$log" 2>&1 || { cat "$log" >&2; echo "read-configuration: npm ci failed" >&2; exit 1; }
fi
if ! out="$(node_modules/.bin/devcontainer read-configuration --workspace-folder ../.. \
    --docker-path "$PWD/no-docker" 2>"$log")"; then
  cat "$log" >&2
  echo "read-configuration: the dev container CLI could not read .devcontainer/devcontainer.json" >&2
  exit 1
fi
printf '%s\n' "$out"
