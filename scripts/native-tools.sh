#!/usr/bin/env bash
# Builds the stack's own Prometheus (prometheus, promtool) and Jaeger v2 (jaeger) from the
# Go module proxy, at the versions docker-compose.yml pins, the remote-write receiver
# compliance suite (rw-compliance) and Docker Compose v5 (docker-compose, for the static
# checks: `config` needs no engine) and actionlint (the workflows' checker), into a cache
# outside the repo; with --bench also VictoriaMetrics, which only make bench runs.
# Prints one NAME=PATH line per tool on stdout; a tool that cannot be built gets a
# "# NAME: reason" line instead, and the tests that need it skip (or fail, with CI=true).
#
#   scripts/native-tools.sh              build what is missing, print NAME=PATH lines
#   scripts/native-tools.sh --path       the same, but print their directories as a PATH prefix
#   scripts/native-tools.sh --bench ...  also VictoriaMetrics, for make bench alone (make test never waits for it)
#   scripts/native-tools.sh --versions   print the pinned versions and module versions only
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${O11Y_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/o11y-workshop/tools}"

# The one place a version lives is the image pin in docker-compose.yml.
pin() { sed -nE "s|^[[:space:]]*image:[[:space:]]*$1:v?([0-9][0-9.]*)[[:space:]]*(#.*)?$|\1|p" docker-compose.yml; }
PROMETHEUS_VERSION="$(pin 'prom/prometheus')"
JAEGER_VERSION="$(pin 'jaegertracing/jaeger')"

# The remote-write receiver compliance suite (a go test package), at the version the replace
# line of scripts/compliance/go.mod pins (its go.sum holds the checksums).
COMPLIANCE_VERSION="$(sed -nE 's|^replace .* => github.com/prometheus/compliance/remotewrite/receiver (v[^ ]+)$|\1|p' scripts/compliance/go.mod)"

# Docker Compose, the version users run `make up` with; newer ones need a newer Go than 1.26.
# renovate: datasource=go depName=github.com/docker/compose/v5
COMPOSE_VERSION=v5.6.0

# actionlint, which make test runs on every workflow in .github/workflows.
# renovate: datasource=go depName=github.com/rhysd/actionlint
ACTIONLINT_VERSION=v1.7.12

# VictoriaMetrics single-node, make bench's second yardstick beside Prometheus; newer
# releases need, or may need, a newer Go than 1.26.
# renovate: datasource=go depName=github.com/VictoriaMetrics/VictoriaMetrics
VICTORIAMETRICS_VERSION=v1.151.0

# Prometheus 3.X.Y is Go module version v0.3XX.Y (github.com/prometheus/prometheus).
prometheus_module_version() {
  local major minor patch
  IFS=. read -r major minor patch <<<"$1"
  [ "$major" = 3 ] || { echo "Prometheus $1 is not a 3.x release" >&2; return 1; }
  printf 'v0.3%02d.%s\n' "$minor" "$patch"
}

# Jaeger's module path has no /v2, so the proxy serves v2.N only through the v1 twin tag
# that each v2 release had (same commit), until v2.13.0 = v1.76.0. Later v2 tags have no twin,
# and the module proxy this project may use serves no pseudo-version of them. The approved
# release among the twins is v1.75.0 = v2.12.0 (v1.76.0 is served but not approved).
jaeger_module_version() {
  local major minor patch
  IFS=. read -r major minor patch <<<"$1"
  if [ "$major" != 2 ] || [ "$minor" -gt 13 ]; then
    echo "Jaeger $1 has no v1 twin tag, the only form the Go module proxy serves (the last twin: 2.13.0 = v1.76.0)" >&2
    return 1
  fi
  printf 'v1.%d.%s\n' "$((minor + 63))" "$patch"
}

path=false bench=false
for arg in "$@"; do
  case "$arg" in
    --versions)
      echo "prometheus $PROMETHEUS_VERSION $(prometheus_module_version "$PROMETHEUS_VERSION")"
      echo "jaeger $JAEGER_VERSION $(jaeger_module_version "$JAEGER_VERSION")"
      echo "rw-compliance $COMPLIANCE_VERSION"
      echo "docker-compose $COMPOSE_VERSION"
      echo "actionlint $ACTIONLINT_VERSION"
      echo "victoria-metrics $VICTORIAMETRICS_VERSION"
      exit 0 ;;
    --path) path=true ;;
    --bench) bench=true ;;
    *) echo "native-tools: unknown argument $arg (see the top of $0)" >&2; exit 2 ;;
  esac
done

