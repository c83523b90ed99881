#!/usr/bin/env bash
# Memory per cached inode (issue 15): creates N empty files through an Indra mount, lists them with `ls -l` so that
# the kernel holds a lookup of every one, and reports the daemon's managed heap (after the full, blocking GC that
# dotnet-gcdump induces) and RSS (/proc/PID/status VmRSS) against the same figures right after mounting, per file.
#
#   benchmarks/memory/run.sh [--files N[,N...]] [--per-dir N] [--indra-bin PATH] [--workdir DIR] [--keep]
#
# Needs root, /dev/fuse, perl and the dotnet-gcdump tool (installed with `dotnet tool install dotnet-gcdump
# --tool-path WORKDIR/tools` when not in PATH). Prints one line per size and the largest types of the heap.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$(dirname "$HERE")")
SIZES="100000,1000000"
PER_DIR=10000
INDRA_BIN=""
WORKROOT="${TMPDIR:-/var/tmp}"
KEEP=0
while (($#)); do
  case "$1" in
    --files) SIZES="$2"; shift ;;
    --per-dir) PER_DIR="$2"; shift ;;
    --indra-bin) INDRA_BIN="$2"; shift ;;
    --workdir) WORKROOT="$2"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n 2,9p "$0"; exit 0 ;;
    *) echo "memory/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
WORK=$(mktemp -d "$WORKROOT/indra-mem.XXXXXX")
MNT=""; PID=""
cleanup() {
  [[ -n $MNT ]] && { "$INDRA" unmount "$MNT" >/dev/null 2>&1 || "$INDRA" unmount --force "$MNT" >/dev/null 2>&1; }
  [[ -n $PID ]] && kill -0 "$PID" 2>/dev/null && kill "$PID"
  ((KEEP)) || rm -rf "$WORK"
}
trap cleanup EXIT
if [[ -z $INDRA_BIN ]]; then
  dotnet publish "$REPO/src/Indra.Cli" -c Release -o "$WORK/indra-bin" -nologo -v quiet >/dev/null || exit 1
  INDRA_BIN=$WORK/indra-bin/indra
fi
INDRA=$INDRA_BIN
GCDUMP=$(command -v dotnet-gcdump || true)
if [[ -z $GCDUMP ]]; then
  dotnet tool install dotnet-gcdump --tool-path "$WORK/tools" >/dev/null || exit 1
  GCDUMP=$WORK/tools/dotnet-gcdump
fi

# Managed heap in bytes after the full GC dotnet-gcdump induces; the report goes to $1.txt.
heap_bytes() {
  "$GCDUMP" collect -p "$PID" -o "$1.gcdump" >/dev/null 2>&1 || { echo 0; return; }
  "$GCDUMP" report "$1.gcdump" >"$1.txt" 2>/dev/null
  awk '/GC Heap bytes/ {gsub(/,/, "", $1); print $1; exit}' "$1.txt"
}
rss_bytes() { awk '/^VmRSS/ {print $2 * 1024}' "/proc/$PID/status"; }

printf "%-9s %10s %10s %10s %10s %14s %14s %10s %10s\n" files heap_base heap_after rss_base rss_after heap_per_file rss_per_file create_s ls_l_s
IFS=',' read -r -a NS <<<"$SIZES"
for N in "${NS[@]}"; do
  V=$WORK/vault-$N; MNT=$WORK/mnt-$N; mkdir -p "$MNT"
  "$INDRA" init --vault "$V" >/dev/null || exit 1
  out=$(DOTNET_gcServer=0 "$INDRA" mount "$MNT" --vault "$V" --background 2>&1) || { echo "$out" >&2; exit 1; }
  PID=$(sed -n 's/.*daemon pid \([0-9]*\).*/\1/p' <<<"$out")
  mkdir "$MNT/vault/m"; ls -l "$MNT/vault/m" >/dev/null
  hb=$(heap_bytes "$WORK/base-$N"); rb=$(rss_bytes)
  t0=$(date +%s.%N)
  perl -e 'use Fcntl; my ($root, $n, $per) = @ARGV; for (my $d = 0; $d * $per < $n; $d++) { mkdir "$root/d$d" or die $!;
    for (my $i = $d * $per; $i < $n && $i < ($d + 1) * $per; $i++) { sysopen(my $f, "$root/d$d/f$i", O_WRONLY|O_CREAT|O_EXCL) or die $!; close $f } }' \
    "$MNT/vault/m" "$N" "$PER_DIR" || exit 1
  t1=$(date +%s.%N)
  sync; echo 3 >/proc/sys/vm/drop_caches   # the kernel forgets what the creates left; ls -l looks every file up again
  listed=$(ls -l "$MNT"/vault/m/d* | grep -c '^-')
  t2=$(date +%s.%N)
  [[ $listed == "$N" ]] || { echo "ls -l listed $listed files, expected $N" >&2; exit 1; }
  ha=$(heap_bytes "$WORK/after-$N"); ra=$(rss_bytes)
  printf "%-9s %10s %10s %10s %10s %14.0f %14.0f %10.1f %10.1f\n" "$N" "$hb" "$ha" "$rb" "$ra" "$(echo "($ha - $hb) / $N" | bc -l)" \
    "$(echo "($ra - $rb) / $N" | bc -l)" "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)"
  echo "  largest types after listing $N files (dotnet-gcdump report):"
  sed -n '/Object Bytes/,$p' "$WORK/after-$N.txt" | head -16 | sed 's/^/    /'
  "$INDRA" unmount "$MNT" >/dev/null 2>&1; MNT=""; PID=""
  rm -rf "$V"
done
