#!/usr/bin/env bash
# Load benchmark, all in one run on 127.0.0.1: wrk replays real remote-write bodies, 1.0
# (Prometheus 2.42's, the fixtures) and 2.0 (Prometheus 3.16's, captured by
# scripts/capture-remote-write-fixtures.sh), against (1) the receiver without agents, (2) the
# receiver with the OpenTelemetry and Pyroscope agents, (3) Prometheus 3's own remote-write
# receiver (the native build of the version docker-compose.yml pins), (4) VictoriaMetrics
# single-node (the version scripts/native-tools.sh pins), on 1.0 only: it has no 2.0 decoder.
#
# All four stay up side by side and take turns: ROUNDS rounds, each of DURATION per target
# and protocol, so that a slow minute on a shared machine slows every target alike. Ratios are
# taken within each round; the table shows their median and range. The warm-up is long on
# purpose: with the agents the JIT has far more code to compile, and for the first 20-30 s the
# decoder still runs in C1 code, which would be counted as the agents' cost.
# Bounded: about 7 x (WARMUP + ROUNDS x DURATION), 9 minutes with the defaults.
# DECODE_LIMIT_RPS and DECODE_LIMIT_RPS_V2 (make bench reads them from the JMH report) are the
# count-only walk's requests/s on one core; when set, HTTP throughput is compared with them.
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
TARGETS=(plain agents prometheus victoria)
PROTOCOLS=(v1 v2)
declare -A PORT=([plain]=28480 [agents]=28482 [prometheus]=28490 [victoria]=28492)
declare -A READY_PATH=([plain]=28481 [agents]=28483 [prometheus]=28490 [victoria]=28492)
# The receiver takes 1.0 on /receive and 2.0 on /api/v1/write, so its counters tell them apart.
declare -A WRITE_PATH=([plain,v1]=/receive [plain,v2]=/api/v1/write [agents,v1]=/receive [agents,v2]=/api/v1/write
  [prometheus,v1]=/api/v1/write [prometheus,v2]=/api/v1/write [victoria,v1]=/api/v1/write [victoria,v2]=/api/v1/write)
# VictoriaMetrics v1.151.0 reads every body as 1.0 (lib/prompb/write_request_unmarshaler.go knows
# only 1.0's fields 1 and 3) and answers 204 to a 2.0 body, storing nothing: a probe shows it, and
# it sits out the 2.0 rounds.
takes() { [ "$1,$2" != victoria,v2 ]; } # target, protocol
declare -A PID
work=$(mktemp -d)
# Waits for them to exit: VictoriaMetrics still writes into $work while it stops.
trap 'kill $(jobs -p) 2>/dev/null || true; wait; rm -rf "$work"' EXIT

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
PATH="$(bash scripts/native-tools.sh --path --bench):$PATH"
for tool in prometheus victoria-metrics; do
  command -v $tool >/dev/null || { echo "bench: no native $tool (scripts/native-tools.sh needs Go)" >&2; exit 1; }
done
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
# CPU time the process has used, user and system, all threads, in clock ticks: per request it
# swings far less from round to round than throughput on two shared cores.
cpu_ticks() { awk '{print $14 + $15}' "/proc/${PID[$1]}/stat"; }

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
echo "bench: starting the receiver without agents, with both agents, Prometheus and VictoriaMetrics..." >&2
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
# VictoriaMetrics drops samples older than -retentionPeriod and still answers 204
# (lib/storage/storage.go, "too small timestamp"): the fixtures only grow older, and the default
# of one month would drop them. 100y keeps them; the summary checks that it stored what it read.
# -memory.allowedBytes caps its caches (default: 60% of RAM). Its non-2xx are 400 for a body it
# cannot read and 503 when its storage refuses rows (app/vminsert): what it drops gets 204.
victoria-metrics -httpListenAddr=127.0.0.1:${PORT[victoria]} -storageDataPath="$work/victoria" \
  -retentionPeriod=100y -memory.allowedBytes=512MiB -loggerLevel=WARN > "$work/victoria.log" 2>&1 &
PID[victoria]=$!
started victoria
# What VictoriaMetrics read from the bodies, what it stored, what it dropped and why.
victoria_rows() { curl -s "http://127.0.0.1:${PORT[victoria]}/metrics" \
  | grep -E '^(vm_rows_inserted_total\{type="promremotewrite"\}|vm_rows_added_to_storage_total|vm_rows_ignored_total)'; }
