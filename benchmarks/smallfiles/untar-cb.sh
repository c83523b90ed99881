#!/usr/bin/env bash
# Untar only: wall s, daemon CPU s (utime + stime of /proc/PID/stat) and the summed callback seconds of create and
# release (indra mount --metrics). usage: untar-cb.sh LABEL INDRA_BIN_DIR ROUND   (as root; TARBALL, WORKDIR as ab.sh)
: "${TARBALL:=/var/tmp/s11/tree.tar}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; r=$3
W=$WORKDIR/u-$label-$r; rm -rf $W; mkdir -p $W/mnt
$bin init --vault $W/vault >/dev/null 2>&1; $bin mount $W/mnt --vault $W/vault --background --metrics > $W/mount.log 2>&1
pid=$(grep -oE 'daemon pid [0-9]+' $W/mount.log | grep -oE '[0-9]+' | head -1)
url=$(find $W/vault -name metrics.url -exec cat {} \; | head -1); mkdir -p $W/mnt/vault/b
sync; echo 3 > /proc/sys/vm/drop_caches
c0=$(awk '{print $14+$15}' /proc/$pid/stat); t0=$(date +%s.%N)
tar -xf "$TARBALL" -C $W/mnt/vault/b
t1=$(date +%s.%N); c1=$(awk '{print $14+$15}' /proc/$pid/stat)
cb=$(curl -s $url | awk '/indra_fuse_request_duration_seconds_sum\{operation="(create|release)"\}/ {split($1,a,"\""); printf "%s=%.2f ", a[2], $2}')
printf '%s %s untar wall=%.2f cpu=%.2f %s\n' $label $r $(echo "$t1 - $t0" | bc) $(echo "($c1 - $c0)/$(getconf CLK_TCK)" | bc -l) "$cb"
$bin unmount $W/mnt >/dev/null 2>&1 || $bin unmount $W/mnt --force; rm -rf $W
