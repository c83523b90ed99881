#!/usr/bin/env bash
# Memory per cached inode (issue 15): a vault of N empty files (one directory of --per-dir files created through an
# Indra mount, the others copies of its rows, see README.md), mounted afresh and listed with `ls -l` so that the
# kernel holds a lookup of every file; reports the daemon's managed heap (after the full, blocking GC that
# dotnet-gcdump induces), the GC's committed bytes and RSS (/proc/PID/status) against the same daemon right after
# mounting (nothing loaded: the runtime's baseline), per file.
#
#   benchmarks/memory/run.sh [--files N[,N...]] [--per-dir N] [--indra-bin PATH] [--env NAME=VALUE]... [--settle S] [--workdir DIR] [--keep]
#
# Needs root, /dev/fuse, perl, sqlite3 and the dotnet-gcdump and dotnet-counters tools (installed with `dotnet tool
# install --tool-path WORKDIR/tools` when not in PATH). --env sets a variable for the daemon only (a GC knob to try,
# e.g. --env DOTNET_GCgen0size=0x400000). --settle waits S seconds (default 70) after `ls -l` before measuring: the
# steady state a listed tree stays in (the daemon compacts its heap once a burst of loads has settled, at most once a
# minute). --keep also keeps each vault's daemon log. Prints one line per size and the largest types of the heap.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$(dirname "$HERE")")
SIZES="100000,1000000"
PER_DIR=10000
INDRA_BIN=""
WORKROOT="${TMPDIR:-/var/tmp}"
KEEP=0
SETTLE=70
DAEMON_ENV=()
while (($#)); do
  case "$1" in
    --files) SIZES="$2"; shift ;;
    --per-dir) PER_DIR="$2"; shift ;;
    --indra-bin) INDRA_BIN="$2"; shift ;;
    --env) DAEMON_ENV+=("$2"); shift ;;
    --settle) SETTLE="$2"; shift ;;
    --workdir) WORKROOT="$2"; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n 2,14p "$0"; exit 0 ;;
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
tool() {
  local found; found=$(command -v "$1" || true)
  if [[ -z $found ]]; then
    [[ -x $WORK/tools/$1 ]] || dotnet tool install "$1" --tool-path "$WORK/tools" >/dev/null || exit 1
    found=$WORK/tools/$1
  fi
  echo "$found"
}
GCDUMP=$(tool dotnet-gcdump)
COUNTERS=$(tool dotnet-counters)

# Mounts vault $1 on $2 in the background; sets PID.
mount_vault() {
  local out
  out=$(env DOTNET_gcServer=0 "${DAEMON_ENV[@]}" "$INDRA" mount "$2" --vault "$1" --background 2>&1) || { echo "$out" >&2; exit 1; }
  PID=$(sed -n 's/.*daemon pid \([0-9]*\).*/\1/p' <<<"$out")
  MNT=$2
}
unmount_vault() { "$INDRA" unmount "$MNT" >/dev/null 2>&1; while kill -0 "$PID" 2>/dev/null; do sleep 0.2; done; MNT=""; PID=""; }

# Managed heap in bytes after the full GC dotnet-gcdump induces; the report goes to $1.txt.
heap_bytes() {
  "$GCDUMP" collect -p "$PID" -o "$1.gcdump" >/dev/null 2>&1 || { echo 0; return; }
  "$GCDUMP" report "$1.gcdump" >"$1.txt" 2>/dev/null
  awk '/GC Heap bytes/ {gsub(/,/, "", $1); print $1; exit}' "$1.txt"
}
# The GC's committed bytes at its last collection (System.Runtime meter, read for 4 seconds after that collection);
# its fragmentation (free space inside the heap) goes to $1.csv for frag_bytes.
committed_bytes() {
  "$COUNTERS" collect -p "$PID" --counters 'System.Runtime[dotnet.gc.last_collection.memory.committed_size,dotnet.gc.last_collection.heap.fragmentation.size]' \
    --refresh-interval 1 --duration 00:00:00:04 --format csv -o "$1.csv" >/dev/null 2>&1
  awk -F, '/committed_size/ {v = $NF} END {printf "%d\n", v}' "$1.csv"
}
# Fragmentation summed over the generations at that collection.
frag_bytes() { awk -F, '/fragmentation/ {v[$3] = $NF} END {for (g in v) t += v[g]; printf "%d\n", t}' "$1.csv"; }
status_bytes() { awk -v k="$1:" '$1 == k {print $2 * 1024}' "/proc/$PID/status"; }
per_file() { echo "($2 - $1) / $3" | bc -l; }
# The daemon's CPU seconds so far (user + system, /proc/PID/stat fields 14 and 15).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$PID/stat"; }

