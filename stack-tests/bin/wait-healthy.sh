#!/usr/bin/env bash
# Waits until every container of the stack reports "healthy" (at most $1 seconds, default 300).
# `docker compose up --wait` already does most of this; this loop names the laggards.
set -euo pipefail
cd "$(dirname "$0")/../.."
deadline=$(( $(date +%s) + ${1:-300} ))
while :; do
  ids=$(docker compose ps -q)
  [ -n "$ids" ] || { echo "wait-healthy: no containers; run 'make up'" >&2; exit 1; }
  pending=$(docker inspect -f '{{.Name}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' $ids \
            | awk '$2 != "healthy" {print substr($1, 2) " (" $2 ")"}')
  [ -z "$pending" ] && { echo "wait-healthy: every service is healthy"; exit 0; }
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "wait-healthy: still not healthy:" >&2; echo "$pending" | sed 's/^/  /' >&2
    echo "look at: docker compose logs <service>" >&2
    exit 1
  fi
  sleep 3
done
