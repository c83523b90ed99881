#!/usr/bin/env bash
# The read rows of benchmarks/run.sh's fio group on one target, in its order and with its fio arguments: a 1 GiB
# sequential write, the warm read, drop caches, seq_read_cold, then rand_read_4k (4 KiB psync random reads of the file
# the cold read left cached, 10 s). Prints per step MiB/s or IOPS, the daemon's CPU seconds (user + sys, fields 14 and
# 15 of /proc/PID/stat) and, for Indra, the FUSE requests by operation (indra_fuse_requests_total of --metrics).
# usage: fioread.sh TARGET ROUND [INDRA_BIN_DIR]   (as root; fio installed)
#   TARGET: overlayfs | any other label (an Indra build in INDRA_BIN_DIR); run builds alternately for A/B.
#   MIB (default 1024) and RAND_SECONDS (default 10) as run.sh's default tier; MOUNTOPTS adds 'indra mount' arguments;
#   RAKB sets the Indra mount's read_ahead_kb after mounting (READ requests at most that long);
#   PERF=1 records a perf profile of the daemon during the cold read into WORKDIR/perf-TARGET-ROUND-cold.data (start
#   the daemon with ENVX="env DOTNET_PerfMapEnabled=1" to name the methods).
set -uo pipefail
: "${WORKDIR:=/var/tmp}" "${MIB:=1024}" "${RAND_SECONDS:=10}"
tg=$1; round=$2; bin=${3:-}
W=$WORKDIR/fioread-$tg-$round; rm -rf "$W"; mkdir -p "$W"
tk=$(getconf CLK_TCK); pid=; url=
case $tg in
  overlayfs) mkdir -p "$W/l" "$W/u" "$W/w" "$W/m"; fuse-overlayfs -o "lowerdir=$W/l,upperdir=$W/u,workdir=$W/w" "$W/m" || exit 1
             D=$W/m/fio; pid=$(pgrep -n -f "fuse-overlayfs -o lowerdir=$W/l") ;;
  *) "$bin/indra" init --vault "$W/vault" >/dev/null || exit 1; mkdir -p "$W/mnt"
     # shellcheck disable=SC2086
     ${ENVX:-} "$bin/indra" mount "$W/mnt" --vault "$W/vault" --background --metrics ${MOUNTOPTS:-} >"$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
     pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
     url=$(find "$W/vault" -name metrics.url -exec cat {} \; | head -1); D=$W/mnt/vault/fio ;;
esac
mkdir -p "$D"
# RAKB=N: the mount's read_ahead_kb set by hand (the kernel's readahead READs are at most this long)
if [[ -n ${RAKB:-} && -n $url ]]; then echo "$RAKB" >"/sys/class/bdi/$(mountpoint -d "$W/mnt")/read_ahead_kb"; fi
cpu() { awk '{print $14+$15}' "/proc/$pid/stat"; }
requests() { # operation=count for every operation with requests
  if [[ -n $url ]]; then curl -s "$url" | awk '/^indra_fuse_requests_total\{/ {k=$1; sub(/.*operation="/,"",k); sub(/".*/,"",k); s[k]+=$2}
    END{for(k in s) printf "%s=%d ", k, s[k]}'; fi; }
delta() { # BEFORE AFTER: per-operation increase
  awk -v a="$1" -v b="$2" 'BEGIN{n=split(a,x," "); for(i=1;i<=n;i++){split(x[i],p,"="); s[p[1]]=p[2]}
    m=split(b,y," "); for(i=1;i<=m;i++){split(y[i],q,"="); d=q[2]-s[q[1]]; if(d>0) o=o sprintf("%s=%d ", q[1], d)} print o}'; }
step() { # NAME FIELD(7 = read KiB/s, 8 = read IOPS) fio-args...
  local n=$1 f=$2; shift 2; local r0 c0 pp=
  [[ -n ${PERF:-} && $n == seq_read_cold ]] && { perf record -F 999 -g -p "$pid" -o "$WORKDIR/perf-$tg-$round-cold.data" >/dev/null 2>&1 & pp=$!; sleep 0.5; }
  r0=$(requests); c0=$(cpu)
  local line; line=$(fio --minimal --ioengine=psync --numjobs=1 --direct=0 --fallocate=none --filename="$D/fio.dat" --size="${MIB}M" "$@" 2>"$W/$n.err" | grep -E '^3;' | tail -1)
  local c1 r1; c1=$(cpu); r1=$(requests)
  [[ -n $pp ]] && { kill -INT "$pp"; wait "$pp"; }
  local v; v=$(cut -d';' -f"$f" <<<"$line")
  [[ $f == 7 || $f == 48 ]] && v=$(awk -v k="$v" 'BEGIN{printf "%.1f", k / 1024}')
  printf '%s %s %s %s cpu=%.2f requests: %s\n' "$tg" "$round" "$n" "$v" "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(delta "$r0" "$r1")"; }
step seq_write 48 --name=seqwrite --rw=write --bs=1M --end_fsync=1
cat "$D/fio.dat" >/dev/null
step seq_read_warm 7 --name=seqread --rw=read --bs=1M --invalidate=0
sync; echo 3 >/proc/sys/vm/drop_caches
step seq_read_cold 7 --name=seqread --rw=read --bs=1M --invalidate=1
step rand_read_4k 8 --name=randread --rw=randread --bs=4k --invalidate=0 --time_based --runtime="$RAND_SECONDS" --randrepeat=1
case $tg in
  overlayfs) fusermount3 -u "$W/m" ;;
  *) "$bin/indra" unmount "$W/mnt" >/dev/null 2>&1 || "$bin/indra" unmount "$W/mnt" --force ;;
esac
rm -rf "$W"
