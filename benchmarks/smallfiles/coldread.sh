#!/usr/bin/env bash
# Cold sequential read of one mount setting: a 512 MiB file written with fio, then three times drop_caches and a
# 1 MiB-block fio read; prints the bandwidth and the daemon's CPU ticks of each read. Run settings alternately.
# usage: coldread.sh LABEL INDRA_BIN_DIR THREADS   (as root; fio installed)
set -uo pipefail
: "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; threads=$3
W="$WORKDIR"/coldread-$label
rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
"$bin" mount "$W/mnt" --vault "$W/vault" --background --threads "$threads" > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
F="$W/mnt/vault/cold.dat"
fio --minimal --ioengine=psync --numjobs=1 --filename="$F" --size=512M --name=w --rw=write --bs=1M --end_fsync=1 >/dev/null 2>&1
out="$label"
for i in 1 2 3; do
  sync; echo 3 > /proc/sys/vm/drop_caches
  c0=$(awk '{print $14+$15}' /proc/$pid/stat)
  kib=$(fio --minimal --ioengine=psync --numjobs=1 --filename="$F" --size=512M --name=r --rw=read --bs=1M --invalidate=1 2>/dev/null | awk -F';' '{print $7}')
  c1=$(awk '{print $14+$15}' /proc/$pid/stat)
  out="$out bw=$((kib / 1024))MiB/s,cpu=$((c1 - c0))ticks"
done
echo "$out"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
