#!/usr/bin/env bash
# System calls of the Indra daemon during `diff -r` of a freshly untarred tree (caches dropped and `ls -lR` run first,
# as in reads.sh): `strace -f -c` of the daemon, the summary table on stdout.
# usage: TARBALL=tree.tar ORIGINAL=DIR strace-diff.sh LABEL INDRA_BIN_DIR   (as root; strace installed)
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${ORIGINAL:?set ORIGINAL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; W=$WORKDIR/strace-diff-$label; rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null || exit 1
"$bin" mount "$W/mnt" --vault "$W/vault" --background > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
D=$W/mnt/vault/tree; mkdir -p "$D"
tar -xf "$TARBALL" -C "$D"
sync; echo 3 > /proc/sys/vm/drop_caches; ls -lR "$D" >/dev/null
strace -f -c -p "$pid" -o "$W/strace.txt" 2>/dev/null & sp=$!; sleep 1
diff -r --no-dereference "$ORIGINAL" "$D" >/dev/null; echo "$label diff rc=$?"
kill -INT $sp; wait $sp
head -25 "$W/strace.txt"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
