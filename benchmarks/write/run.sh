#!/usr/bin/env bash
# Write-path A/B (issue 15, "Writes at disk speed"): the same two writes on several targets, targets alternated in
# every round, with the FUSE daemon's CPU from /proc/PID/stat.
#
#   benchmarks/write/run.sh [--rounds N] [--size MIB] [--perf DIR] TARGET...       (as root)
#
# TARGET is LABEL=KIND: KIND is native, bindfs, overlayfs (fuse-overlayfs with its defaults) or the directory of a
# published Indra (dotnet publish src/Indra.Cli -c Release -o DIR), optionally followed by ,ARG,ARG... passed to
# 'indra mount'. Example: old=/tmp/indra-old new=/tmp/indra-new n=native o=overlayfs
#
# Per target and round: a fresh vault or directory under WORK (--workdir, default /var/tmp/indra-write-ab), then
#   dd if=RANDOM of=DIR/dd bs=1M conv=fsync      (RANDOM: SIZE MiB from /dev/urandom, read once first)
#   fio --rw=write --bs=1M --size=SIZE --ioengine=psync --end_fsync=1 (benchmarks/run.sh's seq_write)
# One line per step: wall s, fsync s (dd's fsync(2), from strace -T), MiB/s, the daemon's user and system CPU s
# (fields 14 and 15 of /proc/PID/stat before and after the step, all threads) and the load average.
# With --perf DIR, round 1's dd of each Indra target is recorded (perf record -F 499 -g; DOTNET_PerfMapEnabled=1).
set -u
ROUNDS=1; SIZE=1024; PERF_DIR=""; WORK=/var/tmp/indra-write-ab
TARGETS=()
while (($#)); do
  case "$1" in
    --rounds) ROUNDS=$2; shift ;;
    --size) SIZE=$2; shift ;;
    --perf) PERF_DIR=$2; shift ;;
    --workdir) WORK=$2; shift ;;
    -h|--help) sed -n 2,17p "$0"; exit 0 ;;
    *=*) TARGETS+=("$1") ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
((${#TARGETS[@]})) || { echo "run.sh: no targets (see --help)" >&2; exit 2; }
for tool in fio strace bc; do command -v $tool >/dev/null || { echo "run.sh: needs $tool" >&2; exit 2; }; done
mkdir -p "$WORK"
RAND=$WORK/random-$SIZE
[[ -f $RAND ]] || head -c "${SIZE}M" /dev/urandom > "$RAND"
cat "$RAND" > /dev/null
TCK=$(getconf CLK_TCK)
[[ -n $PERF_DIR ]] && { mkdir -p "$PERF_DIR"; export DOTNET_PerfMapEnabled=1; }
cpu() { [[ $1 == self ]] && { echo "0 0"; return; }; awk -v t="$TCK" '{ printf "%.2f %.2f", $14/t, $15/t }' "/proc/$1/stat"; }
MOUNTED=()
cleanup() { for m in "${MOUNTED[@]}"; do fusermount3 -u "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; done; }
trap cleanup EXIT

line() { # label step wall fsync mib/s u0 s0 u1 s1
  printf "round %d %-8s %-3s wall %7.2f s  fsync %6s s  %7.1f MiB/s  daemon user %5.2f sys %5.2f total %5.2f s  load %s\n" \
    "$r" "$1" "$2" "$3" "$4" "$5" "$(echo "$8-$6" | bc)" "$(echo "$9-$7" | bc)" "$(echo "$8-$6+$9-$7" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
}

for r in $(seq 1 "$ROUNDS"); do
  for spec in "${TARGETS[@]}"; do
    label=${spec%%=*}; rest=${spec#*=}; kind=${rest%%,*}; opts=()
    [[ $rest == *,* ]] && IFS=',' read -r -a opts <<<"${rest#*,}"
    v=$WORK/$label; m=$WORK/$label-mnt
    rm -rf "$v"; mkdir -p "$v" "$m"
    case $kind in
      native) d=$v/data; mkdir -p "$d"; pid=self ;;
      overlayfs) mkdir -p "$v/l" "$v/u" "$v/w"; fuse-overlayfs -o "lowerdir=$v/l,upperdir=$v/u,workdir=$v/w" "$m" || continue
                 MOUNTED+=("$m"); pid=$(pgrep -nf "fuse-overlayfs -o lowerdir=$v/l"); d=$m/data; mkdir -p "$d" ;;
      bindfs) mkdir -p "$v/src"; bindfs "$v/src" "$m" || continue
              MOUNTED+=("$m"); pid=$(pgrep -nf "bindfs $v/src"); d=$m/data; mkdir -p "$d" ;;
      *) "$kind/indra" init --vault "$v/vault" >/dev/null 2>&1 || { echo "$label: indra init failed"; continue; }
         "$kind/indra" mount "$m" --vault "$v/vault" --background "${opts[@]}" >"$v/mount.log" 2>&1 \
           || { echo "$label: indra mount failed: $(tail -2 "$v/mount.log")"; continue; }
         pid=$(grep -oE 'daemon pid [0-9]+' "$v/mount.log" | grep -oE '[0-9]+' | head -1); d=$m/vault/data; mkdir -p "$d" ;;
    esac
    read -r u0 s0 <<<"$(cpu "$pid")"
    pp=""
    if [[ -n $PERF_DIR && $r == 1 && $pid != self && -x $kind/indra ]]; then
      perf record -F 499 -g -p "$pid" -o "$PERF_DIR/$label.data" >/dev/null 2>&1 & pp=$!
    fi
    t0=$(date +%s.%N)
    strace -e trace=fsync -T -o "$v/dd.strace" dd if="$RAND" of="$d/dd" bs=1M conv=fsync status=none
    t1=$(date +%s.%N)
    [[ -n $pp ]] && { kill -INT "$pp"; wait "$pp"; }
    read -r u1 s1 <<<"$(cpu "$pid")"
    fsync=$(grep -oE '<[0-9.]+>' "$v/dd.strace" | tr -d '<>' | head -1)
    line "$label" dd "$(echo "$t1 - $t0" | bc)" "${fsync:-?}" "$(echo "$SIZE / ($t1 - $t0)" | bc -l)" "$u0" "$s0" "$u1" "$s1"
    t0=$(date +%s.%N)
    fio --name=seqwrite --rw=write --bs=1M --size="${SIZE}M" --ioengine=psync --numjobs=1 --direct=0 --fallocate=none \
      --end_fsync=1 --directory="$d" --output-format=terse --terse-version=3 >"$v/fio.txt" 2>&1
    t2=$(date +%s.%N)
    read -r u2 s2 <<<"$(cpu "$pid")"
    line "$label" fio "$(echo "$t2 - $t0" | bc)" "-" "$(awk -F';' '{ printf "%.1f", $48/1024 }' "$v/fio.txt")" "$u1" "$s1" "$u2" "$s2"
    case $kind in
      native) ;;
      overlayfs|bindfs) fusermount3 -u "$m" ;;
      *) "$kind/indra" unmount "$m" >/dev/null 2>&1 || "$kind/indra" unmount --force "$m" >/dev/null 2>&1
         for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done ;;
    esac
    rm -rf "$v"
  done
done