# Vault $1 with N=$2 empty files in /vault/m/d0..: d0 created through a mount (seconds in CREATE_S), then copied.
make_vault() {
  local V=$1 N=$2 dirs=$(( ($2 + PER_DIR - 1) / PER_DIR )) t0 t1
  "$INDRA" init --vault "$V" >/dev/null || exit 1
  mount_vault "$V" "$WORK/mnt-make"
  mkdir "$MNT/vault/m" "$MNT/vault/m/d0" || exit 1
  t0=$(date +%s.%N); c0=$(cpu_seconds)
  perl -e 'use Fcntl; my ($dir, $n) = @ARGV; for my $i (0 .. $n - 1) {
    sysopen(my $f, "$dir/f$i", O_WRONLY|O_CREAT|O_EXCL) or die $!; close $f }' "$MNT/vault/m/d0" "$(( N < PER_DIR ? N : PER_DIR ))" || exit 1
  t1=$(date +%s.%N); c1=$(cpu_seconds)
  CREATE_S=$(echo "$t1 - $t0" | bc); CREATE_CPU=$(echo "$c1 - $c0" | bc)
  unmount_vault
  # Directory k is d0's rows again: inode numbers shifted by k * STRIDE, its own tree id, the next position of m.
  sqlite3 "$V/vault.db" <<SQL || exit 1
.bail on
CREATE TEMP TABLE k(k INTEGER PRIMARY KEY);
WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < $dirs - 1) INSERT INTO k SELECT x FROM c WHERE $dirs > 1;
CREATE TEMP TABLE p AS SELECT (SELECT child FROM refs WHERE parent = 2 AND label = 'm') AS m, (SELECT max(ino) + 1 FROM nodes) AS stride;
CREATE TEMP TABLE p2 AS SELECT m, stride, (SELECT child FROM refs WHERE parent = m AND label = 'd0') AS d0 FROM p;
CREATE TEMP TABLE c(ino INTEGER PRIMARY KEY);
INSERT INTO c SELECT child FROM refs, p2 WHERE parent = p2.d0;
BEGIN;
INSERT INTO nodes(ino, kind, mode, uid, gid, nlink, size, atime, mtime, ctime, btime, artifact, type_tag, next_position, rdev)
  SELECT n.ino + k.k * p2.stride, n.kind, n.mode, n.uid, n.gid, n.nlink, n.size, n.atime, n.mtime, n.ctime, n.btime,
    CASE WHEN n.ino = p2.d0 THEN randomblob(32) ELSE n.artifact END, n.type_tag, n.next_position, n.rdev
  FROM k, p2, nodes n WHERE n.ino = p2.d0 OR n.ino IN c;
INSERT INTO refs(parent, label, position, child)
  SELECT r.parent + k.k * p2.stride, r.label, r.position, r.child + k.k * p2.stride FROM k, p2, refs r WHERE r.parent = p2.d0;
INSERT INTO refs(parent, label, position, child)
  SELECT p2.m, 'd' || k.k, (SELECT next_position FROM nodes WHERE ino = p2.m) + k.k - 1, p2.d0 + k.k * p2.stride FROM k, p2;
UPDATE nodes SET next_position = next_position + (SELECT count(*) FROM k), nlink = nlink + (SELECT count(*) FROM k)
  WHERE ino = (SELECT m FROM p2);
