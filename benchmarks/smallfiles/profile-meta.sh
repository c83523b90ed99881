#!/usr/bin/env bash
# perf profile of the daemon during the rename and unlink phases of the metadata loop (N empty files in one
# directory): samples by thread and the top symbols. ReadyToRun off and the perf map on, so every method is named.
# usage: profile-meta.sh LABEL INDRA_BIN_DIR [N]   (as root; perf installed; MOUNTX adds indra mount options)
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/perf-daemon.sh"
: "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; n=${3:-5000}
W="$WORKDIR"/profmeta-$label
profiled_mount "$W" "$bin"
D="$W/mnt/vault/meta"; mkdir -p "$D"
loop() { perl -e 'my ($d,$n,$p)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/$p$i") or die; close $f } for my $i (0..$n-1) { rename("$d/$p$i", "$d/r$p$i") or die } for my $i (0..$n-1) { unlink("$d/r$p$i") or die }' "$D" "$1" "$2"; }
loop 2000 w   # warm up the JIT
perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f }' "$D" "$n"
perf_start "$W"
perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { rename("$d/f$i", "$d/g$i") or die } for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$D" "$n"
perf_stop
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
perf_reports "$W" 40
awk 'BEGIN{RS=""} { split($0, L, "\n"); c=L[1]; sub(/^ +/,"",c); sub(/ +$/,"",c); tot[c]++; all++; cb=0; for (i in L) if (L[i] ~ /Indra\.Platform\.Fuse\.Callbacks\.FuseCallbacks::/) cb=1; if (cb) incb[c]++ } END { printf "SAMPLES total %d\n", all; for (k in tot) printf "  %-32s %6d  in a callback %6d\n", k, tot[k], incb[k] }' "$W/script.txt"
echo "top symbols: $W/report.txt"; head -25 "$W/report.txt"
