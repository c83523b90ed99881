#!/usr/bin/env bash
# Attention and heat at scale (issue 11, item 5): a vault with N recorded attention events (default 1,000,000), then
# `getfattr -n user.indra.heat` on one file and `cat MOUNT/.indra/heat.json`, timed with hyperfine.
#   benchmarks/heat/run.sh [--events N] [--files N] [--indra-bin PATH] [--before-bin PATH] [--runs N]
# --indra-bin: the indra to measure (default: published from this checkout into artifacts/indra).
# --before-bin: also measure this build (e.g. main before the heat aggregate) on a copy of the same vault; the vault
#   is then created by it, so the build under test sees the upgrade path (schema migration at its first open).
# Events are written straight into the vault's SQLite (kind navigate_to for 2 in 3, navigate_back with 250 ms dwell for
# the rest, three players, spread evenly over the last 7 days, round-robin over the files), so none is past the 30-day
# retention. A build with the heat aggregate folds such events in when it opens the vault (MetadataStore.FoldAttention),
# as it does for a vault recorded by an earlier version: that one-time cost is in its first mount's figure.
# Needs root (FUSE), fuse3, attr (getfattr), sqlite3, hyperfine.
set -euo pipefail
cd "$(dirname "$0")/../.."
events=1000000 files=1000 runs=20 indra="" before=""
while (($#)); do
  case "$1" in
    --events) events=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --indra-bin) indra=$2; shift 2 ;;
    --before-bin) before=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build/setup.sh --bench >/dev/null
if [[ -z "$indra" ]]; then
  rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
  dotnet publish src/Indra.Cli -c Release -r "$rid" --self-contained false -o artifacts/indra -nologo -v quiet
  indra=$PWD/artifacts/indra/indra
fi
work=$(mktemp -d /var/tmp/indra-heat.XXXXXX)
mounts=()
cleanup() { for m in "${mounts[@]}"; do "$indra" unmount "$m" >/dev/null 2>&1 || umount -l "$m" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
line() { printf '%-52s %s\n' "$1" "$2"; }
creator=${before:-$indra}

echo "# Indra heat at scale: $events events over $files files ($(nproc) cores, $(date -u +%FT%TZ))"
# 1. A vault with N files, made through a mount; their inodes and paths become the events' targets.
"$creator" init --vault "$work/v" >/dev/null
mkdir -p "$work/m"
"$creator" mount "$work/m" --vault "$work/v" --background >/dev/null; mounts+=("$work/m")
mkdir "$work/m/vault/heat"
for ((i = 0; i < files; i++)); do printf '%d\n' "$i" > "$work/m/vault/heat/$(printf 'f%05d' "$i")"; done
for ((i = 0; i < files; i++)); do printf '%d,%s,vault/heat/%s\n' "$i" "$(stat -c %i "$work/m/vault/heat/$(printf 'f%05d' "$i")")" "$(printf 'f%05d' "$i")"; done > "$work/files.csv"
"$creator" unmount "$work/m" >/dev/null; mounts=()

# 2. N events straight into SQLite, in one transaction.
t=$(now)
sqlite3 "$work/v/vault.db" <<SQL
CREATE TEMP TABLE files(k INTEGER PRIMARY KEY, ino INTEGER, path TEXT);
.mode csv
.import $work/files.csv files
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $events - 1)
INSERT INTO attention(at, kind, player, ino, artifact, from_artifact, path, dwell_ms)
SELECT CAST(strftime('%s', 'now') AS INTEGER) * 1000000000 - ($events - i) * (7 * 86400000000000 / $events),
       CASE WHEN i % 3 = 2 THEN 1 ELSE 0 END, CASE i % 3 WHEN 0 THEN zeroblob(32) WHEN 1 THEN X'0000000000000000000000000000000000000000000000000000000000000001' ELSE X'0000000000000000000000000000000000000000000000000000000000000002' END, f.ino, zeroblob(32), zeroblob(32), f.path,
       CASE WHEN i % 3 = 2 THEN 250 ELSE 0 END
FROM n JOIN files f ON f.k = i % $files;
COMMIT;
SQL
line "write $events events into SQLite (setup)" "$(since "$t") s, $(du -m "$work/v/vault.db" | cut -f1) MiB"
target="vault/heat/f00001"
[[ -n "$before" ]] && cp -a "$work/v" "$work/v-before"

# 3. Mount and time, for each build.
measure() { # NAME BIN VAULT
  local name=$1 bin=$2 vault=$3 mnt="$work/m-$1"
  mkdir -p "$mnt"
  local t; t=$(now)
  "$bin" mount "$mnt" --vault "$vault" --background >/dev/null; mounts+=("$mnt")
  line "$name: mount (first open of the vault)" "$(since "$t") s"
  line "$name: user.indra.heat of $target" "$(getfattr --absolute-names --only-values -n user.indra.heat "$mnt/$target")"
  cat "$mnt/.indra/heat.json" > "$work/$name.heat.json"
  line "$name: heat.json entries" "$(grep -c '"heat":' "$work/$name.heat.json")"
  hyperfine -N --warmup 3 --runs "$runs" --export-csv "$work/$name.csv" \
    "getfattr --absolute-names -n user.indra.heat $mnt/$target" "cat $mnt/.indra/heat.json" >/dev/null
  # CSV columns: command, mean, stddev, median, user, system, min, max (seconds).
  awk -F, -v name="$name" 'NR > 1 { printf "%-52s %.2f ms (median %.2f, min %.2f, max %.2f, %d runs)\n", name ": " ($1 ~ /getfattr/ ? "getfattr -n user.indra.heat" : "cat .indra/heat.json"), $2 * 1000, $4 * 1000, $7 * 1000, $8 * 1000, runs }' runs="$runs" "$work/$name.csv"
  "$bin" unmount "$mnt" >/dev/null; mounts=()
}
[[ -n "$before" ]] && measure before "$before" "$work/v-before"
measure after "$indra" "$work/v"
[[ -n "$before" ]] && line "heat.json before and after" "$(cmp -s "$work/before.heat.json" "$work/after.heat.json" && echo identical || echo "differ: $(diff "$work/before.heat.json" "$work/after.heat.json" | grep -c '^<') lines")"
line "after: attention events kept" "$(sqlite3 "$work/v/vault.db" 'SELECT COUNT(*) FROM attention')"
