# Sourced by profile.sh and profile-meta.sh: an Indra daemon mounted for perf, and perf around a workload.
# profiled_mount W BIN: a new vault W/vault mounted on W/mnt with ReadyToRun off and the perf map on (every method
#   is named); MOUNTX adds indra mount options; sets pid (the daemon's).
# perf_start W: records the daemon into W/perf.data (999 Hz, call graphs) until perf_stop; waits 1 s for perf.
# perf_stop: ends the recording.  perf_reports W N: the top N symbols into W/report.txt, threads/DSOs into W/dso.txt
#   and every sample's thread and stack into W/script.txt.
profiled_mount() {
  local w=$1 b=$2
  rm -rf "$w"; mkdir -p "$w/mnt"
  "$b" init --vault "$w/vault" >/dev/null 2>&1
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 "$b" mount "$w/mnt" --vault "$w/vault" --background ${MOUNTX:-} > "$w/mount.log" 2>&1 || { cat "$w/mount.log"; exit 1; }
  pid=$(grep -oE 'daemon pid [0-9]+' "$w/mount.log" | grep -oE '[0-9]+' | head -1)
}
perf_start() {
  perf record -F 999 -g -p "$pid" -o "$1/perf.data" 2>"$1/perf.err" &
  perf_pid=$!
  sleep 1
}
perf_stop() { kill -INT "$perf_pid"; wait "$perf_pid"; }
perf_reports() {
  perf report -i "$1/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -"$2" > "$1/report.txt"
  perf report -i "$1/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -20 > "$1/dso.txt"
  perf script -i "$1/perf.data" -F comm,ip,sym 2>/dev/null > "$1/script.txt"
}
