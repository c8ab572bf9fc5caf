#!/usr/bin/env bash
# Load benchmark, all in one run on 127.0.0.1: wrk replays real remote-write bodies, 1.0
# (Prometheus 2.42's, the fixtures) and 2.0 (Prometheus 3.16's, captured by
# scripts/capture-remote-write-fixtures.sh), against (1) the receiver without agents, (2) the
# receiver with the OpenTelemetry and Pyroscope agents, (3) Prometheus 3's own remote-write
# receiver (the native build of the version docker-compose.yml pins).
#
# All three stay up side by side and take turns: ROUNDS rounds, each of DURATION per target
# and protocol, so that a slow minute on a shared machine slows every target alike. Ratios are
# taken within each round; the table shows their median and range. The warm-up is long on
# purpose: with the agents the JIT has far more code to compile, and for the first 20-30 s the
# decoder still runs in C1 code, which would be counted as the agents' cost.
# Bounded: about 3 x 2 x (WARMUP + ROUNDS x DURATION), 8 minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-10}
DURATION=${DURATION:-3s}
WARMUP=${WARMUP:-30s}
IDLE=${IDLE:-15}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
declare -A FIXTURES=(
  [v1]=app/src/test/resources/fixtures/remote-write/prometheus-2.42
  [v2]=$(ls -d app/src/test/resources/fixtures/remote-write/prometheus-*-v2 | sort -V | tail -1))
TARGETS=(plain agents prometheus)
PROTOCOLS=(v1 v2)
declare -A PORT=([plain]=28480 [agents]=28482 [prometheus]=28490)
declare -A READY_PATH=([plain]=28481 [agents]=28483 [prometheus]=28490)
# The receiver takes 1.0 on /receive and 2.0 on /api/v1/write, so its counters tell them apart.
declare -A WRITE_PATH=([plain,v1]=/receive [plain,v2]=/api/v1/write [agents,v1]=/receive [agents,v2]=/api/v1/write
  [prometheus,v1]=/api/v1/write [prometheus,v2]=/api/v1/write)
declare -A PID
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
PATH="$(bash scripts/native-tools.sh --path):$PATH"
command -v prometheus >/dev/null || { echo "bench: no native Prometheus (scripts/native-tools.sh needs Go)" >&2; exit 1; }
make --no-print-directory build >/dev/null

wait_ready() { # target: prints seconds until its readiness URL answered 200
  local start=$EPOCHREALTIME url="http://127.0.0.1:${READY_PATH[$1]}/-/ready"
  for _ in $(seq 1 600); do
    kill -0 "${PID[$1]}" 2>/dev/null || { echo "bench: $1 exited" >&2; exit 1; }
    if curl -sf -o /dev/null "$url"; then
      awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN {printf "%.1f", e - s}'
      return
    fi
    sleep 0.05
  done
  echo "bench: $1 never became ready" >&2
  exit 1
}

rss_mib() { awk -v key="$2:" '$1 == key {printf "%.0f", $2 / 1024}' "/proc/${PID[$1]}/status"; }

load() { # target, protocol, duration, extra wrk flags...
  local target=$1 protocol=$2 duration=$3
  shift 3
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" "$@" -s scripts/bench/remote-write.lua \
    "http://127.0.0.1:${PORT[$target]}${WRITE_PATH[$target,$protocol]}" -- "$protocol" "${FIXTURES[$protocol]}"/b*.bin
}

started() { # target: ready time and idle RSS, once it answers
  local ready
  ready=$(wait_ready "$1")
  sleep "$IDLE" # idle past the periodic collection of app/jvm.args, then read the idle RSS
  echo "$1 $ready $(rss_mib "$1" VmRSS)" >> "$work/started"
}

receiver() { # target, extra JVM options...
  local target=$1
  shift
  # In app/target, as make run starts it, where agents.args's paths hold; exec keeps $! the JVM's.
  (cd app/target && exec java @../jvm.args "$@" -jar receiver.jar --listen-address=127.0.0.1:${PORT[$target]} \
    --internal-listen-address=127.0.0.1:${READY_PATH[$target]} --log-level=warn) > "$work/$target.log" 2>&1 &
  PID[$target]=$!
  started "$target"
}

floor() { # target, JVM options...: median seconds of three `receiver --version` runs, no server
  local target=$1
  shift
  for _ in 1 2 3; do
    local start=$EPOCHREALTIME
    (cd app/target && exec java @../jvm.args "$@" -jar receiver.jar --version) > /dev/null 2>&1
    awk -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN {printf "%.2f\n", e - s}'
  done | sort -n | sed -n 2p | sed "s/^/$target /" >> "$work/floor"
}

# The agents instrument and profile as usual but send nothing: no backend runs here.
export OTEL_TRACES_EXPORTER=none OTEL_LOGS_EXPORTER=none OTEL_METRICS_EXPORTER=none \
  PYROSCOPE_SERVER_ADDRESS=http://127.0.0.1:9 \
  PYROSCOPE_LOG_LEVEL=error

echo "bench: start-up floor: the JVM, with and without the agents, running only --version..." >&2
floor plain
floor agents @../agents.args
echo "bench: starting the receiver without agents, with both agents, and Prometheus..." >&2
receiver plain
receiver agents @../agents.args
# The fixtures' samples are old: a long out-of-order window lets Prometheus store them
# rather than answer 400 (which would be cheaper than the work compared).
cat > "$work/prometheus.yml" <<YAML
storage:
  tsdb:
    out_of_order_time_window: 3650d
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:${PORT[prometheus]} --web.enable-remote-write-receiver --log.level=warn \
  > "$work/prometheus.log" 2>&1 &
