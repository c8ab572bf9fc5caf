#!/usr/bin/env bash
# Installs the checkers that `make test` takes from Debian: yamllint, and Chromium for the
# deck's checks. Prometheus, promtool, Jaeger and Docker Compose v5 are not Debian's (Debian's
# docker-compose is 1.29, which does not know the keys Compose 2.20 and later added):
# scripts/native-tools.sh builds the versions the stack pins.
# Without root or apt it does nothing: the tests that need a missing tool skip with a
# reason, except in CI (CI=true), where a missing tool fails them.
set -euo pipefail

need=()
command -v yamllint       >/dev/null || need+=(yamllint)
# The deck's render and layout checks (make slides-test) take any Chrome or Chromium already
# here (slides/lib/browser.mjs looks for the same names), else Debian's.
browser="${CHROME_PATH:-}"
for name in chromium chromium-browser google-chrome-stable google-chrome; do
  [ -n "$browser" ] || browser=$(command -v "$name" || true)
done
[ -n "$browser" ] || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-tools: missing ${need[*]}; not root or no apt-get, so the tests that need them will skip" >&2
  exit 0
fi

echo "install-tools: installing ${need[*]} from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
