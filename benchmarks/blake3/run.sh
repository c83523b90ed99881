#!/usr/bin/env bash
# BLAKE3 throughput (issue 15), two parts in one run:
#  1. in process: Indra.Hashing against the Blake3 NuGet package, side by side in one BenchmarkDotNet run
#     (1 KiB, 64 KiB, 1 MiB, 1 GiB; one thread and all cores), table with GB/s and ratios;
#  2. command line: `indra hash FILE` against `b3sum FILE` (all cores) and both on one thread, on a cached random file:
#     wall time with hyperfine (interleaved, so load hits both alike) and CPU seconds (user + sys) per run.
#
#   benchmarks/blake3/run.sh [--size-mib N] [--workdir DIR] [--indra-bin PATH] [--skip-bdn] [--skip-cli] [-- BDN ARGS]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
SIZE_MIB=1024
WORKROOT="${TMPDIR:-/var/tmp}"
INDRA_BIN=""
RUN_BDN=1
RUN_CLI=1
BDN_ARGS=(--filter '*')
while (($#)); do
  case "$1" in
    --size-mib) SIZE_MIB="$2"; shift ;;
    --workdir) WORKROOT="$2"; shift ;;
    --indra-bin) INDRA_BIN="$2"; shift ;;
    --skip-bdn) RUN_BDN=0 ;;
    --skip-cli) RUN_CLI=0 ;;
    --) shift; BDN_ARGS=("$@"); break ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "blake3/run.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
WORK=$(mktemp -d "$WORKROOT/indra-blake3.XXXXXX")
trap 'rm -rf --one-file-system "$WORK"' EXIT
log "work area: $WORK; $(nproc) CPUs, $(grep -o 'avx[^ ]*' /proc/cpuinfo | sort -u | tr '\n' ' '); load $(cut -d' ' -f1-3 /proc/loadavg)"

if ((RUN_BDN)); then
  project="$HERE/Indra.Benchmarks.Blake3"
  log "building $project (Release)"
  dotnet build "$project" -c Release -nologo -v quiet >"$WORK/bdn-build.log" 2>&1 || { cat "$WORK/bdn-build.log" >&2; exit 1; }
  log "BenchmarkDotNet: ${BDN_ARGS[*]}"
  dotnet "$project/bin/Release/net10.0/Indra.Benchmarks.Blake3.dll" "${BDN_ARGS[@]}" --artifacts "$WORK/bdn" >"$WORK/bdn.log" 2>&1 \
    || { tail -40 "$WORK/bdn.log" >&2; exit 1; }
  # the summary table, as BenchmarkDotNet printed it
  awk '/^\/\/ \* Summary \*/ { on = 1 } on' "$WORK/bdn.log" | sed -n '1,60p'
fi

if ((RUN_CLI)); then
  for tool in b3sum hyperfine; do
    command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install $tool)"; exit 1; }
  done
  if [[ -z $INDRA_BIN ]]; then
    # published as build/run.sh publishes it (ReadyToRun), so start-up is what users get
    rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
    log "publishing src/Indra.Cli (Release, ReadyToRun)"
    dotnet publish "$REPO/src/Indra.Cli" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
      -o "$WORK/indra-bin" -nologo -v quiet >"$WORK/publish.log" 2>&1 || { tail -20 "$WORK/publish.log" >&2; exit 1; }
    INDRA_BIN="$WORK/indra-bin/indra"
  fi
  file="$WORK/random-${SIZE_MIB}MiB.bin"
  log "writing $SIZE_MIB MiB of random bytes to $file"
  head -c "${SIZE_MIB}M" /dev/urandom >"$file"
  cat "$file" >/dev/null
  ours=$("$INDRA_BIN" hash "$file" | cut -d' ' -f1)
  theirs=$(b3sum "$file" | cut -d' ' -f1)
  [[ $ours == "$theirs" ]] || { log "MISMATCH: indra hash $ours, b3sum $theirs"; exit 1; }
  log "indra hash and b3sum agree: $ours"

  hyperfine -N --warmup 2 --runs 10 --export-markdown "$WORK/hyperfine.md" \
    -n "b3sum (all cores)" "b3sum $file" \
    -n "indra hash (all cores)" "$INDRA_BIN hash $file" \
    -n "b3sum --num-threads 1" "b3sum --num-threads 1 $file" \
    -n "indra hash, 1 thread" "env DOTNET_PROCESSOR_COUNT=1 $INDRA_BIN hash $file" >"$WORK/hyperfine.log" 2>&1 \
    || { cat "$WORK/hyperfine.log" >&2; exit 1; }
  echo
  echo "command line, $SIZE_MIB MiB cached file (hyperfine, 2 warm-ups, 10 runs; 'indra hash, 1 thread' runs with DOTNET_PROCESSOR_COUNT=1):"
  cat "$WORK/hyperfine.md"

  # CPU seconds per run (user + sys of the process and its threads), median of 7, interleaved
  echo
  echo "CPU (user + sys), median of 7 interleaved runs:"
  declare -A cpu=()
  names=("b3sum" "indra hash" "b3sum --num-threads 1" "indra hash, 1 thread")
  for ((i = 0; i < 7; i++)); do
    for n in "${names[@]}"; do
      case "$n" in
        "b3sum") cmd=(b3sum "$file") ;;
        "indra hash") cmd=("$INDRA_BIN" hash "$file") ;;
        "b3sum --num-threads 1") cmd=(b3sum --num-threads 1 "$file") ;;
        "indra hash, 1 thread") cmd=(env DOTNET_PROCESSOR_COUNT=1 "$INDRA_BIN" hash "$file") ;;
      esac
      t=$( { TIMEFORMAT='%U %S'; time "${cmd[@]}" >/dev/null; } 2>&1 | tail -1)
      cpu[$n]+="$(awk '{ print $1 + $2 }' <<<"$t") "
    done
  done
  for n in "${names[@]}"; do
    printf '  %-24s %s s\n' "$n" "$(tr ' ' '\n' <<<"${cpu[$n]}" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
  done
fi
