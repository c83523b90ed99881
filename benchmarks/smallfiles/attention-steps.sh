#!/usr/bin/env bash
# The reading steps whose daemon work is mostly attention (every opendir/open records a navigate_to, every
# releasedir/release a navigate_back, persisted in batches every 500 ms): untar the tree into a fresh mount, then the
# daemon's CPU ticks (user + sys, /proc/PID/stat) and the wall seconds of five warm finds, three ls -lR, diff -r,
# git add -A and five git status. Each step is followed by 1.5 s idle, counted with it, so that the attention flush
# of its events is in its figure (a step's own wall time ends before its last batch is persisted).
# usage: TARBALL=tree.tar ORIGINAL=DIR attention-steps.sh LABEL ROUND INDRA_BIN_DIR   (as root; alternate builds for A/B)
#   PERF=1 records a perf profile of the daemon per step into WORKDIR/perf-LABEL-STEP.data (start the daemon with
#   ENVX="env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0" to name every method).
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${ORIGINAL:?set ORIGINAL}" "${WORKDIR:=/var/tmp}"
lab=$1; round=$2; bin=$3; W=$WORKDIR/attsteps-$lab-$round; rm -rf "$W"; mkdir -p "$W/mnt"
export GIT_CONFIG_GLOBAL=$W/gitconfig GIT_CONFIG_NOSYSTEM=1 HOME=$W
printf '[user]\n\tname = Bench\n\temail = bench@indra.invalid\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n' >"$W/gitconfig"
"$bin/indra" init --vault "$W/vault" >/dev/null || exit 1
${ENVX:-} "$bin/indra" mount "$W/mnt" --vault "$W/vault" --background >"$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
D=$W/mnt/vault/tree; mkdir -p "$D"
cpu() { awk '{print $14+$15}' "/proc/$pid/stat"; }
out="$lab $round"
step() { # NAME CMD...: ticks/wall seconds
  local n=$1; shift; local c0 t0 t1 c1 pp=
  [[ -n ${PERF:-} ]] && { perf record -F 999 -g -p "$pid" -o "$WORKDIR/perf-$lab-$n.data" >/dev/null 2>&1 & pp=$!; sleep 0.5; }
  c0=$(cpu); t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); sleep 1.5; c1=$(cpu)
  [[ -n $pp ]] && { kill -INT "$pp"; wait "$pp"; }
  out="$out $n=$(( c1 - c0 ))/$(printf %.2f "$(echo "$t1 - $t0" | bc)")"; }
tar -xf "$TARBALL" -C "$D"; sleep 1.5
find "$D" -printf '%y %m %s %T@ %p\n' >/dev/null; sleep 1.5
step find5 sh -c "for i in 1 2 3 4 5; do find '$D' -printf '%y %m %s %T@ %p\n'; done"
step lsR3 sh -c "for i in 1 2 3; do ls -lR '$D'; done"
step diff diff -r --no-dereference "$ORIGINAL" "$D"
git -C "$D" init -q
step gitadd git -C "$D" add -A
git -C "$D" commit -q -m tree; sleep 1.5
step status5 sh -c "for i in 1 2 3 4 5; do git -C '$D' status --porcelain; done"
echo "$out  (ticks of $(getconf CLK_TCK)/s / wall s)"
"$bin/indra" unmount "$W/mnt" >/dev/null 2>&1 || "$bin/indra" unmount "$W/mnt" --force
rm -rf "$W"
