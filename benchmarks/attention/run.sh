#!/usr/bin/env bash
# The attention recorder's persistence of one batch of 1,024 events (issue 15): BenchmarkDotNet, in process, on a
# vault on disk (benchmarks/attention/Indra.Benchmarks.Attention, FlushBenchmarks).
#   benchmarks/attention/run.sh [-- BDN ARGS]   (default: --filter '*')
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
args=(--filter '*')
[[ ${1:-} == -- ]] && { shift; args=("$@"); }
cd "$HERE/Indra.Benchmarks.Attention"
dotnet run -c Release -- "${args[@]}"
