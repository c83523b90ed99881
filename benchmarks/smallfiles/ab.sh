#!/usr/bin/env bash
# A/B of Indra builds on the small-file workloads: untar, metaloop, diff -r, git add; prints wall s, daemon CPU s,
# and FUSE request counts per operation for the untar (from --metrics).
# usage: TARBALL=tree.tar ORIGINAL=DIR ab.sh LABEL INDRA_BIN_DIR ROUND   (as root; run old and new alternately)
# Daemon CPU is user+sys (fields 14 and 15 of /proc/PID/stat) before and after each step.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# TARBALL: the benchmark tree (benchmarks/run.sh builds it; --keep leaves it in its work area), ORIGINAL: the same
# tarball extracted on the native disk, WORKDIR: a local disk for the vault and the mount.
: "${TARBALL:?set TARBALL}" "${ORIGINAL:=}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; round=$3
W="$WORKDIR"/run-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt" "$WORKDIR/home"
[[ -f $WORKDIR/home/.gitconfig ]] || printf "[user]\n\tname = Bench\n\temail = bench@indra.invalid\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n" >"$WORKDIR/home/.gitconfig"
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
env ${ENVX:-} "$bin" mount "$W/mnt" --vault "$W/vault" --background --metrics > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
url=$(cat "$W/vault/metrics.url" 2>/dev/null || find "$W/vault" -name metrics.url -exec cat {} \; | head -1)
D="$W/mnt/vault/bench"; mkdir -p "$D"
tk=$(getconf CLK_TCK)
step() { # name cmd...
  local n=$1; shift
  local c0=$(cpu $pid) t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$W/$n.err"; local rc=$?
  local t1=$(date +%s.%N) c1=$(cpu $pid)
  printf '%s %s %s wall=%.3f cpu=%.2f rc=%d\n' "$label" "$round" "$n" "$(echo "$t1 - $t0" | bc)" "$(echo "($c1 - $c0)/$tk" | bc -l)" $rc
}
curl -s "$url" | awk '/^indra_fuse_requests_total/ {split($0,a," "); s[$1]=a[2]} END{for(k in s) print k, s[k]}' | sort > "$W/req0"
sync; echo 3 > /proc/sys/vm/drop_caches
step untar tar -xf "$TARBALL" -C "$D"
curl -s "$url" | awk '/^indra_fuse_requests_total/ {split($0,a," "); s[$1]=a[2]} END{for(k in s) print k, s[k]}' | sort > "$W/req1"
join -a2 -e0 -o 0,1.2,2.2 "$W/req0" "$W/req1" | awk -v L="$label" '{d=$3-$2; if(d>0){tot+=d; printf "%s req %s %d\n", L, $1, d}} END{printf "%s req TOTAL %d per-file %.2f\n", L, tot, tot/10000}'
step metaloop sh -c "perl $HERE/../lib/metaloop.pl $D/meta 5000 10 > $W/meta.out"
sed "s/^/$label $round ml /" "$W/meta.out"
sync; echo 3 > /proc/sys/vm/drop_caches
step ls_lR ls -lR "$D/usr"
step diff_r diff -r --no-dereference "$ORIGINAL"/usr "$D/usr"
( cd "$D" && git init -q ) 
step git_add env HOME="$WORKDIR"/home GIT_DIR="$D/.git" GIT_WORK_TREE="$D" git -C "$D" add -A
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