# The 2.0 probe: one second of 2.0 bodies, then what VictoriaMetrics stored of them.
load victoria v2 1s > "$work/victoria.probe"
victoria_rows >> "$work/victoria.probe"

unmeasured() { # duration: a turn of each target on each protocol it takes, its figures thrown away
  for protocol in "${PROTOCOLS[@]}"; do
    for target in "${TARGETS[@]}"; do
      if takes "$target" "$protocol"; then load "$target" "$protocol" "$1" > /dev/null; fi
    done
  done
}

echo "bench: warming each up for $WARMUP per protocol (JIT, pools, TSDB head)..." >&2
unmeasured "$WARMUP"
# A JFR profile of both receivers over the measured rounds only, to say where the time goes.
# Starting a recording stalls the JVM for a moment: one unmeasured turn each lets that pass.
for target in plain agents; do
  jcmd "${PID[$target]}" JFR.start name=bench settings=profile filename="$PWD/app/target/bench-$target.jfr" > /dev/null
done
unmeasured "$DURATION"
for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round of $ROUNDS, $DURATION per target and protocol..." >&2
  for protocol in "${PROTOCOLS[@]}"; do
    for target in "${TARGETS[@]}"; do
      takes "$target" "$protocol" || continue
      ticks=$(cpu_ticks "$target")
      load "$target" "$protocol" "$DURATION" --latency > "$work/$target.$protocol.$round.wrk"
      awk -v t="$target" -v p="$protocol" -v r="$round" -v ticks=$(($(cpu_ticks "$target") - ticks)) -v hz="$(getconf CLK_TCK)" '
        $2 == "requests" && $3 == "in" {requests = $1}
        /^Requests\/sec/ {rps = $2}
        $1 == "50%" {p50 = $2}
        $1 == "99%" {p99 = $2}
        /Non-2xx/ {errors = $5}
        END {print t, p, r, rps, p50, p99, errors + 0, ticks / hz / requests * 1e6}' "$work/$target.$protocol.$round.wrk" >> "$work/rounds"
    done
  done
done

for target in plain agents; do jcmd "${PID[$target]}" JFR.stop name=bench > /dev/null; done

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
victoria_rows > "$work/victoria.stored"

