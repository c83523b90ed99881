#!/usr/bin/env bash
# perf profile of the daemon during the rename and unlink phases of the metadata loop (N empty files in one
# directory): samples by thread and the top symbols. ReadyToRun off and the perf map on, so every method is named.
# usage: profile-meta.sh LABEL INDRA_BIN_DIR [N]   (as root; perf installed; MOUNTX adds indra mount options)
set -uo pipefail
: "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; n=${3:-5000}
W="$WORKDIR"/profmeta-$label
rm -rf "$W"; mkdir -p "$W/mnt"
"$bin" init --vault "$W/vault" >/dev/null 2>&1
DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0 "$bin" mount "$W/mnt" --vault "$W/vault" --background ${MOUNTX:-} > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
D="$W/mnt/vault/meta"; mkdir -p "$D"
loop() { perl -e 'my ($d,$n,$p)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/$p$i") or die; close $f } for my $i (0..$n-1) { rename("$d/$p$i", "$d/r$p$i") or die } for my $i (0..$n-1) { unlink("$d/r$p$i") or die }' "$D" "$1" "$2"; }
loop 2000 w   # warm up the JIT
perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f }' "$D" "$n"
perf record -F 999 -g -p $pid -o "$W/perf.data" 2>"$W/perf.err" &
pp=$!
sleep 1
perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { rename("$d/f$i", "$d/g$i") or die } for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$D" "$n"
kill -INT $pp; wait $pp
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
perf report -i "$W/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -40 > "$W/report.txt"
perf report -i "$W/perf.data" --no-children --sort comm,dso --stdio -g none 2>/dev/null | grep -v '^#' | grep '%' | head -20 > "$W/dso.txt"
perf script -i "$W/perf.data" -F comm,ip,sym 2>/dev/null > "$W/script.txt"
awk 'BEGIN{RS=""} { split($0, L, "\n"); c=L[1]; sub(/^ +/,"",c); sub(/ +$/,"",c); tot[c]++; all++; cb=0; for (i in L) if (L[i] ~ /Indra\.Platform\.Fuse\.Callbacks\.FuseCallbacks::/) cb=1; if (cb) incb[c]++ } END { printf "SAMPLES total %d\n", all; for (k in tot) printf "  %-32s %6d  in a callback %6d\n", k, tot[k], incb[k] }' "$W/script.txt"
echo "top symbols: $W/report.txt"; head -25 "$W/report.txt"
