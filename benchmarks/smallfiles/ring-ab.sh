#!/usr/bin/env bash
# The metadata rows' cost per request over io_uring (the default transport), for alternated A/B runs of two builds:
# one new vault mounted (no --metrics), the tree untarred, caches dropped, one cold find, then timed steps:
#   warm1   the first warm find (it also gets a GETATTR per directory: the cold pass's uncached readdirs invalidated
#           the directories' atime, fs/fuse/readdir.c), 
#   warmN   FINDS more warm finds (opendir and releasedir per directory only),
#   unlink  metaloop's unlink phase: 5,000 empty files created and renamed first (3 requests per file: GETATTR of the
#           directory for the permission walk, GETATTR of the file for perl's lstat, UNLINK).
# Each step prints wall s, the daemon's CPU s (/proc/PID/stat) and ring_ms, the CPU of the ring threads (comm
# indra-fuse-ring) in ms from schedstat.
# TREE=0 leaves out the tree and the finds (the unlink step alone, in a new mount). GIT=N adds, after the finds, git
# init, add -A, commit and one status (gc off), then the step gitN: N warm `git status --porcelain`.
# usage: TARBALL=tree.tar [WORKDIR=/var/tmp] [FINDS=20] [TREE=0] ring-ab.sh LABEL INDRA_BIN ROUND   (as root)
set -uo pipefail
: "${WORKDIR:=/var/tmp}" "${FINDS:=20}"; [[ ${TREE:-1} == 0 ]] || : "${TARBALL:?set TARBALL}"
label=$1; bin=$2; round=$3; W="$WORKDIR/ring-ab-$label"
umount -l "$W/mnt" 2>/dev/null; rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
env ${ENVX:-} "$bin" mount "$W/mnt" --vault "$W/vault" --background ${MOUNTX:-} > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
tk=$(getconf CLK_TCK)
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
ringns() { local s=0 c t v; for t in /proc/$pid/task/*; do read -r c <"$t/comm" 2>/dev/null || continue; [[ $c == indra-fuse-ring ]] || continue; read -r v _ <"$t/schedstat" 2>/dev/null || continue; s=$((s + v)); done; echo $s; }
step() { local n=$1; shift; local c0 r0 t0 t1 r1 c1; c0=$(cpu); r0=$(ringns); t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); r1=$(ringns); c1=$(cpu)
  printf '%s %s %-7s wall=%.4f cpu=%.3f ring_ms=%.1f\n' "$label" "$round" "$n" "$(echo "$t1 - $t0" | bc)" "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(echo "($r1 - $r0)/1000000" | bc -l)"; }
if [[ ${TREE:-1} != 0 ]]; then
  d="$W/mnt/vault/t"; mkdir -p "$d"; tar -xf "$TARBALL" -C "$d"; sync
  echo 3 > /proc/sys/vm/drop_caches
  find "$d" -printf '%y %m %s %T@ %p\n' >/dev/null
  step warm1 find "$d" -printf '%y %m %s %T@ %p\n'
  step "warm$FINDS" bash -c "for i in \$(seq $FINDS); do find '$d' -printf '%y %m %s %T@ %p\n'; done"
  if [[ ${GIT:-0} != 0 ]]; then
    export GIT_CONFIG_NOSYSTEM=1 HOME="$W/home"; mkdir -p "$HOME"
    printf '[user]\n name = b\n email = b@b\n[gc]\n auto = 0\n[maintenance]\n auto = false\n' > "$HOME/.gitconfig"
    git -C "$d" init -q; git -C "$d" add -A; git -C "$d" commit -q -m tree; git -C "$d" status --porcelain >/dev/null
    step "git$GIT" bash -c "for i in \$(seq $GIT); do git -C '$d' status --porcelain; done"
  fi
fi
m="$W/mnt/vault/m"; mkdir -p "$m"
perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f; rename("$d/f$i","$d/g$i") or die }' "$m" 5000
sleep 0.5
step unlink perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$m" 5000
fusermount3 -u "$W/mnt"
