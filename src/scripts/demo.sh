#!/usr/bin/env bash
# README's first command: the operator on embedded defaults. See src/test/java/.../demo/LocalDemo.java
# for exactly what runs. Stops by itself; nothing is left running.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test -Dtest=LocalDemo -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
  | { grep -vE '^(\[|[0-9]{4}-[0-9]{2}-[0-9]{2} )|^\s+at |WARNING' || true; }
# with pipefail the script's status is Maven's: a demo that did not reach the expected state fails
