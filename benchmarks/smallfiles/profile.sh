#!/usr/bin/env bash
# perf profile of the daemon during an untar: share of samples per thread and of thread-pool workers spinning.
# usage: TARBALL=tree.tar profile.sh LABEL INDRA_BIN_DIR   (as root; perf installed; R2R off so every method is in the perf map)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# TARBALL: the benchmark tree (benchmarks/run.sh builds it; --keep leaves it in its work area), ORIGINAL: the same
# tarball extracted on the native disk, WORKDIR: a local disk for the vault and the mount.
: "${TARBALL:?set TARBALL}" "${ORIGINAL:=}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra
W="$WORKDIR"/prof-$label
rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 "$bin" mount "$W/mnt" --vault "$W/vault" --background ${MOUNTX:-} > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
D="$W/mnt/vault/bench"; mkdir -p "$D"
tar -xf "$TARBALL" -C "$D" usr/share/doc 2>/dev/null; rm -rf "$D/usr"   # warm up the JIT
perf record -F 999 -g -p $pid -o "$W/perf.data" 2>"$W/perf.err" &
pp=$!
sleep 1
tar -xf "$TARBALL" -C "$D"
kill -INT $pp; wait $pp
perf report -i "$W/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -70 > "$W/report.txt"
perf report -i "$W/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -15 > "$W/dso.txt"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
cat "$W/dso.txt"
perf script -i "$W/perf.data" -F comm,ip,sym 2>/dev/null > "$W/script.txt"
awk 'BEGIN{RS=""} { split($0, L, "\n"); c=L[1]; sub(/ +$/,"",c); tot[c]++; all++; if ($0 ~ /LowLevelSpinWaiter|LowLevelLifoSemaphore/) spin++; if ($0 ~ /sched_yield/) y++ } END { printf "SAMPLES total %d threadpool-wait %d (%.1f%%) sched_yield %d\n", all, spin, 100*spin/all, y; for (k in tot) printf "  %-20s %d\n", k, tot[k] }' "$W/script.txt"
