#!/usr/bin/env bash
# The suite's fsmark_4k on one Indra build (fs_mark -n 5000 -s 4096 -S 0 -t 1 -L 1 in the mount), then 4 s idle;
# prints files/s and the daemon's CPU seconds including the write-behind the run queued.
# usage: fsmark4k.sh LABEL INDRA_BIN_DIR ROUND   (as root; fs_mark installed; run builds alternately)
set -uo pipefail
: "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; r=$3; W=$WORKDIR/fsmark4k-$label-$r; rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || exit 1
"$bin" mount "$W/mnt" --vault "$W/vault" --background > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1); tk=$(getconf CLK_TCK)
c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
# fs_mark refuses a -d path of 40 bytes or more: run it from the mount with a relative one
rate=$(cd "$W/mnt/vault" && fs_mark -d fm -n 5000 -s 4096 -S 0 -t 1 -L 1 2>/dev/null | awk '$2 ~ /^[0-9]+$/ && NF == 5 {print $4}')
sleep 4; c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
printf '%s %s fsmark_4k files/s=%s cpu=%.2f load=%s\n' "$label" "$r" "$rate" "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(cut -d' ' -f1 /proc/loadavg)"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
