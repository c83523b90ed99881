#!/usr/bin/env bash
# The daemon's CPU per GiB written (benchmarks/run.sh's daemon_cpu_per_gib row) on one Indra build, twice per run:
#   cold: dd of RANDOM into a fresh vault on a fresh daemon;
#   warm: the same dd again after the first file was deleted (rm, then 2 s for the deletes to land), which is what
#         the suite's dd meets: fio's seq_write GiB was written and deleted before it.
# One line per pass: wall s, the daemon's user and sys CPU s (fields 14 and 15 of /proc/PID/stat around the dd) and
# engine.bytes_hashed from .indra/player.json (it must grow by exactly the bytes written).
#   benchmarks/write/dd-cpu.sh LABEL INDRA_BIN_DIR RANDOM_FILE [VAR=VALUE...]     (as root; alternate builds)
# With PERF=1 each pass is recorded (perf record -F 2999 -g; DOTNET_PerfMapEnabled=1, W^X off so JIT code is named)
# into WORKDIR/perf-LABEL-PASS.data. VAR=VALUE goes into the environment of indra mount.
set -u
label=$1; bin=$2/indra; RAND=$3; shift 3
: "${WORKDIR:=/var/tmp}"
W=$WORKDIR/dd-cpu-$label
TCK=$(getconf CLK_TCK)
envx=("$@")
((${PERF:-0})) && envx+=(DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0)
rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo "indra init failed"; exit 1; }
env "${envx[@]}" "$bin" mount "$W/mnt" --vault "$W/vault" --background >"$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
cpu() { awk -v t="$TCK" '{ printf "%.2f %.2f", $14/t, $15/t }' "/proc/$pid/stat"; }
mkdir -p "$W/mnt/vault/d"
cat "$RAND" >/dev/null
for pass in cold warm; do
  pp=""
  if ((${PERF:-0})); then
    perf record -F 2999 -g -p "$pid" -o "$WORKDIR/perf-$label-$pass.data" 2>/dev/null & pp=$!
    sleep 3
  fi
  read -r u0 s0 <<<"$(cpu)"; t0=$(date +%s.%N)
  dd if="$RAND" of="$W/mnt/vault/d/random.dat" bs=1M conv=fsync status=none
  t1=$(date +%s.%N); read -r u1 s1 <<<"$(cpu)"
  [[ -n $pp ]] && { kill -INT "$pp"; wait "$pp"; }
  hashed=$(grep -oE '"bytes_hashed": *[0-9]+' "$W/mnt/.indra/player.json" 2>/dev/null | grep -oE '[0-9]+$')
  printf '%s %s wall %.2f user %.2f sys %.2f cpu %.2f bytes_hashed %s load %s\n' "$label" "$pass" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "$u1 - $u0" | bc)" "$(echo "$s1 - $s0" | bc)" "$(echo "$u1 - $u0 + $s1 - $s0" | bc)" "${hashed:-?}" "$(cut -d' ' -f1 /proc/loadavg)"
  rm -f "$W/mnt/vault/d/random.dat"; sleep 2
done
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