# build NAME VERSION MODULE MODULE_VERSION TAGS LDFLAGS PACKAGE...: one scratch module that
# requires MODULE, repeats its replace and exclude lines (go install refuses a module that
# has them), and builds each PACKAGE into $CACHE/NAME-VERSION/, as the last element of its
# path or as the name after "=" (PACKAGE=BINARY).
binary() { case "$1" in *=*) echo "${1#*=}" ;; *) basename "$1" ;; esac; }
build() {
  local name="$1" version="$2" module="$3" module_version="$4" tags="$5" ldflags="$6"
  shift 6
  local dir="$CACHE/$name-$version" pkg
  local missing=()
  for pkg in "$@"; do [ -x "$dir/$(binary "$pkg")" ] || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "native-tools: building $name $version ($module@$module_version), once; later runs reuse $dir" >&2
    local work
    work="$(mktemp -d)"
    # A RETURN trap outlives its function in bash: it removes itself, or it fires again later.
    trap 'rm -rf "$work"; trap - RETURN' RETURN
    local gomod
    gomod="$(cd "$work" && go mod download -json "$module@$module_version" \
      | sed -nE 's/^[[:space:]]*"GoMod": "(.*)",?$/\1/p')" || return 1
    [ -f "$gomod" ] || { echo "native-tools: the module proxy did not serve $module@$module_version" >&2; return 1; }
    {
      echo "module o11y-workshop/native-$name"
      grep -E '^go [0-9.]+$' "$gomod"
      echo "require $module $module_version"
      # replace and exclude, one-line and block form alike.
      awk '/^(replace|exclude) \($/ {keep=1} keep {print} /^\)$/ {keep=0} /^(replace|exclude) [^(]/ {print}' "$gomod"
    } >"$work/go.mod"
    # go get of each command records its dependencies in go.sum; then go build builds it.
    for pkg in "${missing[@]}"; do (cd "$work" && go get "${pkg%%=*}@$module_version") || return 1; done
    mkdir -p "$dir"
    for pkg in "${missing[@]}"; do
      (cd "$work" && CGO_ENABLED=0 go build -trimpath -tags "$tags" -ldflags "-s -w $ldflags" \
        -o "$dir/$(binary "$pkg").tmp" "${pkg%%=*}") || return 1
      # Renamed only when whole, so an interrupted build is never taken for a finished one.
      mv "$dir/$(binary "$pkg").tmp" "$dir/$(binary "$pkg")"
    done
  fi
  for pkg in "$@"; do echo "$(binary "$pkg")=$dir/$(binary "$pkg")"; done
}

# The compliance suite's test binary, as $CACHE/rw-compliance-VERSION/rw-compliance, built in a
# copy of scripts/compliance so that the repository is never written to.
build_compliance() {
  local dir="$CACHE/rw-compliance-$COMPLIANCE_VERSION"
  if [ ! -x "$dir/rw-compliance" ]; then
    echo "native-tools: building the remote-write compliance suite $COMPLIANCE_VERSION, once" >&2
    local work
    work="$(mktemp -d)"
    trap 'rm -rf "$work"; trap - RETURN' RETURN
    cp scripts/compliance/go.mod scripts/compliance/go.sum scripts/compliance/tools.go "$work/"
    # The suite's own module path, misspelt upstream: scripts/compliance/go.mod says why.
    (cd "$work" && go test -c -o "$work/rw-compliance" github.com/prometheus/complicance/remotewrite2) || return 1
    mkdir -p "$dir"
    mv "$work/rw-compliance" "$dir/rw-compliance"
  fi
  echo "rw-compliance=$dir/rw-compliance"
}

main() {
  if ! command -v go >/dev/null; then
    for tool in prometheus promtool jaeger rw-compliance docker-compose actionlint $($bench && echo victoria-metrics); do
      echo "# $tool: Go is not installed (the tools are built from the Go module proxy)"
    done
    return 0
  fi

  # Each tool on its own: one that cannot be built leaves the others usable.
  local prom_mod jaeger_mod
  if prom_mod="$(prometheus_module_version "$PROMETHEUS_VERSION" 2>&1)"; then
    # remove_all_sd leaves out the cloud service discoveries (AWS, Azure, GCE, Kubernetes...),
    # most of the compile time; the stack's config uses static_configs only.
    build prometheus "$PROMETHEUS_VERSION" github.com/prometheus/prometheus "$prom_mod" remove_all_sd \
      "-X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION -X github.com/prometheus/common/version.Branch=module-$prom_mod" \
      github.com/prometheus/prometheus/cmd/prometheus github.com/prometheus/prometheus/cmd/promtool \
      || { echo "# prometheus: go build of $prom_mod failed (see above)"; echo "# promtool: the same"; }
  else
    echo "# prometheus: $prom_mod"
    echo "# promtool: $prom_mod"
  fi

  if jaeger_mod="$(jaeger_module_version "$JAEGER_VERSION" 2>&1)"; then
    build jaeger "$JAEGER_VERSION" github.com/jaegertracing/jaeger "$jaeger_mod" "" \
      "-X github.com/jaegertracing/jaeger/internal/version.latestVersion=v$JAEGER_VERSION" \
      github.com/jaegertracing/jaeger/cmd/jaeger \
      || echo "# jaeger: go build of $jaeger_mod failed (see above)"
  else
    echo "# jaeger: $jaeger_mod"
  fi

  build_compliance || echo "# rw-compliance: go build of the compliance suite $COMPLIANCE_VERSION failed (see above)"

  build docker-compose "$COMPOSE_VERSION" github.com/docker/compose/v5 "$COMPOSE_VERSION" "" \
    "-X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION" \
    github.com/docker/compose/v5/cmd=docker-compose \
    || echo "# docker-compose: go build of compose $COMPOSE_VERSION failed (see above)"

  build actionlint "$ACTIONLINT_VERSION" github.com/rhysd/actionlint "$ACTIONLINT_VERSION" "" \
    "-X github.com/rhysd/actionlint.version=$ACTIONLINT_VERSION" \
    github.com/rhysd/actionlint/cmd/actionlint \
    || echo "# actionlint: go build of $ACTIONLINT_VERSION failed (see above)"

  if $bench; then
    build victoria-metrics "$VICTORIAMETRICS_VERSION" github.com/VictoriaMetrics/VictoriaMetrics "$VICTORIAMETRICS_VERSION" "" \
      "-X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=victoria-metrics-$VICTORIAMETRICS_VERSION" \
      github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics \
      || echo "# victoria-metrics: go build of $VICTORIAMETRICS_VERSION failed (see above)"
  fi
}

if $path; then
  main | sed -n 's|^[a-z-]*=\(.*\)/[^/]*$|\1|p' | sort -u | paste -sd: -
else
  main
fi
