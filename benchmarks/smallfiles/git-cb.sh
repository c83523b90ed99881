#!/usr/bin/env bash
# git add -A and git commit of the untarred tree: wall s, daemon CPU s and the summed release callback seconds
# (indra mount --metrics). usage: git-cb.sh LABEL INDRA_BIN_DIR ROUND   (as root; TARBALL, WORKDIR as untar-cb.sh)
: "${TARBALL:=/var/tmp/s11/tree.tar}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; W=$WORKDIR/gitcb-$label-$3; rm -rf $W; mkdir -p $W/mnt $W/home
printf "[user]\n\tname = B\n\temail = b@x.invalid\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n" > $W/home/.gitconfig
$bin init --vault $W/vault >/dev/null; $bin mount $W/mnt --vault $W/vault --background --metrics > $W/mount.log 2>&1
pid=$(grep -oE 'daemon pid [0-9]+' $W/mount.log | grep -oE '[0-9]+' | head -1)
url=$(find $W/vault -name metrics.url -exec cat {} \; | head -1); D=$W/mnt/vault/b; mkdir -p $D
tar -xf "$TARBALL" -C $D; git -C $D init -q
rel() { curl -s $url | awk '/indra_fuse_request_duration_seconds_sum\{operation="release"\}/ {print $2}'; }
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
for s in add commit; do
  r0=$(rel); c0=$(cpu); t0=$(date +%s.%N)
  if [ $s = add ]; then HOME=$W/home git -C $D add -A; else HOME=$W/home git -C $D commit -q -m x; fi
  t1=$(date +%s.%N); c1=$(cpu); r1=$(rel)
  printf '%s %s git_%s wall=%.2f cpu=%.2f release_cb=%.2f\n' $label $3 $s $(echo "$t1 - $t0" | bc) $(echo "($c1 - $c0)/$(getconf CLK_TCK)" | bc -l) $(echo "$r1 - $r0" | bc -l)
done
$bin unmount $W/mnt >/dev/null 2>&1 || $bin unmount $W/mnt --force; rm -rf $W
