#!/usr/bin/env bash
# The reading side of the small-file workloads on one target, in benchmarks/run.sh's order: untar, drop caches,
# find twice, drop caches, ls -lR twice; then timed: find_stat_warm (before the ls), diff_r, git_add, git_status_warm.
# For Indra (and fuse-overlayfs) the daemon's CPU seconds per step (user + sys, fields 14 and 15 of /proc/PID/stat);
# for Indra also the FUSE requests per operation and the summed callback time per operation
# (indra_fuse_requests_total, indra_fuse_request_duration_seconds_sum of `indra mount --metrics`).
# usage: TARBALL=tree.tar ORIGINAL=DIR reads.sh TARGET ROUND [INDRA_BIN_DIR]   (as root)
#   TARGET: native | overlayfs | any other label (an Indra build in INDRA_BIN_DIR); run builds alternately for A/B.
#   SKIPGIT=1 stops after diff -r; WARMALL=1 reads every file of the vault before diff -r (the mount's side warm);
#   PERF=1 records a perf profile of the daemon per step into WORKDIR/perf-TARGET-STEP.data (start the daemon with
#   ENVX="env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0" to name every method).
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${ORIGINAL:?set ORIGINAL}" "${WORKDIR:=/var/tmp}"
tg=$1; round=$2; bin=${3:-}
W=$WORKDIR/reads-$tg-$round; rm -rf "$W"; mkdir -p "$W"
export GIT_CONFIG_GLOBAL=$W/gitconfig GIT_CONFIG_NOSYSTEM=1 HOME=$W
printf '[user]\n\tname = Bench\n\temail = bench@indra.invalid\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n' >"$W/gitconfig"
tk=$(getconf CLK_TCK); pid=; url=
drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
case $tg in
  native) D=$W/tree ;;
  overlayfs) mkdir -p "$W/l" "$W/u" "$W/w" "$W/m"; fuse-overlayfs -o "lowerdir=$W/l,upperdir=$W/u,workdir=$W/w" "$W/m" || exit 1
             D=$W/m/tree; pid=$(pgrep -n -f "fuse-overlayfs -o lowerdir=$W/l") ;;
  *) "$bin/indra" init --vault "$W/vault" >/dev/null || exit 1; mkdir -p "$W/mnt"
     ${ENVX:-} "$bin/indra" mount "$W/mnt" --vault "$W/vault" --background --metrics >"$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
     pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
     url=$(find "$W/vault" -name metrics.url -exec cat {} \; | head -1); D=$W/mnt/vault/tree ;;
esac
mkdir -p "$D"
cpu() { if [[ -n $pid ]]; then awk '{print $14+$15}' "/proc/$pid/stat"; else echo 0; fi; }
scrape() { # FILE: request counts and callback seconds by operation, sorted for join
  if [[ -n $url ]]; then curl -s "$url" >"$1.raw"
    awk '/^indra_fuse_requests_total\{/ {print $1, $2}' "$1.raw" | sort >"$1"
    awk '/^indra_fuse_request_duration_seconds_sum\{/ {print $1, $2}' "$1.raw" | sort >"$1.d"
  else : >"$1"; : >"$1.d"; fi; }
delta() { # BEFORE AFTER FORMAT: per-operation increase
  join -a2 -e0 -o 0,1.2,2.2 "$1" "$2" | awk -v f="$3" '{d=$3-$2; if(d>0){k=$1; sub(/.*operation="/,"",k); sub(/".*/,"",k); s[k]+=d; t+=d}}
    END{for(k in s) o=o sprintf(" %s=" f, k, s[k]); printf "total=" f "%s", t, o}'; }
step() { # NAME CMD...
  local n=$1; shift; scrape "$W/r0"; local c0 t0 pp=
  [[ -n ${PERF:-} && -n $pid ]] && { perf record -F 999 -g -p "$pid" -o "$WORKDIR/perf-$tg-$n.data" >/dev/null 2>&1 & pp=$!; sleep 0.5; }
  c0=$(cpu); t0=$(date +%s.%N)
  "$@" >"$W/$n.out" 2>&1; local rc=$?
  local t1 c1; t1=$(date +%s.%N); c1=$(cpu)
  [[ -n $pp ]] && { kill -INT "$pp"; wait "$pp"; }
  scrape "$W/r1"
  printf '%s %s %s wall=%.3f cpu=%.2f rc=%d requests: %s callback-s: %s\n' "$tg" "$round" "$n" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "($c1 - $c0)/$tk" | bc -l)" $rc "$(delta "$W/r0" "$W/r1" %d)" "$(delta "$W/r0.d" "$W/r1.d" %.3f)"; }
drop; tar -xf "$TARBALL" -C "$D"
drop; find "$D" -printf '%y %m %s %T@ %p\n' >/dev/null
step find_stat_warm find "$D" -printf '%y %m %s %T@ %p\n'
drop; ls -lR "$D" >/dev/null; ls -lR "$D" >/dev/null
[[ -n ${WARMALL:-} && -n $url ]] && find "$W/vault" -type f -exec cat {} + >/dev/null
step diff_r diff -r --no-dereference "$ORIGINAL" "$D"
if [[ -z ${SKIPGIT:-} ]]; then
  git -C "$D" init -q
  step git_add git -C "$D" add -A
  git -C "$D" commit -q -m tree
  drop; git -C "$D" status --porcelain >/dev/null
  step git_status_warm git -C "$D" status --porcelain
fi
case $tg in
  native) ;;
  overlayfs) fusermount3 -u "$W/m" ;;
  *) "$bin/indra" unmount "$W/mnt" >/dev/null 2>&1 || "$bin/indra" unmount "$W/mnt" --force ;;
esac
rm -rf "$W"
