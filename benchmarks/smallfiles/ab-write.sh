#!/usr/bin/env bash
# A/B of the write rows: untar (+ FUSE requests per file from --metrics), fs_mark 4 KiB x 5000, metaloop 5000,
# fio seq write 1 GiB (bs 1M, end_fsync), dd 1 GiB random bs=1M conv=fsync; wall s and daemon CPU s (utime+stime,
# fields 14+15 of /proc/PID/stat) per step.
# usage: TARBALL=tree.tar RANDOM_FILE=random.bin ab-write.sh LABEL INDRA_BIN_DIR ROUND [VAR=VALUE]   (as root;
# alternate old and new; VAR=VALUE goes into the environment of indra mount, e.g. INDRA_WRITEBACK_CACHE=1)
set -uo pipefail
label=$1; bin=$2/indra; round=$3; envx=${4:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd); LOOP=$HERE/../lib/metaloop.pl
# TARBALL: the benchmark tree (benchmarks/run.sh builds it), RANDOM_FILE: 1 GiB of random bytes on the native disk.
: "${TARBALL:?set TARBALL}" "${RANDOM_FILE:?set RANDOM_FILE}" "${WORKDIR:=/var/tmp}"
W=$WORKDIR/ab-write-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt"
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
tk=$(getconf CLK_TCK)
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
env $envx "$bin" mount "$W/mnt" --vault "$W/vault" --background --metrics >"$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
url=$(find "$W/vault" -name metrics.url -exec cat {} \; | head -1)
D="$W/mnt/vault"
step() { # name cmd...
  local n=$1; shift
  local c0=$(cpu $pid) t0=$(date +%s.%N)
  "$@" >"$W/$n.out" 2>"$W/$n.err"; local rc=$?
  local t1=$(date +%s.%N) c1=$(cpu $pid)
  printf '%s %s %s wall=%.3f cpu=%.2f rc=%d\n' "$label" "$round" "$n" "$(echo "$t1 - $t0" | bc)" "$(echo "($c1 - $c0)/$tk" | bc -l)" $rc
}
reqs() { curl -s "$url" | awk '/^indra_fuse_requests_total/ {split($0,a," "); s[$1]=a[2]} END{for(k in s) print k, s[k]}' | sort; }
reqs >"$W/req0"
sync; echo 3 >/proc/sys/vm/drop_caches
step untar tar -xf "$TARBALL" -C "$D"
reqs >"$W/req1"
join -a2 -e0 -o 0,1.2,2.2 "$W/req0" "$W/req1" | awk -v L="$label" -v R="$round" -v F="$(tar -tvf "$TARBALL" | grep -c '^-')" '{d=$3-$2; if(d>0){tot+=d; sub(/.*operation="/,"",$1); sub(/".*/,"",$1); printf "%s %s req %s %d\n", L, R, $1, d}} END{printf "%s %s req TOTAL %d per-file %.2f\n", L, R, tot, tot/F}'
step fsmark_4k sh -c "cd '$D' && exec fs_mark -d fsmark-4k -n 5000 -s 4096 -S 0 -t 1 -L 1 -l '$W/fs.log'"
awk -v L="$label" -v R="$round" 'NF == 5 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ { print L, R, "fsmark_4k files/s", $4 }' "$W/fsmark_4k.out"
step metaloop perl "$LOOP" "$D/meta" 5000 10
sed "s/^/$label $round ml /" "$W/metaloop.out"
step seq_write fio --minimal --ioengine=psync --numjobs=1 --direct=0 --fallocate=none --filename="$D/fio.dat" --size=1024M --name=sw --rw=write --bs=1M --end_fsync=1
awk -F';' -v L="$label" -v R="$round" '/^3;/ {printf "%s %s seq_write MiB/s %.1f\n", L, R, $48/1024}' "$W/seq_write.out"
rm -f "$D/fio.dat"
step dd dd if="$RANDOM_FILE" of="$D/random.dat" bs=1M conv=fsync
grep -oE '[0-9.]+ [MG]B/s' "$W/dd.err" | sed "s/^/$label $round dd /"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
