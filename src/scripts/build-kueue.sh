#!/usr/bin/env bash
# Builds, once, Kueue's manager from its Go module (sigs.k8s.io/kueue, GOTOOLCHAIN=local, CGO_ENABLED=0) and keeps
# its CRDs beside it, for the cluster tier's Kueue tests (testing/LocalKueue). Output: $SEN2COR_CACHE/kueue-<version>/
# with bin/kueue and crds/*.yaml; nothing is written into the repository. Prints that directory.
set -euo pipefail
KUEUE_VERSION=v0.17.0
dir="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}/kueue-$KUEUE_VERSION"
if [ -x "$dir/bin/kueue" ] && [ -f "$dir/crds/.ready" ]; then echo "$dir"; exit 0; fi

command -v go >/dev/null || { echo "build-kueue: 'go' is not on PATH; the Kueue tests need Go to build Kueue" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0
mkdir -p "$dir/bin" "$dir/crds"
echo "build-kueue: building kueue $KUEUE_VERSION" >&2
GOBIN="$dir/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kueue/cmd/kueue@$KUEUE_VERSION"
# the module holds the CRDs its release installs (config/components/crd/bases), without the conversion webhook
# patch: the test API server converts between served versions by apiVersion only, which these versions allow
src="$(go env GOMODCACHE)/sigs.k8s.io/kueue@$KUEUE_VERSION/config/components/crd/bases"
cp "$src"/*.yaml "$dir/crds/"
chmod u+w "$dir/crds"/*.yaml
touch "$dir/crds/.ready"
echo "$dir"
