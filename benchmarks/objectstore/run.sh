#!/usr/bin/env bash
# Blocks on an object store (issue 17): the same workloads on a vault whose blocks are in Ceph RGW (behind the local
# block cache) and on a vault with local blocks, alternated in one run on one machine.
#   benchmarks/objectstore/run.sh [--rounds N] [--size-mib N]
# Workloads (each on a fresh vault per round and kind):
#   write      dd of a random file (default 1 GiB) into the mount, bs=1M conv=fsync
#   drained    (RGW only) from the start of the write until the cache's upload queue is empty
#   read-warm  dd of the file back after dropping the page cache (RGW: from the local block cache)
#   read-cold  (RGW only) unmount, delete VAULT/blocks (the cache), remount, drop caches, dd back: every block from RGW
#   untar      tar -xf of a tarball of /usr/share/doc (real sizes: most files inline in SQLite, the rest blocks)
#   tree-cold  (RGW only) as read-cold, for the untarred tree (tar -cf - of it into a pipe)
# Printed per line: wall seconds, MB/s where a size applies, and the daemon's CPU seconds (user+sys from
# /proc/PID/stat fields 14-15 around the step). The Ceph cluster (build/ceph-cluster.sh) runs on this machine too:
# its CPU is not in the daemon's figure. Needs root, fuse3, Ceph (build/setup.sh --test installs it), perl, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=2 size_mib=1024
while (($#)); do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --size-mib) size_mib=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build/setup.sh --test >/dev/null
dotnet build src/Indra.Cli -c Release -nologo -v quiet >/dev/null
indra() { dotnet "$PWD/src/Indra.Cli/bin/Release/net10.0/indra.dll" "$@"; }
work=$(mktemp -d /var/tmp/indra-objectstore.XXXXXX)
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do indra unmount "$m" >/dev/null 2>&1 || umount -l "$m" 2>/dev/null || true; done
  build/ceph-cluster.sh stop "$work/ceph" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
cpu() { awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", (b - a) / hz }'; }
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
pid_of() { pgrep -f -- "mount $1 --vault" | head -1; }
queued() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["queued_blocks"])' "$1/blocks/cache-status.json" 2>/dev/null || echo 1; }

access="BENCH$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')" secret=$(head -c 24 /dev/urandom | base64) bucket=indra-bench
echo "# starting Ceph (mon, OSD, RGW on 127.0.0.1)"
t=$(now)
endpoint=$(build/ceph-cluster.sh start "$work/ceph" "$(free_port)" "$(free_port)" "$access" "$secret" "$bucket" 2>/dev/null | sed -n 's/^endpoint //p')
echo "# Ceph up in $(since "$t") s at $endpoint"
export AWS_ACCESS_KEY_ID=$access AWS_SECRET_ACCESS_KEY=$secret

head -c "$((size_mib << 20))" /dev/urandom > "$work/rand"
tar -cf "$work/doc.tar" -C /usr/share doc
doc_bytes=$(du -sb /usr/share/doc | cut -f1)
echo "# Indra blocks in RGW vs local blocks: ${size_mib} MiB sequential, untar of /usr/share/doc ($(find /usr/share/doc -type f | wc -l) files, $((doc_bytes >> 20)) MiB); $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%FT%TZ)"
printf '%-7s %-6s %-10s %9s %9s %9s\n' round kind step wall_s MB/s cpu_s

report() { # report ROUND KIND STEP SECONDS BYTES CPU
  local rate="-"
  [[ "$5" != "-" ]] && rate=$(awk -v b="$5" -v s="$4" 'BEGIN { printf "%.0f", b / 1e6 / s }')
  printf '%-7s %-6s %-10s %9s %9s %9s\n' "$1" "$2" "$3" "$4" "$rate" "$6"
}

step() { # step ROUND KIND NAME BYTES MOUNT COMMAND...: times COMMAND, with the daemon's CPU
  local round=$1 kind=$2 name=$3 bytes=$4 mnt=$5; shift 5
  local pid a t
  pid=$(pid_of "$mnt"); a=$(ticks "$pid"); t=$(now)
  "$@" >/dev/null
  report "$round" "$kind" "$name" "$(since "$t")" "$bytes" "$(cpu "$a" "$(ticks "$pid")")"
}

remount_cold() { # remount_cold VAULT MOUNT: the cache deleted in between
  indra unmount "$2" >/dev/null
  rm -rf "$1/blocks"
  indra mount "$2" --vault "$1" --background >/dev/null
}

wait_drained() { # wait_drained ROUND VAULT START_TIME PID START_TICKS
  while [[ "$(queued "$2")" != 0 ]]; do sleep 0.2; done
  sleep 1.2 # the status file is rewritten about once a second: see the queue stay empty
  while [[ "$(queued "$2")" != 0 ]]; do sleep 0.2; done
  report "$1" rgw drained "$(since "$3")" "$((size_mib << 20))" "$(cpu "$5" "$(ticks "$4")")"
}

for ((r = 1; r <= rounds; r++)); do
  for kind in local rgw; do
    v="$work/$kind-$r/v" m="$work/$kind-$r/m"
    mkdir -p "$m"
    if [[ $kind == rgw ]]; then
      indra init --vault "$v" --blocks "s3://$bucket/r$r" --endpoint "$endpoint" >/dev/null
    else
      indra init --vault "$v" >/dev/null
    fi
    indra mount "$m" --vault "$v" --background >/dev/null; mounts+=("$m")
    drop
    pid=$(pid_of "$m"); a=$(ticks "$pid"); t=$(now)
    step "$r" "$kind" write "$((size_mib << 20))" "$m" dd if="$work/rand" of="$m/vault/big" bs=1M conv=fsync status=none
    [[ $kind == rgw ]] && wait_drained "$r" "$v" "$t" "$pid" "$a"
    drop
    step "$r" "$kind" read-warm "$((size_mib << 20))" "$m" dd if="$m/vault/big" of=/dev/null bs=1M status=none
    if [[ $kind == rgw ]]; then
      remount_cold "$v" "$m"; drop
      step "$r" "$kind" read-cold "$((size_mib << 20))" "$m" dd if="$m/vault/big" of=/dev/null bs=1M status=none
    fi
    mkdir "$m/vault/u"
    drop
    step "$r" "$kind" untar "$doc_bytes" "$m" tar -xf "$work/doc.tar" -C "$m/vault/u"
    if [[ $kind == rgw ]]; then
      while [[ "$(queued "$v")" != 0 ]]; do sleep 0.2; done
      sleep 1.2
      while [[ "$(queued "$v")" != 0 ]]; do sleep 0.2; done
      remount_cold "$v" "$m"; drop
      # Through a pipe: GNU tar does not read the files when the archive is /dev/null itself.
      step "$r" "$kind" tree-cold "$doc_bytes" "$m" sh -c 'tar -cf - -C "$0" doc | cat >/dev/null' "$m/vault/u"
    fi
    indra unmount "$m" >/dev/null
    mounts=("${mounts[@]/$m}")
    rm -rf "$work/$kind-$r"
  done
done
