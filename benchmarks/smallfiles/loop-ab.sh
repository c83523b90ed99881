#!/usr/bin/env bash
# The FUSE loop threads' CPU (comm indra-fuse-loop; loop_ms from schedstat) and the daemon's, per step, for the
# workloads whose requests the loop's CPU decides: untar, ten warm finds, ten warm `git status --porcelain` (after git
# add and commit), and metaloop's create, rename and unlink of 5,000 empty files (output: steps-lib.sh's lines).
# usage: TARBALL=tree.tar loop-ab.sh LABEL INDRA_BIN_DIR ROUND   (as root; alternate the builds over rounds)
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${WORKDIR:=/var/tmp}"
label=$1 bin=$2/indra round=$3 W="$WORKDIR/loopab-$1-$3"
rm -rf "$W" && mkdir -p "$W/mnt" && . "$(dirname "${BASH_SOURCE[0]}")"/steps-lib.sh
# git's automatic gc and maintenance would run detached beside the later steps: off, so each step is alone.
export GIT_CONFIG_NOSYSTEM=1 HOME="$W/home"; mkdir -p "$HOME"
printf '[user]\n name = b\n email = b@b\n[gc]\n auto = 0\n[maintenance]\n auto = false\n' > "$HOME/.gitconfig"
D="$W/mnt/vault/b"; mkdir -p "$D"
step untar tar -xf "$TARBALL" -C "$D"
step find1 find "$D" -printf '%y %m %s %T@ %p\n'
step findw sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do find '$D' -printf '%y %m %s %T@ %p\n'; done"
git -C "$D" init -q
step gitadd git -C "$D" add -A
step gitcommit git -C "$D" commit -q -m tree
step gits1 git -C "$D" status --porcelain
step gitw sh -c "for i in 1 2 3 4 5 6 7 8 9 10; do git -C '$D' status --porcelain; done"
metaloop_steps "$D/meta"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