CREATE TEMP TABLE used AS SELECT n.artifact AS id, count(*) AS uses FROM nodes n WHERE n.ino IN c GROUP BY n.artifact;
UPDATE leaves SET refcount = refcount + (SELECT count(*) FROM k) * (SELECT uses FROM used WHERE used.id = leaves.id)
  WHERE id IN (SELECT id FROM used);
COMMIT;
SQL
}

printf "%-9s %8s %10s %11s %11s %11s %6s %6s %6s %6s %8s %8s %8s %8s\n" files inodes heap_base heap_after commit_after rss_after \
  heap/i commit/i anon/i rss/i create_s mk_cpu_s ls_l_s ls_cpu_s
IFS=',' read -r -a NS <<<"$SIZES"
for N in "${NS[@]}"; do
  (( N <= PER_DIR || N % PER_DIR == 0 )) || { echo "memory/run.sh: $N files is not a multiple of --per-dir $PER_DIR" >&2; exit 2; }
done
for N in "${NS[@]}"; do
  V=$WORK/vault-$N; mkdir -p "$WORK/mnt-make" "$WORK/mnt-$N"
  make_vault "$V" "$N"
  mount_vault "$V" "$WORK/mnt-$N"
  ls -ld "$MNT/vault/m" >/dev/null
  hb=$(heap_bytes "$WORK/base-$N"); cb=$(committed_bytes "$WORK/base-$N"); rb=$(status_bytes VmRSS); ab=$(status_bytes RssAnon)
  sync; echo 3 >/proc/sys/vm/drop_caches   # nothing the vault's creation left in the kernel's caches
  t1=$(date +%s.%N); u1=$(cpu_seconds)
  listed=$(ls -l "$MNT"/vault/m/d* | grep -c '^-')
  t2=$(date +%s.%N); u2=$(cpu_seconds)
  [[ $listed == "$N" ]] || { echo "ls -l listed $listed files, expected $N" >&2; exit 1; }
  sleep "$SETTLE"
  ha=$(heap_bytes "$WORK/after-$N"); ca=$(committed_bytes "$WORK/after-$N"); ra=$(status_bytes VmRSS); aa=$(status_bytes RssAnon)
  # Inodes loaded when measured: the kernel may have forgotten some under memory pressure (and the daemon evicted them).
  C=$(awk '/ Indra\.FileSystem\.Nodes\.Inode / {c = $2; gsub(/,/, "", c); print c; exit}' "$WORK/after-$N.txt")
  [[ $C =~ ^[0-9]+$ && $C -gt 0 ]] || C=$N
  printf "%-9s %8s %10s %11s %11s %11s %6.0f %6.0f %6.0f %6.0f %8.1f %8.2f %8.1f %8.2f\n" "$N" "$C" "$hb" "$ha" "$ca" "$ra" \
    "$(per_file "$hb" "$ha" "$C")" "$(per_file "$cb" "$ca" "$C")" "$(per_file "$ab" "$aa" "$C")" "$(per_file "$rb" "$ra" "$C")" \
    "$CREATE_S" "$CREATE_CPU" "$(echo "$t2 - $t1" | bc)" "$(echo "$u2 - $u1" | bc)"
  echo "  baseline (after mounting): heap $hb, GC committed $cb, RSS $rb, anonymous RSS $ab; threads $(awk '$1 == "Threads:" {print $2}' "/proc/$PID/status")"
  echo "  GC after listing: fragmentation $(frag_bytes "$WORK/after-$N") bytes (free space inside the committed heap)"
  echo "  largest types after listing $N files (total bytes, then dotnet-gcdump report: bytes each, count, type):"
  awk 'f {n = $1; c = $2; gsub(/,/, "", n); gsub(/,/, "", c); if (n ~ /^[0-9]+$/) printf "%12d  %s\n", n * c, $0} /Object Bytes/ {f = 1}' \
    "$WORK/after-$N.txt" | sort -rn | head -12 | sed 's/^/    /'
  unmount_vault
  ((KEEP)) && cp "$V/indra.log" "$WORK/indra-$N.log"
  rm -rf "$V"
done
