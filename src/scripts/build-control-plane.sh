#!/usr/bin/env bash
# Builds, once, the local control plane the cluster test tier uses, from Go modules with the machine's
# Go (GOTOOLCHAIN=local, CGO_ENABLED=0): etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
# kubectl, kubelet (the container tier's real node) and kwok. Binaries go to $SEN2COR_CACHE/control-plane/<versions>/bin and are reused; nothing
# is written into the repository. Prints the bin directory.
set -euo pipefail
K8S_VERSION=v1.37.2      # k8s.io/kubernetes; its staging modules are the matching v0.x releases
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
cache="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}/control-plane/k8s-$K8S_VERSION-etcd-$ETCD_VERSION-kwok-$KWOK_VERSION"
bin="$cache/bin"
components=(kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet)
all_present() { for b in etcd kwok "${components[@]}"; do [ -x "$bin/$b" ] || return 1; done; }
if all_present; then echo "$bin"; exit 0; fi

command -v go >/dev/null || { echo "build-control-plane: 'go' is not on PATH; the cluster tier needs Go to build its binaries" >&2; exit 1; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-mod=mod
mkdir -p "$bin"

# k8s.io/kubernetes replaces its staging modules with ./staging paths, which only work inside its own
# repository: a throwaway module pins them to the published v0.x of the same release instead.
staging_version="v0.${K8S_VERSION#v1.}"
mod="$cache/k8s-module"
if [ ! -f "$mod/.ready" ]; then
  rm -rf "$mod" && mkdir -p "$mod"
  (cd "$mod"
   go mod init sen2cor.local/control-plane >/dev/null 2>&1
   go mod edit -require="k8s.io/kubernetes@$K8S_VERSION"
   go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >/dev/null
   kmod=$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$K8S_VERSION.mod
   sed -n 's#^[[:space:]]*\(k8s.io/[A-Za-z0-9._-]*\) => ./staging/.*#\1#p' "$kmod" | while read -r m; do
     go mod edit -replace="$m=$m@$staging_version"
   done
   touch .ready)
fi
# version stamps, as the Kubernetes release build sets them (otherwise servers report v0.0.0-master)
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
vflags=""
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  vflags="$vflags -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
done
for c in "${components[@]}"; do
  if [ ! -x "$bin/$c" ]; then
    echo "build-control-plane: building $c $K8S_VERSION" >&2
    (cd "$mod" && go build -trimpath -ldflags "-s -w $vflags" -o "$bin/$c" "k8s.io/kubernetes/cmd/$c")
  fi
done
if [ ! -x "$bin/etcd" ]; then
  # etcd's module has replace directives too, so `go install mod@version` refuses it; as a dependency
  # of a throwaway module its requirements (api, client, pkg at the same release) are used instead
  echo "build-control-plane: building etcd $ETCD_VERSION" >&2
  emod="$cache/etcd-module"
  rm -rf "$emod" && mkdir -p "$emod"
  (cd "$emod" && go mod init sen2cor.local/etcd >/dev/null 2>&1 \
     && go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
     && go build -trimpath -ldflags "-s -w" -o "$bin/etcd" go.etcd.io/etcd/server/v3)
fi
if [ ! -x "$bin/kwok" ]; then
  echo "build-control-plane: building kwok $KWOK_VERSION" >&2
  GOBIN="$bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
fi
all_present || { echo "build-control-plane: some binaries are missing in $bin" >&2; exit 1; }
echo "$bin"
