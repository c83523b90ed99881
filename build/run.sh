#!/usr/bin/env bash
# Sets up the machine (fuse3), builds Indra, creates the default vault if there is none, and mounts it in the
# foreground at MOUNTPOINT (default ~/indra). Ctrl-C (or 'indra unmount MOUNTPOINT') flushes and unmounts.
#   build/run.sh [MOUNTPOINT] [indra mount options...]
# The vault lives in $INDRA_VAULT, else ~/.local/share/indra/vault.
set -euo pipefail
cd "$(dirname "$0")/.."
build/setup.sh
# ReadyToRun: the daemon starts with native code instead of spending its first seconds in the JIT.
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish src/Indra.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o artifacts/indra -nologo -v quiet
indra=artifacts/indra/indra
mountpoint="${1:-$HOME/indra}"
shift || true
mkdir -p "$mountpoint"
vault="${INDRA_VAULT:-${XDG_DATA_HOME:-$HOME/.local/share}/indra/vault}"
if [[ ! -f "$vault/vault.db" ]]; then "$indra" init --vault "$vault"; fi
exec "$indra" mount "$mountpoint" --vault "$vault" "$@"
