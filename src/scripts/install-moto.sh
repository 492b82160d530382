#!/usr/bin/env bash
# Installs moto's server (the AWS emulator the AWS test tier talks to) into a venv outside the
# repository, reused when already complete. Prints the venv's moto_server path.
#   SEN2COR_CACHE   cache root (default ~/.cache/sen2cor-operator)
set -euo pipefail
MOTO_VERSION=5.2.5        # >= 5.1.14 accepts the Java SDK's chunked uploads with trailing checksums
cache="${SEN2COR_CACHE:-$HOME/.cache/sen2cor-operator}"
venv="$cache/moto-$MOTO_VERSION"
if [ -x "$venv/bin/moto_server" ] && [ -f "$venv/.complete" ]; then
  echo "$venv/bin/moto_server"; exit 0
fi
py=$(command -v python3 || true)
[ -n "$py" ] || { echo "install-moto: python3 is not on PATH; the AWS test tier needs it to run moto" >&2; exit 1; }
mkdir -p "$cache"
rm -rf "$venv"
"$py" -m venv "$venv" >&2 || { echo "install-moto: '$py -m venv' failed (install python3-venv)" >&2; exit 1; }
# awscrt: without it moto computes CRC64NVME checksums wrongly
"$venv/bin/pip" install --quiet "moto[server]==$MOTO_VERSION" awscrt >&2 \
  || { echo "install-moto: pip could not install moto[server]==$MOTO_VERSION" >&2; exit 1; }
touch "$venv/.complete"
echo "$venv/bin/moto_server"
