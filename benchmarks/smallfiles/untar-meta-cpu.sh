#!/usr/bin/env bash
# The daemon's CPU ticks (1/100 s, user + sys from /proc/PID/stat) for an untar and then the metadata loop, each
# counted with 1 s of idle after it so the last write-behind and attention batches are in; a new vault per run.
# usage: TARBALL=tree.tar untar-meta-cpu.sh LABEL INDRA_BIN_DIR ROUND   (as root; alternate builds for A/B)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${TARBALL:?set TARBALL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; round=$3; W="$WORKDIR"/ut-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
"$bin" mount "$W/mnt" --vault "$W/vault" --background > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
cpu() { awk '{print $14+$15}' /proc/"$pid"/stat; }
D="$W/mnt/vault/bench"; mkdir -p "$D"
c0=$(cpu); tar -xf "$TARBALL" -C "$D"; sleep 1; c1=$(cpu)
perl "$HERE"/../lib/metaloop.pl "$D/meta" 5000 10 > /dev/null; sleep 1; c2=$(cpu)
echo "$label $round untar_cpu=$((c1 - c0)) metaloop_cpu=$((c2 - c1)) (ticks, incl. 1 s idle after each)"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
