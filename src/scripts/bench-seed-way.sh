#!/usr/bin/env bash
# The seed's way of running scenes, for the benchmark's side-by-side: one `aws batch submit-job` per scene,
# then `aws batch describe-jobs` polling (100 ids per call) until every job has finished. awscli goes into its
# own cached venv (not moto's, so their botocore versions cannot clash). Prints "calls <n>" at the end.
# Usage: bench-seed-way.sh <endpoint> <job queue> <job definition> <scenes>
set -euo pipefail
endpoint=$1 queue=$2 jobdef=$3 n=$4
venv="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}/awscli"
if [ ! -x "$venv/bin/aws" ]; then
  python3 -m venv "$venv" >&2 && "$venv/bin/pip" install -q awscli >&2
fi
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=eu-central-1
aws() { "$venv/bin/aws" --endpoint-url "$endpoint" "$@"; }
calls=0
ids=()
for i in $(seq 1 "$n"); do
  ids+=("$(aws batch submit-job --job-name "seed-$i" --job-queue "$queue" --job-definition "$jobdef" \
    --container-overrides "environment=[{name=PRODUCT,value=scene-$i}]" --query jobId --output text)")
  calls=$((calls + 1))
done
while :; do
  pending=0
  for ((k = 0; k < ${#ids[@]}; k += 100)); do
    statuses=$(aws batch describe-jobs --jobs "${ids[@]:k:100}" --query 'jobs[].status' --output text)
    calls=$((calls + 1))
    for s in $statuses; do
      [ "$s" = SUCCEEDED ] || [ "$s" = FAILED ] || pending=$((pending + 1))
    done
  done
  [ "$pending" -eq 0 ] && break
  sleep 5
done
echo "calls $calls"