PID[prometheus]=$!
started prometheus

echo "bench: warming each up for $WARMUP per protocol (JIT, pools, TSDB head)..." >&2
for protocol in "${PROTOCOLS[@]}"; do
  for target in "${TARGETS[@]}"; do load "$target" "$protocol" "$WARMUP" > /dev/null; done
done
for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round of $ROUNDS, $DURATION per target and protocol..." >&2
  for protocol in "${PROTOCOLS[@]}"; do
    for target in "${TARGETS[@]}"; do
      load "$target" "$protocol" "$DURATION" --latency > "$work/$target.$protocol.$round.wrk"
      awk -v t="$target" -v p="$protocol" -v r="$round" '
        /^Requests\/sec/ {rps = $2}
        $1 == "50%" {p50 = $2}
        $1 == "99%" {p99 = $2}
        /Non-2xx/ {errors = $5}
        END {print t, p, r, rps, p50, p99, errors + 0}' "$work/$target.$protocol.$round.wrk" >> "$work/rounds"
    done
  done
done

# Samples per request of each protocol, as the receiver without agents counted them.
metrics=$(curl -s "http://127.0.0.1:${READY_PATH[plain]}/metrics")
for protocol in "${PROTOCOLS[@]}"; do
  version=$([ "$protocol" = v1 ] && echo 1.0 || echo 2.0)
  echo "$metrics" | awk -v v="$version" -v h="${WRITE_PATH[plain,$protocol]}" -v p="$protocol" '
    index($0, "receiver_samples_received_total{version=\"" v "\"}") == 1 {s = $2}
    index($0, "http_requests_total{code=\"204\",handler=\"" h "\"") == 1 {r += $2}
    END {printf "%s %.2f\n", p, s / r}' >> "$work/spr"
done
for target in "${TARGETS[@]}"; do echo "$target $(rss_mib "$target" VmHWM)" >> "$work/peak"; done

echo
echo "Load: wrk -t$THREADS -c$CONNECTIONS on 127.0.0.1, $ROUNDS rounds of $DURATION per target and protocol in turn"
echo "(after a $WARMUP warm-up each), real bodies round-robin: 1.0 from ${FIXTURES[v1]##*/}, 2.0 from ${FIXTURES[v2]##*/}."
echo "Medians over the rounds:"
awk -v decode="${DECODE_LIMIT_RPS:-}" -v cores="$(nproc)" '
  function median(list, n,   i, j, t, a) {
    split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function ms(v) { return v ~ /us$/ ? v / 1000 : v ~ /ms$/ ? v + 0 : v * 1000 }
  function spread(list, n,   i, a, lo, hi) {
    split(list, a, " "); lo = hi = a[1]
    for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
    return sprintf("%.2f-%.2f", lo, hi)
  }
  FILENAME ~ /started$/ { ready[$1] = $2; idle[$1] = $3; next }
  FILENAME ~ /peak$/ { peak[$1] = $2; next }
  FILENAME ~ /spr$/ { spr[$1] = $2; next }
  {
    k = $1 SUBSEP $2
    n[k]++; rps[k] = rps[k] " " $4; p50[k] = p50[k] " " ms($5); p99[k] = p99[k] " " ms($6)
    errors[k] += $7; by[$1, $2, $3] = $4; rounds = $3 > rounds ? $3 : rounds
  }
  END {
    printf "%-11s %-8s %9s %11s %9s %9s %8s %8s %9s %9s\n", "target", "protocol", "req/s", "samples/s", "p50 ms", "p99 ms", "non-2xx", "ready s", "idle MiB", "peak MiB"
    split("plain agents prometheus", order, " ")
    split("v1 v2", protocols, " ")
    for (q = 1; q <= 2; q++) {
      p = protocols[q]
      for (j = 1; j <= 3; j++) {
        t = order[j]; k = t SUBSEP p; r = median(rps[k], n[k])
        printf "%-11s %-8s %9.0f %11.0f %9.2f %9.2f %8d %8s %9s %9s\n", t, (p == "v1" ? "1.0" : "2.0"), r, r * spr[p],
          median(p50[k], n[k]), median(p99[k], n[k]), errors[k], ready[t], (t == "prometheus" ? "-" : idle[t]), peak[t]
      }
    }
    for (q = 1; q <= 2; q++) {
      p = protocols[q]; vsprom = ""; kept = ""
      for (i = 1; i <= rounds; i++) {
        vsprom = vsprom " " by["plain", p, i] / by["prometheus", p, i]
        kept = kept " " by["agents", p, i] / by["plain", p, i]
      }
      printf "remote write %s: receiver / Prometheus %.1fx (samples/s, same bodies; rounds: %s); agents cost %.0f%% (with / without = %.2f, rounds: %s)\n",
        (p == "v1" ? "1.0" : "2.0"), median(vsprom, rounds), spread(vsprom, rounds),
        (1 - median(kept, rounds)) * 100, median(kept, rounds), spread(kept, rounds)
    }
    if (decode != "")
      printf "HTTP throughput / decode-only limit, 1.0 (%s req/s per core x %d cores): %.2f\n", decode, cores, median(rps["plain" SUBSEP "v1"], n["plain" SUBSEP "v1"]) / (decode * cores)
  }' "$work/started" "$work/peak" "$work/spr" "$work/rounds"
awk '{t[$1] = $2} END {
  printf "start-up floor, `receiver --version` (JVM and agents, no server): %.2f s without agents, %.2f s with both\n", t["plain"], t["agents"] }' "$work/floor"
