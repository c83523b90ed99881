#!/usr/bin/env bash
# Whether the pages written through the mount serve the next reader: untar, then `diff -r` twice with no cache drop in
# between; prints the FUSE open and read requests after each diff (cumulative, from --metrics).
# usage: TARBALL=tree.tar ORIGINAL=DIR keepcache.sh LABEL INDRA_BIN_DIR   (as root)
set -uo pipefail
: "${TARBALL:?set TARBALL}" "${ORIGINAL:?set ORIGINAL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; W=$WORKDIR/keepcache-$label; rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || exit 1
"$bin" mount "$W/mnt" --vault "$W/vault" --background --metrics > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
url=$(find "$W/vault" -name metrics.url -exec cat {} \; | head -1)
D=$W/mnt/vault/tree; mkdir -p "$D"
tar -xf "$TARBALL" -C "$D"
counts() { curl -s "$url" | awk '/^indra_fuse_requests_total\{operation="(read|open)",outcome="ok"/ {sub(/.*operation="/, "", $1); sub(/".*/, "", $1); printf " %s=%s", $1, $2}'; }
for pass in 1 2; do
  diff -r --no-dereference "$ORIGINAL" "$D" >/dev/null; rc=$?
  echo "$label diff $pass rc=$rc requests so far:$(counts)"
done
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