echo
echo "Load: wrk -t$THREADS -c$CONNECTIONS on 127.0.0.1, $ROUNDS rounds of $DURATION per target and protocol in turn"
echo "(after a $WARMUP warm-up each), real bodies round-robin: 1.0 from ${FIXTURES[v1]##*/}, 2.0 from ${FIXTURES[v2]##*/}."
echo "Medians over the rounds:"
# Each goal stands beside its ratio. VictoriaMetrics drops NaN values other than
# the staleness marker without a counter (lib/storage/storage.go): 754 of the 11,385 samples of
# the 1.0 fixtures (6.62%), counted with its own decoder (lib/prompb); the summary expects that.
awk -v walk1="${DECODE_LIMIT_RPS:-}" -v walk2="${DECODE_LIMIT_RPS_V2:-}" -v cores="$(nproc)" \
  -v goal_walk=0.5 -v goal_agents=10 -v goal_victoria=2.5 -v victoria="$(victoria-metrics -version)" \
  -v nan_share=0.0662 '
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
  FILENAME ~ /probe$/ {
    if (/ requests in /) probe_requests = $1
    if (/Non-2xx/) probe_errors = $5
    if ($1 == "vm_rows_added_to_storage_total") probe_stored = $2
    next
  }
  FILENAME ~ /stored$/ {
    if ($1 ~ /^vm_rows_inserted_total/) read_rows = $2
    else if ($1 == "vm_rows_added_to_storage_total") stored = $2
    else if ($2 > 0) dropped = dropped " " $1 "=" $2
    next
  }
  {
    k = $1 SUBSEP $2; cpu_of[k] = cpu_of[k] " " $8
    n[k]++; rps[k] = rps[k] " " $4; p50[k] = p50[k] " " ms($5); p99[k] = p99[k] " " ms($6)
    errors[k] += $7; by[$1, $2, $3] = $4; cpu[$1, $2, $3] = $8; rounds = $3 > rounds ? $3 : rounds
  }
  END {
    sub(/^victoria-metrics-/, "", victoria); walk["v1"] = walk1; walk["v2"] = walk2
    printf "%-11s %-8s %9s %11s %9s %9s %8s %8s %9s %9s\n", "target", "protocol", "req/s", "samples/s", "p50 ms", "p99 ms", "non-2xx", "ready s", "idle MiB", "peak MiB"
    split("plain agents prometheus victoria", order, " ")
    split("v1 v2", protocols, " ")
    for (q = 1; q <= 2; q++) {
      p = protocols[q]
      for (j = 1; j <= 4; j++) {
        t = order[j]; k = t SUBSEP p
        if (!n[k]) continue
        r = median(rps[k], n[k])
        printf "%-11s %-8s %9.0f %11.0f %9.2f %9.2f %8d %8s %9s %9s\n", t, (p == "v1" ? "1.0" : "2.0"), r, r * spr[p],
          median(p50[k], n[k]), median(p99[k], n[k]), errors[k], ready[t], (t ~ /plain|agents/ ? idle[t] : "-"), peak[t]
      }
    }
    for (q = 1; q <= 2; q++) {
      p = protocols[q]; v = (p == "v1" ? "1.0" : "2.0"); vsprom = ""; vsvm = ""; kept = ""; http = ""; cpu_kept = ""
      for (i = 1; i <= rounds; i++) {
        vsprom = vsprom " " by["plain", p, i] / by["prometheus", p, i]
        if (n["victoria" SUBSEP p]) vsvm = vsvm " " by["plain", p, i] / by["victoria", p, i]
        kept = kept " " by["agents", p, i] / by["plain", p, i]
        cpu_kept = cpu_kept " " cpu["agents", p, i] / cpu["plain", p, i]
        if (walk[p] != "") http = http " " by["plain", p, i] / (walk[p] * cores)
      }
      printf "remote write %s: receiver / Prometheus %.1fx (samples/s, same bodies; rounds: %s)\n", v, median(vsprom, rounds), spread(vsprom, rounds)
      if (vsvm != "")
        printf "remote write %s: receiver / VictoriaMetrics %.1fx, goal %.1fx (samples/s, same bodies; rounds: %s)\n", v,
          median(vsvm, rounds), goal_victoria, spread(vsvm, rounds)
      else if (probe_stored == 0)
        printf "remote write %s: VictoriaMetrics: 1.0 only (%s has no 2.0 decoder: lib/prompb/write_request_unmarshaler.go;" \
          " 1 s of 2.0 bodies: %d requests, %d non-2xx, %d samples stored)\n", v, victoria, probe_requests, probe_errors, probe_stored
      else
        printf "remote write %s: VictoriaMetrics %s stored %d samples of 2.0 bodies: give it the 2.0 rounds (takes() above)\n", v, victoria, probe_stored
      printf "remote write %s: agents cost %.0f%%, goal at most %d%% (with / without = %.2f, rounds: %s)\n", v,
        (1 - median(kept, rounds)) * 100, goal_agents, median(kept, rounds), spread(kept, rounds)
      printf "remote write %s: agents cost %.0f%% in CPU per request (%.0f us with, %.0f without; with / without, rounds: %s)\n", v,
        (median(cpu_kept, rounds) - 1) * 100, median(cpu_of["agents", p], rounds), median(cpu_of["plain", p], rounds), spread(cpu_kept, rounds)
      if (http != "")
        printf "remote write %s: HTTP throughput / (count-only walk x %d cores) %.2f, goal %.1f (walk %s req/s per core; rounds: %s)\n", v,
          cores, median(http, rounds), goal_walk, walk[p], spread(http, rounds)
    }
    gap = 1 - stored / read_rows
    printf "VictoriaMetrics stored %d of the %d 1.0 samples it read (vm_rows_added_to_storage_total / vm_rows_inserted_total): %s\n",
      stored, read_rows, dropped != "" ? "dropped" dropped : (gap - nan_share) ^ 2 < 1e-6 ? \
      sprintf("all but its uncounted NaN drops (%.1f%%, as the fixtures hold)", gap * 100) : sprintf("%.1f%% missing, unexplained", gap * 100)
  }' "$work/started" "$work/peak" "$work/spr" "$work/victoria.probe" "$work/victoria.stored" "$work/rounds"
awk '{t[$1] = $2} END {
  printf "start-up floor, `receiver --version` (JVM and agents, no server): %.2f s without agents, %.2f s with both\n", t["plain"], t["agents"] }' "$work/floor"
for target in plain agents; do
  echo
  echo "Where the CPU went in the receiver, $target, over the rounds (app/target/bench-$target.jfr):"
  java app/src/jmh/java/dev/o11y/bench/JfrSummary.java "app/target/bench-$target.jfr" 12
done
