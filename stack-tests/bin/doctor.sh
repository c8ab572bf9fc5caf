#!/usr/bin/env bash
# Pre-flight for `make up`: checks what the stack needs and says how to fix what is missing.
# Exit 0 when everything needed is there (warnings allowed), 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/../.."

fail=0
ok()   { printf '  ok    %s\n' "$*"; }
warn() { printf '  warn  %s\n' "$*"; }
bad()  { printf '  FAIL  %s\n' "$*"; fail=1; }

# Is version $1 at least $2 (dotted numbers)?
at_least() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

echo "Docker"
if ! command -v docker >/dev/null; then
  bad "docker not found. Install Docker Desktop (macOS, Windows) or Docker Engine (Linux)."
elif ! docker info >/dev/null 2>&1; then
  bad "docker is installed but the daemon does not answer. Start Docker Desktop, or: sudo systemctl start docker (Linux; add yourself to the docker group)."
else
  v=$(docker version --format '{{.Server.Version}}' 2>/dev/null) || v=0
  if at_least "$v" 24.0; then ok "Docker Engine $v"; else bad "Docker Engine $v is older than 24.0: update Docker."; fi
fi

echo "Compose"
cv=$(docker compose version --short 2>/dev/null | sed 's/^v//')
if [ -z "$cv" ]; then
  bad "the 'docker compose' plugin (v2) is missing. Docker Desktop has it; on Linux install docker-compose-plugin. The old 'docker-compose' 1.x is not enough."
elif at_least "$cv" 2.20.0; then
  ok "Docker Compose $cv"
else
  bad "Docker Compose $cv is older than 2.20 (needed for 'up --wait --wait-timeout'): update Docker Desktop or docker-compose-plugin."
fi

echo "Architecture"
arch=$(docker info --format '{{.Architecture}}' 2>/dev/null) || arch=$(uname -m)
case "$arch" in
  x86_64|amd64|aarch64|arm64) ok "$arch (every image is published for amd64 and arm64)";;
  *) bad "$arch: the stack's images exist for amd64 and arm64 only.";;
esac

echo "Memory"
# The sum of the services' mem_limit lines in docker-compose.yml, in MiB, plus Docker's own
# share (memory.yaml, where MemoryLimitsTest reads it too), rounded up to the GiB the README
# tells you to give Docker.
need_mib=$(awk '$1 == "mem_limit:" { n = $2 + 0; if ($2 ~ /g$/) n *= 1024; sum += n } END { print sum }' docker-compose.yml)
want_mib=$(( need_mib + $(awk '$1 == "docker_headroom_mib:" { print $2 }' stack-tests/src/test/resources/memory.yaml) ))
give_gib=$(( (want_mib + 1023) / 1024 ))
mem=$(docker info --format '{{.MemTotal}}' 2>/dev/null) || mem=0
mib=$((mem / 1024 / 1024))
case "$(bash stack-tests/bin/memory-verdict.sh "$mib" "$need_mib" "$give_gib")" in
  ok)    ok "${mib} MiB available to Docker (the stack's limits add up to ${need_mib} MiB)" ;;
  tight) warn "${mib} MiB available to Docker: tight for the stack's ${need_mib} MiB; give Docker ${give_gib} GiB (Docker Desktop: Settings > Resources)." ;;
  short) bad "${mib} MiB available to Docker: the stack's limits add up to ${need_mib} MiB. Docker Desktop: Settings > Resources > Memory, ${give_gib} GiB." ;;
  *)     warn "could not read Docker's memory (is the daemon running?)." ;;
esac

echo "Images"
# Which of the stack's images (compose's own list) this laptop lacks, and what brings them:
# make up pulls them, or make kit-load loads them from a facilitator's kit (kit.sh missing).
case "$arch" in x86_64 | amd64) kit_arch=amd64 ;; *) kit_arch=arm64 ;; esac
manifest="kit/images-linux-$kit_arch.manifest"
if stack_images=$(docker compose config --images 2>/dev/null) \
  && local_images=$(docker image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null); then
  verdict=$(bash stack-tests/bin/kit.sh missing "$stack_images" "$local_images" "$manifest")
  absent=$(awk '$1 == "missing" { printf "%s%s", sep, $2; sep = ", " }' <<<"$verdict")
  case "$verdict" in
    none) ok "every image the stack runs is on this laptop" ;;
    *"fix kit-load") warn "missing $absent: make kit-load loads them from $manifest, with no network" ;;
    *) warn "missing $absent: make up pulls them (the README says how much), or make kit-load loads a facilitator's kit" ;;
  esac
else
  warn "could not list the stack's images (is the daemon running?)"
fi

echo "Ports (127.0.0.1)"
[ -f .env ] && set -a && . ./.env && set +a
running=$(docker compose ps -q 2>/dev/null | head -n1)
for pair in RECEIVER_PORT:18080 RECEIVER_ADMIN_PORT:18081 PROMETHEUS_PORT:19090 LOKI_PORT:13100 \
            JAEGER_UI_PORT:16686 JAEGER_OTLP_GRPC_PORT:14317 JAEGER_OTLP_HTTP_PORT:14318 \
            PYROSCOPE_PORT:14040 GRAFANA_PORT:13000; do
  var=${pair%%:*}; port=${!var:-${pair#*:}}
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    if [ -n "$running" ]; then ok "$var=$port in use, by this stack (it is running)"
    else bad "$var=$port is taken by another program: set $var=<free port> in .env (cp .env.example .env)."; fi
  else
    ok "$var=$port free"
  fi
done

echo "Tools"
if command -v curl >/dev/null; then ok "curl (used by make scenario)"; else warn "curl not found: 'make scenario' needs it."; fi

echo
if [ "$fail" -eq 0 ]; then echo "doctor: ready for 'make up'"; else echo "doctor: fix the FAIL lines above, then run 'make doctor' again"; fi
exit "$fail"
