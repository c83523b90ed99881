#!/usr/bin/env bash
# perf of the daemon's FUSE loop threads (comm indra-fuse-loop) apart from the rest, one profile per workload: an
# untar, five warm finds, five warm `git status --porcelain` (after git add and commit), and the unlink of 5,000
# empty files (metaloop's unlink phase), with the FUSE requests of each (indra mount --metrics).
# usage: TARBALL=tree.tar profile-loop.sh LABEL INDRA_BIN_DIR   (as root; perf installed; R2R off, perf map on)
# Writes WORKDIR/ploop-LABEL/STEP/{report.txt,loop.txt,requests.txt}; loop.txt (loop-profile.awk): the loop threads'
# samples by callback, their top symbols (self), and the Indra and libfuse frames anywhere on their stacks (inclusive).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/perf-daemon.sh"
: "${TARBALL:?set TARBALL}" "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra
W="$WORKDIR"/ploop-$label
MOUNTX="${MOUNTX:-} --metrics" profiled_mount "$W" "$bin"
url=$(cat "$W/vault/metrics.url")
requests() { curl -s "$url" | awk '/^indra_fuse_requests_total/ { match($0, /operation="[a-z_]+"/); o=substr($0, RSTART+11, RLENGTH-12); s[o]+=$2 } END { for (o in s) print o, s[o] }' | sort; }
export GIT_CONFIG_NOSYSTEM=1 HOME="$W/home"; mkdir -p "$HOME"; printf '[user]\n name = b\n email = b@b\n[gc]\n auto = 0\n[maintenance]\n auto = false\n' > "$HOME/.gitconfig"
D="$W/mnt/vault/b"; mkdir -p "$D"
tar -xf "$TARBALL" -C "$D" usr/share/doc 2>/dev/null; rm -rf "$D/usr"   # warm up the JIT
profile() { local n=$1; shift; mkdir -p "$W/$n"; requests > "$W/$n/req0"; perf_start "$W/$n"; "$@" >/dev/null 2>"$W/$n/err"; perf_stop
  requests > "$W/$n/req1"; join -a2 "$W/$n/req0" "$W/$n/req1" | awk '{ d = (NF==3 ? $3-$2 : $2); if (d) print $1, d }' > "$W/$n/requests.txt"
  perf_reports "$W/$n" 60
  awk -f "$HERE/loop-profile.awk" "$W/$n/script.txt" > "$W/$n/loop.txt"
  echo "== $n: $(head -1 "$W/$n/loop.txt"), requests: $(tr '\n' ' ' < "$W/$n/requests.txt")"; }
profile untar tar -xf "$TARBALL" -C "$D"
find "$D" -printf '%y %m %s %T@ %p\n' >/dev/null
profile findw sh -c "for i in 1 2 3 4 5; do find '$D' -printf '%y %m %s %T@ %p\n'; done"
git -C "$D" init -q; git -C "$D" add -A; git -C "$D" commit -q -m tree; git -C "$D" status --porcelain >/dev/null
profile gitw sh -c "for i in 1 2 3 4 5; do git -C '$D' status --porcelain; done"
mkdir -p "$D/meta"
perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f } for my $i (0..$n-1) { rename("$d/f$i", "$d/g$i") or die }' "$D/meta" 5000
profile unlink perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$D/meta" 5000
"$bin" unmount "$W/mnt" >/dev/null 2>&1 || "$bin" unmount "$W/mnt" --force
