#!/usr/bin/env bash
# perf of the daemon's io_uring entry threads (comm indra-fuse-ring) over one workload, with the FUSE requests of it:
#   find    FINDS (default 20) warm finds of the untarred tree (after drop_caches, a cold and a first warm find)
#   unlink  metaloop's unlink phase of N (default 20,000) empty files, after their create and rename, and after 2,000
#           creates, renames and unlinks elsewhere (the JIT warmed up)
# usage: TARBALL=tree.tar [WORKDIR=/var/tmp] profile-ring.sh LABEL INDRA_BIN_DIR find|unlink   (as root; R2R off, perf map on)
# Writes WORKDIR/pring-LABEL/{report.txt,ring.txt,requests.txt}; ring.txt is loop-profile.awk's summary of the ring
# threads (by callback, self, inclusive).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/perf-daemon.sh"
: "${WORKDIR:=/var/tmp}"
label=$1; bin=$2/indra; what=$3; W="$WORKDIR/pring-$label"
umount -l "$W/mnt" 2>/dev/null
MOUNTX="${MOUNTX:-} --metrics" profiled_mount "$W" "$bin"
url=$(cat "$W/vault/metrics.url")
requests() { curl -s "$url" | awk '/^indra_fuse_requests_total/ { match($0, /operation="[a-z_]+"/); o=substr($0, RSTART+11, RLENGTH-12); s[o]+=$2 } END { for (o in s) print o, s[o] }' | sort; }
case $what in
  find)
    : "${TARBALL:?set TARBALL}"
    d="$W/mnt/vault/t"; mkdir -p "$d"; tar -xf "$TARBALL" -C "$d"; sync
    echo 3 > /proc/sys/vm/drop_caches
    find "$d" -printf '%y %m %s %T@ %p\n' >/dev/null; find "$d" -printf '%y %m %s %T@ %p\n' >/dev/null
    run() { for i in $(seq "${FINDS:-20}"); do find "$d" -printf '%y %m %s %T@ %p\n' >/dev/null; done; } ;;
  unlink)
    n=${N:-20000}; d="$W/mnt/vault/m"; w="$W/mnt/vault/w"; mkdir -p "$d" "$w"
    perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f; rename("$d/f$i","$d/g$i") or die }' "$d" "$n"
    perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f; rename("$d/f$i","$d/g$i") or die; unlink("$d/g$i") or die }' "$w" 2000
    run() { perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$d" "$n"; } ;;
  *) echo "usage: profile-ring.sh LABEL INDRA_BIN_DIR find|unlink" >&2; exit 2 ;;
esac
requests > "$W/req0"; perf_start "$W"; run; perf_stop; requests > "$W/req1"
join -a2 "$W/req0" "$W/req1" | awk '{ d = (NF==3 ? $3-$2 : $2); if (d) print $1, d }' > "$W/requests.txt"
fusermount3 -u "$W/mnt"
perf_reports "$W" 60
awk -v COMM=indra-fuse-ring -f "$HERE/loop-profile.awk" "$W/script.txt" > "$W/ring.txt"
echo "== $label $what: $(head -1 "$W/ring.txt"), requests: $(tr '\n' ' ' < "$W/requests.txt")"
