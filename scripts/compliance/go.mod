// The Prometheus remote-write receiver compliance suite, pinned: scripts/native-tools.sh
// builds its test binary from this module. The suite's own go.mod declares a misspelt path
// (github.com/prometheus/complicance/remotewrite2), so it is required under that name and
// replaced by the path it is published under.
module o11y-workshop/compliance

go 1.25.0

require github.com/prometheus/complicance/remotewrite2 v0.0.0

replace github.com/prometheus/complicance/remotewrite2 => github.com/prometheus/compliance/remotewrite/receiver v0.0.0-20260806071727-67b8327a2e93
