#!/usr/bin/env bash
# make slides-test, the deck's part of make test: checks of the sources (regions, talk.md's links,
# the README's picture), then the deck built as make slides builds it, then checks of what the
# build made (its run of the receiver, every slide's layout in Chromium, the PDF).
# No Node: skipped with the reason, or failed with CI=true. No Chromium: the build makes the HTML
# only and the tests that need a browser skip (or fail with CI=true) on their own.
set -uo pipefail
cd "$(dirname "$0")/.."

# CI=true in any case (TRUE, True), as the Java tests read it ("true".equalsIgnoreCase) and
# test/helpers.mjs does; a case pattern, as macOS's bash 3.2 has no ${CI,,}.
in_ci() { case "${CI:-}" in [Tt][Rr][Uu][Ee]) return 0 ;; *) return 1 ;; esac; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  reason="no Node.js and npm on PATH: the deck's checks need Node (see slides/README.md)"
  if in_ci; then
    echo "slides-test: $reason (CI=true: a missing tool fails the build)" >&2
    exit 1
  fi
  echo "slides-test: skipped: $reason" >&2
  exit 0
fi
bash bin/setup.sh || exit 1

status=0
node --test --test-reporter=spec test/source/*.test.mjs || status=1
if in_ci; then
  node bin/build.mjs || status=1
else
  node bin/build.mjs --html-only-without-chromium || status=1
fi
[ -f build/session.json ] && { node --test --test-reporter=spec test/build/*.test.mjs || status=1; }
exit $status
