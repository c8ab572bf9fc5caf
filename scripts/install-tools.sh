#!/usr/bin/env bash
# Installs the native tools that `make test` needs: a real Prometheus (and promtool),
# Debian's docker-compose (to validate the compose file) and yamllint.
# Without root or apt it does nothing: the tests that need a missing tool skip with a
# reason, except in CI (CI=true), where a missing tool fails them.
set -euo pipefail

need=()
command -v prometheus     >/dev/null || need+=(prometheus)
command -v promtool       >/dev/null || need+=(prometheus)
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
# --no-install-recommends keeps the install small; prometheus's service is not started here.
apt-get install -y -qq --no-install-recommends $(printf '%s\n' "${need[@]}" | sort -u) >/dev/null
