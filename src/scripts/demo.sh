#!/usr/bin/env bash
# README's first command: a local control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok
# built from Go modules and cached, see build-control-plane.sh) and moto (AWS emulator, see install-moto.sh); the
# operator runs in-process against both, kubectl applies the examples, and the AWS Batch example Sen2CorJob reaches
# Succeeded (the cluster example runs on a kwok-simulated node). Exactly what runs:
# src/test/java/io/sen2cor/operator/demo/LocalDemo.java. It stops everything it started at the end;
# DEMO_KEEP_RUNNING=1 keeps it up for kubectl until Ctrl-C, which stops everything within seconds. DEMO_STAC=1 adds
# a job whose scenes a STAC search selects (docs/stac.md).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src/scripts/install-moto.sh >/dev/null
bash src/scripts/build-control-plane.sh >/dev/null
# DEMO_STAC=1 also runs a Sen2CorJob whose scenes come from a local STAC API (PostgreSQL + PostGIS from Debian, a venv)
if [ "${DEMO_STAC:-}" = 1 ]; then bash src/scripts/stac-server.sh install >/dev/null; fi
status=$(mktemp)
echo 1 > "$status"

# Ctrl-C (or SIGTERM): SIGTERM to the demo's JVMs, whose shutdown hooks stop the control plane and moto; anything of
# this process group still there 8 s later is killed.
stop_all() {
  trap - INT TERM
  local pgid; pgid=$(ps -o pgid= $$ | tr -d ' ')
  for pid in $(pgrep -g "$pgid"); do [ "$pid" = "$$" ] || kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 16); do
    # the JVMs stop the control plane and moto in their shutdown hooks, then end (zombies do not count)
    live=$(ps -o stat=,comm= -g "$pgid" | awk '$1 !~ /^Z/ && $2 == "java"' | grep -c . || true)
    [ "$live" -eq 0 ] && break
    sleep 0.5
  done
  for pid in $(pgrep -g "$pgid"); do [ "$pid" = "$$" ] || kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$status"
  exit 130
}
trap stop_all INT TERM

# in the background, so that the trap runs at once on Ctrl-C instead of after the demo ends
{ ./mvnw -B -q test -Dtest=LocalDemo -Dsurefire.failIfNoSpecifiedTests=false; echo $? > "$status"; } 2>&1 \
  | { grep --line-buffered -vE '^(\[|[0-9]{4}-[0-9]{2}-[0-9]{2} )|^\s+at |WARNING|^[IWE][0-9]{4} ' || true; } &
wait $! || true
code=$(cat "$status"); rm -f "$status"
# the script's status is Maven's: a demo that did not reach Succeeded fails
exit "$code"
