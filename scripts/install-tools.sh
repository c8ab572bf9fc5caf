#!/usr/bin/env bash
# Installs the checkers that `make test` takes from Debian: docker-compose (1.x, only to
# validate the compose file) and yamllint. Prometheus, promtool and Jaeger are not Debian's:
# scripts/native-tools.sh builds the versions the stack pins.
# Without root or apt it does nothing: the tests that need a missing tool skip with a
# reason, except in CI (CI=true), where a missing tool fails them.
set -euo pipefail

need=()
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v yamllint       >/dev/null || need+=(yamllint)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-tools: missing ${need[*]}; not root or no apt-get, so the tests that need them will skip" >&2
  exit 0
fi

echo "install-tools: installing ${need[*]} from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
