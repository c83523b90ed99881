#!/usr/bin/env bash
# Per-phase cost of the metadata loop (benchmarks/lib/metaloop.pl's phases, one at a time): ops/s, daemon CPU per op
# (user+sys, fields 14 and 15 of /proc/PID/stat) and FUSE requests per op by operation (indra mount --metrics).
# usage: metaops.sh LABEL INDRA_BIN_DIR ROUND [N]     (as root; run old and new alternately)
#        metaops.sh LABEL DIR ROUND [N]               (DIR not an Indra build: the phases in DIR, ops/s only; for
#                                                      native ext4 or a bindfs mount)
# Prints "LABEL ROUND PHASE ops/s=.. cpu_us/op=.. req/op=.. (op=count/N ...)".
set -uo pipefail
: "${WORKDIR:=/var/tmp}"
label=$1; target=$2; round=$3; n=${4:-5000}
W="$WORKDIR"/metaops-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt"
tk=$(getconf CLK_TCK)
pid=""; url=""
if [[ -x $target/indra ]]; then
  "$target/indra" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
  env ${ENVX:-} "$target/indra" mount "$W/mnt" --vault "$W/vault" --background --metrics ${MOUNTX:-} > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
  pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
  url=$(cat "$W/vault/metrics.url" 2>/dev/null || find "$W/vault" -name metrics.url -exec cat {} \; | head -1)
  D="$W/mnt/vault/meta"
else
  D="$target/metaops-$label-$round"
  rm -rf "$D"
fi
mkdir -p "$D"
cpu() { [[ -n $pid ]] && awk '{print $14+$15}' /proc/$pid/stat || echo 0; }
scrape() { [[ -n $url ]] && curl -s "$url" | awk '/^indra_fuse_requests_total/ {split($0,a," "); s[$1]=a[2]} END{for(k in s) print k, s[k]}' | sort || true; }
# One phase in its own perl (start-up outside the timed loop); prints its seconds.
phase() {
  perl -MTime::HiRes=clock_gettime,CLOCK_MONOTONIC -MFcntl=O_CREAT,O_WRONLY,O_EXCL -e '
    my ($p, $d, $n) = @ARGV; my $t0 = clock_gettime(CLOCK_MONOTONIC);
    if ($p eq "create") { for my $i (0..$n-1) { sysopen(my $f, "$d/f$i", O_CREAT|O_WRONLY|O_EXCL, 0644) or die "$p $i: $!"; close $f; } }
    elsif ($p eq "stat") { for my $i (0..$n-1) { lstat("$d/f$i") or die "$p $i: $!"; } }
    elsif ($p eq "rename") { for my $i (0..$n-1) { rename("$d/f$i", "$d/g$i") or die "$p $i: $!"; } }
    elsif ($p eq "unlink") { for my $i (0..$n-1) { unlink("$d/g$i") or die "$p $i: $!"; } }
    printf "%.6f\n", clock_gettime(CLOCK_MONOTONIC) - $t0;' "$1" "$D" "$n"
}
for p in create stat rename unlink; do
  scrape > "$W/req0"; c0=$(cpu)
  s=$(phase $p) || { echo "$label $round $p failed"; break; }
  c1=$(cpu); scrape > "$W/req1"
  reqs=$(join -a2 -e0 -o 0,1.2,2.2 "$W/req0" "$W/req1" | awk -v n=$n '{d=$3-$2; if(d>0){t+=d; sub(/indra_fuse_requests_total\{operation="/,"",$1); sub(/",outcome="/,":",$1); sub(/"\}/,"",$1); o=o sprintf(" %s=%.2f", $1, d/n)}} END{printf "req/op=%.2f%s", t/n, o}')
  printf '%s %s %s ops/s=%.0f cpu_us/op=%.1f %s\n' "$label" "$round" "$p" "$(echo "$n / $s" | bc -l)" "$(echo "($c1 - $c0) * 1000000 / $tk / $n" | bc -l)" "${reqs:-}"
done
if [[ -n $pid ]]; then "$target/indra" unmount "$W/mnt" >/dev/null 2>&1 || "$target/indra" unmount "$W/mnt" --force; else rmdir "$D"; fi
rm -rf "$W"
