#!/usr/bin/env bash
# Daemon CPU per symlink(2) and per created small file, with the two interleaved as an untar makes them.
# usage: symlinks.sh LABEL INDRA_BIN_DIR ROUND [N]   (as root; run old and new alternately)
# Prints wall s and the daemon's CPU s (utime + stime of /proc/PID/stat) for N symlinks alone, then for N pairs of a
# 100-byte file and a symlink in one perl process.
set -uo pipefail
: "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; round=$3; n=${4:-2000}
W="$WORKDIR"/sym-$label-$round
rm -rf "$W"; mkdir -p "$W/mnt"
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
"$bin" mount "$W/mnt" --vault "$W/vault" --background > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
D="$W/mnt/vault/s"; mkdir -p "$D/a" "$D/b"
tk=$(getconf CLK_TCK)
step() { # name cmd...
  local name=$1; shift
  local c0=$(cpu $pid) t0=$(date +%s.%N)
  "$@"; local rc=$?
  local t1=$(date +%s.%N) c1=$(cpu $pid)
  printf '%s %s %s n=%d wall=%.3f cpu=%.3f us/op=%.0f rc=%d\n' "$label" "$round" "$name" "$n" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(echo "($c1 - $c0)/$tk*1000000/$n" | bc -l)" $rc
}
step symlinks perl -e 'my ($d, $n) = @ARGV; for my $i (1..$n) { symlink("target/of/link/$i", "$d/l$i") or die "$!" }' "$D/a" "$n"
step file+symlink perl -e 'my ($d, $n) = @ARGV; my $x = "x" x 100; for my $i (1..$n) { open(my $f, ">", "$d/f$i") or die; print $f $x; close $f; symlink("f$i", "$d/l$i") or die "$!" }' "$D/b" "$n"
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
rm -rf "$W"
