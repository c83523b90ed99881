#!/usr/bin/env bash
# The writing of many small files, step by step: the daemon's CPU split into the FUSE loop threads and the rest
# (thread-pool workers: the metadata write-behind, attention), with the FUSE requests of each step: untar, git add -A
# and git commit of the untarred tree, then create, rename and unlink of 5,000 empty files (metaloop's steps).
# usage: TARBALL=tree.tar write-steps.sh LABEL INDRA_BIN_DIR ROUND   (as root; run old and new builds alternately)
# Prints "LABEL ROUND STEP wall= cpu= loop= other= req= thr= rc=" (cpu in s from 10 ms ticks; thr: the daemon's threads).
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; round=$3
W="$WORKDIR"/wsteps-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt" "$W/home"
printf "[user]\n\tname = Bench\n\temail = bench@indra.invalid\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n" >"$W/home/.gitconfig"
. "$(dirname "${BASH_SOURCE[0]}")"/steps-lib.sh
D="$W/mnt/vault/b"; mkdir -p "$D"
sync; echo 3 > /proc/sys/vm/drop_caches
step untar tar -xf "$TARBALL" -C "$D"
git -C "$D" init -q
step git_add env HOME="$W/home" git -C "$D" add -A
step git_commit env HOME="$W/home" git -C "$D" commit -q -m bench
metaloop_steps "$D/meta"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
