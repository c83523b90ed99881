#!/usr/bin/env bash
# Engine-at-scale benchmarks (issue 6): each figure is measured in one run against a baseline of the same run.
#   benchmarks/scale/run.sh [--files N]      (default N = 1,000,000)
# Prints one line per figure; needs root (drop_caches), fuse3, b3sum.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=1000000
[[ "${1:-}" == "--files" ]] && files=$2
build/setup.sh --bench >/dev/null
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish src/Indra.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o artifacts/indra -nologo -v quiet
dotnet build benchmarks/scale/Indra.Benchmarks.Scale -c Release -nologo -v quiet >/dev/null
indra=$PWD/artifacts/indra/indra
populate="dotnet $PWD/benchmarks/scale/Indra.Benchmarks.Scale/bin/Release/net10.0/Indra.Benchmarks.Scale.dll populate"
work=$(mktemp -d /var/tmp/indra-scale.XXXXXX)
mounts=()
cleanup() { for m in "${mounts[@]}"; do "$indra" unmount "$m" >/dev/null 2>&1 || umount -l "$m" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status"; }
daemon_of() { pgrep -f "indra mount $1 " | head -1; }
mount_vault() { mkdir -p "$2"; "$indra" mount "$2" --vault "$1" --background >/dev/null; mounts+=("$2"); }
engine() { grep -o "\"$2\": [0-9]*" "$1/.indra/player.json" | awk '{ print $2 }'; }
line() { printf '%-44s %s\n' "$1" "$2"; }

echo "# Indra engine at scale ($(nproc) cores, $(date -u +%FT%TZ))"

# 1. Mount time and memory for a vault of N files (1,000 files per directory), populated in-process.
t=$(now); $populate "$work/big-vault" "$files" 1000 >/dev/null; line "populate $files files (setup)" "$(since "$t") s"
t=$(now); mount_vault "$work/big-vault" "$work/m1"; mount_s=$(since "$t")
pid=$(daemon_of "$work/m1"); rss_mount=$(rss_kib "$pid")
line "mount of $files files (indra mount -b)" "$mount_s s, RSS $((rss_mount / 1024)) MiB"
t=$(now); count=$(find "$work/m1/vault" -type f | wc -l); find_s=$(since "$t")
rss_find=$(rss_kib "$pid")
line "find over $count files" "$find_s s"
line "memory per cached inode" "$(awk -v a="$rss_find" -v b="$rss_mount" -v n="$count" 'BEGIN { printf "%.0f bytes (RSS %d MiB after find)", (a - b) * 1024 / n, a / 1024 }')"
"$indra" unmount "$work/m1" >/dev/null

# 2. ls -l of one directory of 100,000 entries.
$populate "$work/wide-vault" 100000 100000 >/dev/null
mount_vault "$work/wide-vault" "$work/m2"
t=$(now); entries=$(ls -l "$work/m2/vault/d000000" | tail -n +2 | wc -l); line "ls -l of a directory of 100,000 entries" "$(since "$t") s ($entries entries)"
"$indra" unmount "$work/m2" >/dev/null

# 3. Content: 1 GiB sequential write and read against a native directory, 1-byte edit vs full rewrite, hashing.
"$indra" init --vault "$work/v3" >/dev/null; mount_vault "$work/v3" "$work/m3"; pid=$(daemon_of "$work/m3")
mkdir -p "$work/native"
head -c 1G /dev/urandom > "$work/source-1g"
sync; echo 3 > /proc/sys/vm/drop_caches; cat "$work/source-1g" > /dev/null
t=$(now); dd if="$work/source-1g" of="$work/native/f" bs=1M conv=fsync status=none; nw=$(since "$t")
t=$(now); dd if="$work/source-1g" of="$work/m3/vault/f" bs=1M conv=fsync status=none; iw=$(since "$t")
line "1 GiB sequential write: native / indra" "$nw s / $iw s (indra at $(ratio "$nw" "$iw") of native)"
t=$(now); cat "$work/native/f" > /dev/null; nr=$(since "$t"); t=$(now); cat "$work/m3/vault/f" > /dev/null; ir=$(since "$t")
line "1 GiB sequential read, warm: native / indra" "$nr s / $ir s (indra at $(ratio "$nr" "$ir") of native)"
sync; echo 3 > /proc/sys/vm/drop_caches
t=$(now); cat "$work/native/f" > /dev/null; nr=$(since "$t"); sync; echo 3 > /proc/sys/vm/drop_caches; t=$(now); cat "$work/m3/vault/f" > /dev/null; ir=$(since "$t")
line "1 GiB sequential read, cold: native / indra" "$nr s / $ir s (indra at $(ratio "$nr" "$ir") of native)"
h0=$(engine "$work/m3" bytes_hashed)
t=$(now); printf 'x' | dd of="$work/m3/vault/f" bs=1 seek=536870000 conv=notrunc,fsync status=none; edit=$(since "$t")
h1=$(engine "$work/m3" bytes_hashed)
t=$(now); dd if="$work/source-1g" of="$work/m3/vault/f" bs=1M conv=fsync status=none; rewrite=$(since "$t")
h2=$(engine "$work/m3" bytes_hashed)
line "1-byte edit vs full rewrite of 1 GiB" "$edit s vs $rewrite s ($(ratio "$rewrite" "$edit")x); hashed $((h1 - h0)) vs $((h2 - h1)) bytes"
id=$(getfattr --only-values -n user.indra.id "$work/m3/vault/f"); b3=$(b3sum --no-names "$work/m3/vault/f")
line "user.indra.id equals b3sum after the edits" "$([[ "$id" == "$b3" ]] && echo yes || echo NO)"
t=$(now); b3sum --num-threads 1 "$work/source-1g" >/dev/null; b1=$(since "$t")
t=$(now); b3sum "$work/source-1g" >/dev/null; bn=$(since "$t")
t=$(now); "$indra" hash "$work/source-1g" >/dev/null; ih=$(since "$t")
line "hash 1 GiB: b3sum -j1 / b3sum / indra hash" "$b1 s / $bn s / $ih s (indra at $(ratio "$b1" "$ih") of b3sum -j1, $(ratio "$bn" "$ih") of b3sum)"

# 4. Peak resident memory of the daemon while a 4 GiB file is written through the mount.
before=$(hwm_kib "$pid")
t=$(now); for i in 1 2 3 4; do head -c 1G /dev/urandom; done > "$work/m3/vault/four-gib"; w4=$(since "$t")
line "4 GiB write through the mount" "$w4 s, daemon peak RSS $(( $(hwm_kib "$pid") / 1024 )) MiB (before: $((before / 1024)) MiB)"
