#!/usr/bin/env bash
# perf profile of the daemon during an untar: share of samples per thread and of thread-pool workers spinning.
# usage: TARBALL=tree.tar profile.sh LABEL INDRA_BIN_DIR   (as root; perf installed; R2R off so every method is in the perf map)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/perf-daemon.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# TARBALL: the benchmark tree (benchmarks/run.sh builds it; --keep leaves it in its work area), ORIGINAL: the same
# tarball extracted on the native disk, WORKDIR: a local disk for the vault and the mount.
: "${TARBALL:?set TARBALL}" "${ORIGINAL:=}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra
W="$WORKDIR"/prof-$label
profiled_mount "$W" "$bin"
D="$W/mnt/vault/bench"; mkdir -p "$D"
tar -xf "$TARBALL" -C "$D" usr/share/doc 2>/dev/null; rm -rf "$D/usr"   # warm up the JIT
perf_start "$W"
tar -xf "$TARBALL" -C "$D"
perf_stop
perf_reports "$W" 70
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
cat "$W/dso.txt"
awk 'BEGIN{RS=""} { split($0, L, "\n"); c=L[1]; sub(/ +$/,"",c); tot[c]++; all++; if ($0 ~ /LowLevelSpinWaiter|LowLevelLifoSemaphore/) spin++; if ($0 ~ /sched_yield/) y++ } END { printf "SAMPLES total %d threadpool-wait %d (%.1f%%) sched_yield %d\n", all, spin, 100*spin/all, y; for (k in tot) printf "  %-20s %d\n", k, tot[k] }' "$W/script.txt"
