#!/usr/bin/env bash
# Records real remote-write 2.0 request bodies, as the stack's Prometheus sends them, into
# app/src/test/resources/fixtures/remote-write/prometheus-<version>-v2/ (bNNNN.bin, headers.json).
# Prometheus (the native build of scripts/native-tools.sh) scrapes itself every second, native
# histograms included, and remote-writes 2.0 with metadata to a recorder on 127.0.0.1 that
# keeps each body and answers 204 with written-headers, as a 2.0 receiver must.
# Bounded: COUNT bodies (default 20) or 90 s, whichever comes first.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNT=${COUNT:-20}
PATH="$(bash scripts/native-tools.sh --path):$PATH"
version=$(prometheus --version | sed -nE 's/^prometheus, version ([0-9.]+).*/\1/p')
out=app/src/test/resources/fixtures/remote-write/prometheus-$version-v2
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$out"

read -r rec_port prom_port < <(python3 -c 'import socket
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
print(free(), free())')

python3 - "$rec_port" "$out" "$COUNT" <<'PY' &
import http.server, json, sys
port, out, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
seen = 0
class Recorder(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if seen < count:
            with open(f"{out}/b{seen:04d}.bin", "wb") as f:
                f.write(body)
            if seen == 0:
                keep = ["Content-Encoding", "Content-Type", "X-Prometheus-Remote-Write-Version", "User-Agent"]
                with open(f"{out}/headers.json", "w") as f:
                    json.dump({k: self.headers[k] for k in keep}, f, indent=2)
                    f.write("\n")
            seen += 1
        self.send_response(204)
        # Nonzero counts: a 2.0 sender takes a 2xx without them for a 1.0-only receiver.
        for kind in ("Samples", "Histograms", "Exemplars"):
            self.send_header(f"X-Prometheus-Remote-Write-{kind}-Written", "1")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", port), Recorder).serve_forever()
PY

cat > "$work/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: prometheus
    scrape_native_histograms: true
    static_configs:
      - targets: ["127.0.0.1:$prom_port"]
remote_write:
  - url: http://127.0.0.1:$rec_port/api/v1/write
    protobuf_message: io.prometheus.write.v2.Request
    send_native_histograms: true
    queue_config:
      batch_send_deadline: 1s
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address=127.0.0.1:$prom_port --enable-feature=metadata-wal-records --log.level=warn &

for _ in $(seq 1 900); do
  [ -f "$out/b$(printf %04d $((COUNT - 1))).bin" ] && break
  sleep 0.1
done
ls "$out" | wc -l | xargs echo "capture: files in $out:"
