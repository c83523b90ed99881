#!/usr/bin/env bash
# The daemon's CPU per step, split into the FUSE loop threads (comm indra-fuse-loop) and the rest (thread-pool
# workers: metadata write-behind, attention recorder), with the FUSE requests of each step (indra mount --metrics):
# untar, find once and five times warm, ls -lR three times, create/rename/unlink of 5,000 empty files, a 256 MiB
# write with fsync and its cold read. For comparing loop settings: MOUNTX="--threads N" (run settings alternately).
# usage: TARBALL=tree.tar loopsteps.sh LABEL INDRA_BIN_DIR ROUND   (as root; ENVX adds environment for the daemon)
# Prints "LABEL ROUND STEP wall= cpu= loop= other= req= thr=" (cpu in s from 10 ms ticks; thr: the daemon's threads).
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; round=$3
W="$WORKDIR"/loopsteps-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt"
. "$(dirname "${BASH_SOURCE[0]}")"/steps-lib.sh
D="$W/mnt/vault/b"; mkdir -p "$D"
step untar tar -xf "$TARBALL" -C "$D"
step find1 find "$D" -printf '%y %m %s %T@ %p\n'
step findw sh -c "for i in 1 2 3 4 5; do find '$D' -printf '%y %m %s %T@ %p\n'; done"
step lsw sh -c "for i in 1 2 3; do ls -lR '$D'; done"
metaloop_steps "$D/meta"
step write dd if=/dev/urandom of="$D/big" bs=1M count=256 conv=fsync
sync; echo 3 > /proc/sys/vm/drop_caches
step readcold dd if="$D/big" of=/dev/null bs=1M
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
