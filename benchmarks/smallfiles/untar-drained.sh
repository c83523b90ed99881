#!/usr/bin/env bash
# Untar, then metaloop, each followed by 4 s idle so that the metadata write-behind the step queued lands inside the
# step's daemon CPU figure (ab.sh starts metaloop while the untar's batches still commit).
# usage: TARBALL=tree.tar untar-drained.sh LABEL INDRA_BIN_DIR ROUND   (as root; run builds alternately)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${TARBALL:?set TARBALL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; r=$3; W=$WORKDIR/untar-drained-$label-$r; rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || exit 1
"$bin" mount "$W/mnt" --vault "$W/vault" --background > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1); tk=$(getconf CLK_TCK)
D=$W/mnt/vault/bench; mkdir -p "$D"
cpu() { awk '{print $14+$15}' "/proc/$pid/stat"; }
sync; echo 3 > /proc/sys/vm/drop_caches
c0=$(cpu); t0=$(date +%s.%N); tar -xf "$TARBALL" -C "$D"; t1=$(date +%s.%N); sleep 4; c1=$(cpu)
perl "$HERE/../lib/metaloop.pl" "$D/meta" 5000 10 >/dev/null; sleep 4; c2=$(cpu)
printf '%s %s untar wall=%.2f cpu=%.2f metaloop cpu=%.2f load=%s\n' "$label" "$r" "$(echo "$t1 - $t0" | bc)" \
  "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(echo "($c2 - $c1)/$tk" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
