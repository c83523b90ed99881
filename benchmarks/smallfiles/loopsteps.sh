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
tk=$(getconf CLK_TCK)
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
env ${ENVX:-} "$bin" mount "$W/mnt" --vault "$W/vault" --background --metrics ${MOUNTX:-} > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
url=$(cat "$W/vault/metrics.url" 2>/dev/null || find "$W/vault" -name metrics.url -exec cat {} \; | head -1)
D="$W/mnt/vault/b"; mkdir -p "$D"
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
# Ticks of every thread but the loop's (a thread's comm may hold spaces, so its stat is read after the ") ").
other() { local s=0 c t; for t in /proc/$pid/task/*; do read -r c <"$t/comm"; [[ $c == indra-fuse-loop ]] && continue; s=$((s + $(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12+$13}'))); done; echo $s; }
nreq() { curl -s "$url" | awk '/^indra_fuse_requests_total/ {s+=$2} END{print s+0}'; }
step() { local n=$1; shift; local r0 c0 o0 t0 t1 c1 o1 r1 rc; r0=$(nreq); c0=$(cpu); o0=$(other); t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$W/$n.err"; rc=$?
  t1=$(date +%s.%N); c1=$(cpu); o1=$(other); r1=$(nreq)
  printf '%s %s %-10s wall=%.3f cpu=%.3f loop=%.3f other=%.3f req=%d thr=%d rc=%d\n' "$label" "$round" "$n" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(echo "($c1 - $c0 - $o1 + $o0)/$tk" | bc -l)" "$(echo "($o1 - $o0)/$tk" | bc -l)" $((r1-r0)) "$(ls /proc/$pid/task | wc -l)" $rc; }
step untar tar -xf "$TARBALL" -C "$D"
step find1 find "$D" -printf '%y %m %s %T@ %p\n'
step findw sh -c "for i in 1 2 3 4 5; do find '$D' -printf '%y %m %s %T@ %p\n'; done"
step lsw sh -c "for i in 1 2 3; do ls -lR '$D'; done"
mkdir -p "$D/meta"
step create perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f }' "$D/meta" 5000
step rename perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { rename("$d/f$i", "$d/g$i") or die }' "$D/meta" 5000
step unlink perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$D/meta" 5000
step write dd if=/dev/urandom of="$D/big" bs=1M count=256 conv=fsync
sync; echo 3 > /proc/sys/vm/drop_caches
step readcold dd if="$D/big" of=/dev/null bs=1M
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
