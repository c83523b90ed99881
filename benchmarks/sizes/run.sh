#!/usr/bin/env bash
# Sizes without memory (issue "Every file type, every size, every user"), each figure against a baseline of the same run:
#   1. cp of a 1 GiB file inside the vault (copy_file_range sharing blocks) against cp on the native disk, median of 3;
#   2. a pwrite at 2^34 and a truncate to the maximum file size: the daemon's peak RSS (VmHWM), and the time until
#      user.indra.id of the 2^34 file is ready against b3sum of the same sparse file on the native disk.
#   benchmarks/sizes/run.sh        (needs root, fuse3, b3sum)
set -euo pipefail
cd "$(dirname "$0")/../.."
build/setup.sh --bench >/dev/null
rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
dotnet publish src/Indra.Cli -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -o artifacts/indra -nologo -v quiet
indra=$PWD/artifacts/indra/indra
work=$(mktemp -d /var/tmp/indra-sizes.XXXXXX)
cleanup() { "$indra" unmount "$work/m" >/dev/null 2>&1 || umount -l "$work/m" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"; }
line() { printf '%-58s %s\n' "$1" "$2"; }

"$indra" init --vault "$work/v" >/dev/null
mkdir -p "$work/m" "$work/native"
"$indra" mount "$work/m" --vault "$work/v" --background >/dev/null
pid=$(pgrep -f "indra mount $work/m " | head -1)
echo "# Indra sizes and copies ($(nproc) cores, $(date -u +%FT%TZ), $(uname -r))"

head -c 1G /dev/urandom > "$work/native/source"
cp "$work/native/source" "$work/m/vault/source"
native=(); mounted=(); cpu=()
for i in 1 2 3; do
  sync; t=$(now); cp "$work/native/source" "$work/native/copy$i"; sync; native+=("$(since "$t")")
  c0=$(cpu_s "$pid"); t=$(now); cp "$work/m/vault/source" "$work/m/vault/copy$i"; mounted+=("$(since "$t")"); c1=$(cpu_s "$pid")
  cpu+=("$(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }')")
done
n=$(printf '%s\n' "${native[@]}" | median); m=$(printf '%s\n' "${mounted[@]}" | median)
line "cp 1 GiB, native ext4 (copy_file_range, then sync), median of 3" "$n s  (runs: ${native[*]})"
line "cp 1 GiB inside the vault (blocks shared), median of 3" "$m s  (runs: ${mounted[*]}; daemon CPU ${cpu[*]} s)"
line "indra / native time" "$(awk -v a="$m" -v b="$n" 'BEGIN { printf "%.3f", a / b }')"
cmp "$work/native/source" "$work/m/vault/copy1" && line "copy equals source" "yes"

printf 'indra' | dd of="$work/native/sparse" bs=1 seek=$((1 << 34)) conv=notrunc status=none
t=$(now); b3=$(b3sum --no-names "$work/native/sparse"); b3s=$(since "$t")
t=$(now); printf 'indra' | dd of="$work/m/vault/sparse" bs=1 seek=$((1 << 34)) conv=notrunc status=none; w=$(since "$t")
until [[ "$(getfattr --only-values -n user.indra.id "$work/m/vault/sparse" 2>/dev/null)" == "$b3" ]]; do sleep 0.2; done
ids=$(since "$t")
line "pwrite of 5 bytes at 2^34 (writer's wait)" "$w s"
line "user.indra.id of that file ready (= b3sum), after the write" "$ids s  (b3sum of the native twin: $b3s s)"
truncate -s 17592186040320 "$work/m/vault/max"
sleep 5
line "daemon peak RSS (VmHWM) after both and 5 s of hashing the 16 TiB hole" "$(awk '/^VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$pid/status")"
rm -f "$work/m/vault/max"
