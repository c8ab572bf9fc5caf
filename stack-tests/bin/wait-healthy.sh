#!/usr/bin/env bash
# Waits until every container of the stack reports "healthy" (at most $1 seconds, default 300).
# `docker compose up --wait` already does most of this; this loop names the laggards, and
# stops at once when a container has exited (`ps -a`: plain `ps` would not list it at all).
set -euo pipefail
cd "$(dirname "$0")/../.."
deadline=$(( $(date +%s) + ${1:-300} ))
while :; do
  ids=$(docker compose ps -a -q)
  [ -n "$ids" ] || { echo "wait-healthy: no containers; run 'make up'" >&2; exit 1; }
  states=$(docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}}' $ids)
  exited=$(echo "$states" | awk '$2 == "exited" || $2 == "dead" {print substr($1, 2) " (" $2 ", exit code " $3 ")"}')
  if [ -n "$exited" ]; then
    echo "wait-healthy: stopped:" >&2; echo "$exited" | sed 's/^/  /' >&2
    echo "look at: docker compose logs <service>" >&2
    exit 1
  fi
  pending=$(echo "$states" | awk '$4 != "healthy" {print substr($1, 2) " (" $2 ", " $4 ")"}')
  [ -z "$pending" ] && { echo "wait-healthy: every service is healthy"; exit 0; }
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "wait-healthy: still not healthy:" >&2; echo "$pending" | sed 's/^/  /' >&2
    echo "look at: docker compose logs <service>" >&2
    exit 1
  fi
  sleep 3
done
