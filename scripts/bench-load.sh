#!/usr/bin/env bash
# Load benchmark, all in one run on 127.0.0.1: wrk replays the real fixture bodies against
# (1) the receiver without agents, (2) the receiver with the OpenTelemetry and Pyroscope
# agents, (3) Prometheus's own remote-write receiver. Each run is bounded by DURATION.
# Prints requests/s, samples/s, p50/p99 latency and peak RSS for each, and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
FIXTURES=app/src/test/resources/fixtures/remote-write/prometheus-2.42
AGENTS=app/target/agents
PUBLIC=28480
INTERNAL=28481
PROM=28490
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

need() {
  command -v "$1" >/dev/null && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y -qq "$2" >/dev/null
  else
    echo "bench: $1 is missing; install Debian's $2" >&2
    exit 1
  fi
}
need wrk wrk
need prometheus prometheus
make --no-print-directory build >/dev/null

wait_ready() { # url, pid: prints seconds until the URL answered 200
  local start=$EPOCHREALTIME
  for _ in $(seq 1 600); do
    kill -0 "$2" 2>/dev/null || { echo "bench: process exited" >&2; exit 1; }
    if curl -sf -o /dev/null "$1"; then
      awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN {printf "%.1f", e - s}'
      return
    fi
    sleep 0.05
  done
  echo "bench: $1 never became ready" >&2
  exit 1
}

rss_mib() { awk -v key="$2:" '$1 == key {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }

run_wrk() { # name, url: a warm-up run (JIT, pools) that is thrown away, then the measured one
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s scripts/bench/remote-write.lua "$2" -- "$FIXTURES"/b*.bin >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s scripts/bench/remote-write.lua "$2" -- "$FIXTURES"/b*.bin \
    > "$work/$1.wrk"
}

wrk_field() { # name, what
  case $2 in
    rps) awk '/^Requests\/sec/ {print $2}' "$work/$1.wrk" ;;
    p50) awk '$1 == "50%" {print $2}' "$work/$1.wrk" ;;
    p99) awk '$1 == "99%" {print $2}' "$work/$1.wrk" ;;
    errors) awk '/Non-2xx/ {print $5} END {}' "$work/$1.wrk" | tail -1 ;;
  esac
}

receiver() { # name, extra JVM options...
  local name=$1
  shift
  java "$@" -jar app/target/receiver.jar --listen-address=127.0.0.1:$PUBLIC \
    --internal-listen-address=127.0.0.1:$INTERNAL --log-level=warn > "$work/$name.log" 2>&1 &
  local pid=$!
  local ready
  ready=$(wait_ready "http://127.0.0.1:$INTERNAL/-/ready" $pid)
  sleep 1
  local idle
  idle=$(rss_mib $pid VmRSS)
  run_wrk "$name" "http://127.0.0.1:$PUBLIC/receive"
  local metrics
  metrics=$(curl -s "http://127.0.0.1:$INTERNAL/metrics")
  echo "$name ready_s=$ready idle_rss=$idle peak_rss=$(rss_mib $pid VmHWM)" >> "$work/summary"
  echo "$metrics" | awk '/^receiver_samples_received_total/ {s=$2} /^http_requests_total\{code="204",handler="\/receive"/ {r=$2}
    END {printf "%.2f\n", s / r}' > "$work/samples_per_request"
  kill $pid
  wait $pid 2>/dev/null || true
}

echo "bench: receiver without agents ($DURATION)..." >&2
receiver plain
echo "bench: receiver with both agents ($DURATION)..." >&2
OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_METRICS_EXPORTER=none \
  PYROSCOPE_SERVER_ADDRESS=http://127.0.0.1:9 PYROSCOPE_APPLICATION_NAME=receiver PYROSCOPE_FORMAT=jfr \
  PYROSCOPE_LOG_LEVEL=error \
  receiver agents -javaagent:$AGENTS/pyroscope.jar -javaagent:$AGENTS/opentelemetry-javaagent.jar \
    -Dotel.javaagent.extensions=$AGENTS/pyroscope-otel-extension.jar \
    -Dotel.javaagent.configuration-file=app/otel-agent.properties

echo "bench: Prometheus's own receiver ($DURATION)..." >&2
cat > "$work/prometheus.yml" <<YAML
storage:
  tsdb:
    out_of_order_time_window: 1d
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:$PROM --web.enable-remote-write-receiver --log.level=warn > "$work/prometheus.log" 2>&1 &
prom=$!
prom_ready=$(wait_ready "http://127.0.0.1:$PROM/-/ready" $prom)
run_wrk prometheus "http://127.0.0.1:$PROM/api/v1/write"
echo "prometheus ready_s=$prom_ready idle_rss=- peak_rss=$(rss_mib $prom VmHWM)" >> "$work/summary"
kill $prom
wait $prom 2>/dev/null || true

spr=$(cat "$work/samples_per_request")
echo
echo "Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after a $WARMUP warm-up) on 127.0.0.1, the $(ls "$FIXTURES"/b*.bin | wc -l) fixture bodies round-robin ($spr samples per request on average)"
printf "%-12s %10s %12s %9s %9s %9s %9s %10s %9s\n" target "req/s" "samples/s" p50 p99 non-2xx "ready s" "idle MiB" "peak MiB"
for name in plain agents prometheus; do
  read -r _ ready idle peak < <(grep "^$name " "$work/summary" | tr '=' ' ' | awk '{print $1, $3, $5, $7}')
  rps=$(wrk_field $name rps)
  printf "%-12s %10.0f %12.0f %9s %9s %9s %9s %10s %9s\n" "$name" "$rps" "$(awk -v r="$rps" -v s="$spr" 'BEGIN {print r * s}')" \
    "$(wrk_field $name p50)" "$(wrk_field $name p99)" "$(wrk_field $name errors)" "$ready" "$idle" "$peak"
done
plain=$(wrk_field plain rps)
agents=$(wrk_field agents rps)
prom=$(wrk_field prometheus rps)
awk -v p="$plain" -v a="$agents" -v m="$prom" 'BEGIN {
  printf "receiver / Prometheus (samples/s, same bodies): %.1fx\n", p / m
  printf "agents cost: %.0f%% of throughput (with / without = %.2f)\n", (1 - a / p) * 100, a / p
}'
if [ -n "${DECODE_LIMIT_RPS:-}" ]; then
  awk -v p="$plain" -v d="$DECODE_LIMIT_RPS" -v c="$(nproc)" 'BEGIN {
    printf "HTTP throughput / decode-only limit (%s req/s per core x %d cores): %.2f\n", d, c, p / (d * c) }'
fi
