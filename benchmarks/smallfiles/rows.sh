#!/usr/bin/env bash
# The suite's small-file rows in one fresh mount, for alternated A/B runs of builds (or of mount environments):
# untar (after drop_caches), a cold and a warm find, diff -r against the original (after drop_caches), git add -A,
# git commit, git status cold (after drop_caches) and warm. Prints STEP=wall_seconds/daemon_ticks (user + sys of the
# daemon, /proc/PID/stat, 1/100 s) for each step on one line. ENVX adds environment variables to `indra mount`.
# usage: TARBALL=tree.tar ORIGINAL=DIR [WORKDIR=/var/tmp] [ENVX="VAR=1 ..."] rows.sh LABEL INDRA_BIN ROUND   (as root)
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${ORIGINAL:?set ORIGINAL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2; round=$3; W=$WORKDIR/rows-$label
umount -l "$W/mnt" 2>/dev/null; rm -rf "$W"; mkdir -p "$W/mnt"
export GIT_CONFIG_GLOBAL=$W/gitconfig GIT_CONFIG_NOSYSTEM=1 HOME=$W
printf '[user]\n\tname = B\n\temail = b@b\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n' >"$W/gitconfig"
"$bin" init --vault "$W/vault" >/dev/null || exit 1
env ${ENVX:-} "$bin" mount "$W/mnt" --vault "$W/vault" --background >"$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
d=$W/mnt/vault/t; mkdir -p "$d"
out="$label $round"
ticks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
t() { local n=$1; shift; local c0 t0 t1 c1; c0=$(ticks); t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); c1=$(ticks)
  out="$out $n=$(printf %.3f "$(echo "$t1 - $t0" | bc)")/$((c1 - c0))"; }
dc() { sync; echo 3 >/proc/sys/vm/drop_caches; }
dc; t untar tar -xf "$TARBALL" -C "$d"
dc; t fcold find "$d" -printf '%y %m %s %T@ %p\n'
t fwarm find "$d" -printf '%y %m %s %T@ %p\n'
dc; t diff diff -r --no-dereference "$ORIGINAL" "$d"
git -C "$d" init -q; t gadd git -C "$d" add -A; t gcommit git -C "$d" commit -q -m x
dc; t gscold git -C "$d" status --porcelain
t gswarm git -C "$d" status --porcelain
echo "$out"
fusermount3 -u "$W/mnt"
