#!/usr/bin/env bash
# README's first command: a local control plane (etcd, kube-apiserver, kube-controller-manager built from Go
# modules and cached, see build-control-plane.sh) and moto (AWS emulator, see install-moto.sh); the operator
# runs in-process against both, kubectl applies the examples, and the example Sen2CorJob reaches Succeeded.
# Exactly what runs: src/test/java/io/sen2cor/operator/demo/LocalDemo.java. It stops everything it started
# at the end; DEMO_KEEP_RUNNING=1 keeps it up for kubectl until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash src/scripts/install-moto.sh >/dev/null
bash src/scripts/build-control-plane.sh >/dev/null
./mvnw -B -q test -Dtest=LocalDemo -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | { grep -vE '^(\[|[0-9]{4}-[0-9]{2}-[0-9]{2} )|^\s+at |WARNING|^[IWE][0-9]{4} ' || true; }
# with pipefail the script's status is Maven's: a demo that did not reach Succeeded fails
