#!/usr/bin/env bash
# Blocks on an object store (issue 17): the same workloads on a vault whose blocks are in Ceph RGW (behind the local
# block cache) and on a vault with local blocks, interleaved in one run on one machine, repeated, medians reported.
#   benchmarks/objectstore/run.sh [--rounds N] [--size-mib N] [--tree D,S,F] [--indra DLL] [--old DLL] [--out FILE]
#     --rounds N     repetitions (default 3); each round runs every kind, the kinds' order rotating per round
#     --size-mib N   the sequential file (default 1024 = 1 GiB)
#     --tree D,S,F   the untar tree: benchmarks/lib/gentree.pl with D x S x F files (default 10,10,100 = 10,000 files
#                    of 64..4,159 bytes in 111 directories, as benchmarks/run.sh --scale at a tenth of its size)
#     --indra DLL    the indra.dll to measure (default: src/Indra.Cli built Release here)
#     --old DLL      also measure this build with blocks in RGW, as kind "rgw-old" (A/B against a baseline)
#     --out FILE     also write the per-step lines (default: a file in the work area, printed path)
# Kinds: local (blocks in VAULT/blocks), rgw (blocks in RGW, cache in VAULT/blocks), rgw-old (same, --old build).
# Steps (each on a fresh vault per round and kind):
#   write      dd of a random file into the mount, bs=1M conv=fsync (rgw: lands in the cache, uploads in the background)
#   drained    (rgw) from the start of the write until the cache's upload queue is empty
#   read-warm  dd of the file back after dropping the page cache (rgw: from the local block cache)
#   read-cold  (rgw) unmount, delete VAULT/blocks (the cache), remount, drop caches, dd back: every block from RGW
#   untar      tar -xf of the gentree tarball after dropping caches (files this small live inline in SQLite)
#   tree-cold  (rgw) as read-cold, for the untarred tree (tar -cf - of it into a pipe)
# Per line: wall seconds, MB/s where a size applies, and the daemon's CPU seconds (user+sys, /proc/PID/stat fields
# 14-15 read around the step). The Ceph cluster (build/ceph-cluster.sh) runs on this machine too: its CPU is not in
# the daemon's figure. The summary gives, per kind and step, the median over the rounds of each column, and the
# ratio of rgw's median wall time to local's (rgw-old's to rgw's with --old). Needs root, fuse3, Ceph
# (build/setup.sh --test installs it), perl, python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=3 size_mib=1024 tree=10,10,100 dll="" old="" out=""
while (($#)); do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --size-mib) size_mib=$2; shift 2 ;;
    --tree) tree=$2; shift 2 ;;
    --indra) dll=$(realpath "$2"); shift 2 ;;
    --old) old=$(realpath "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
build/setup.sh --test >/dev/null
if [[ -z $dll ]]; then
  dotnet build src/Indra.Cli -c Release -nologo -v quiet >/dev/null
  dll="$PWD/src/Indra.Cli/bin/Release/net10.0/indra.dll"
fi
kinds=(local rgw)
[[ -n $old ]] && kinds+=(rgw-old)
indra_of() { [[ $1 == rgw-old ]] && echo "$old" || echo "$dll"; }
indra() { dotnet "$dll" "$@"; }
work=$(mktemp -d /var/tmp/indra-objectstore.XXXXXX)
[[ -n $out ]] || out="$work/steps.txt"
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do [[ -n $m ]] && { indra unmount "$m" >/dev/null 2>&1 || umount -l "$m" 2>/dev/null || true; }; done
  build/ceph-cluster.sh stop "$work/ceph" >/dev/null 2>&1 || true
  [[ $out == "$work"/* ]] && cp "$out" "/var/tmp/indra-objectstore-steps.txt" && echo "# steps kept in /var/tmp/indra-objectstore-steps.txt"
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
IFS=, read -r tree_d tree_s tree_f <<<"$tree"
perl benchmarks/lib/gentree.pl tree "$tree_d" "$tree_s" "$tree_f" > "$work/tree.tar"
tree_bytes=$(tar -tvf "$work/tree.tar" | awk '{ b += $3 } END { print b }')
tree_files=$((tree_d * tree_s * tree_f))
echo "# Indra blocks in RGW vs local blocks: ${size_mib} MiB sequential; untar of gentree.pl ${tree_files} files ($((tree_bytes >> 10)) KiB); ${rounds} rounds, kinds ${kinds[*]} interleaved; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%FT%TZ)"
echo "# indra: $dll${old:+; old: $old}"
printf '%-7s %-8s %-10s %9s %9s %9s\n' round kind step wall_s MB/s cpu_s | tee "$out"

report() { # report ROUND KIND STEP SECONDS BYTES CPU
  local rate="-"
  [[ "$5" != "-" ]] && rate=$(awk -v b="$5" -v s="$4" 'BEGIN { printf "%.0f", b / 1e6 / s }')
  printf '%-7s %-8s %-10s %9s %9s %9s\n' "$1" "$2" "$3" "$4" "$rate" "$6" | tee -a "$out"
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
  dotnet "$kind_dll" mount "$2" --vault "$1" --background >/dev/null
}

drain() { # drain VAULT: until the status file (rewritten about once a second) shows an empty queue twice
  while [[ "$(queued "$1")" != 0 ]]; do sleep 0.2; done
  sleep 1.2
  while [[ "$(queued "$1")" != 0 ]]; do sleep 0.2; done
}

for ((r = 1; r <= rounds; r++)); do
  # Rotate the kinds' order per round, so that no kind always runs first (on a machine whose load drifts).
  order=()
  for ((i = 0; i < ${#kinds[@]}; i++)); do order+=("${kinds[(i + r - 1) % ${#kinds[@]}]}"); done
  for kind in "${order[@]}"; do
    kind_dll=$(indra_of "$kind")
    v="$work/$kind-$r/v" m="$work/$kind-$r/m"
    mkdir -p "$m"
    if [[ $kind == local ]]; then
      dotnet "$kind_dll" init --vault "$v" >/dev/null
    else
      dotnet "$kind_dll" init --vault "$v" --blocks "s3://$bucket/$kind-r$r" --endpoint "$endpoint" >/dev/null
    fi
    dotnet "$kind_dll" mount "$m" --vault "$v" --background >/dev/null; mounts+=("$m")
    drop
    pid=$(pid_of "$m"); a=$(ticks "$pid"); t=$(now)
    step "$r" "$kind" write "$((size_mib << 20))" "$m" dd if="$work/rand" of="$m/vault/big" bs=1M conv=fsync status=none
    if [[ $kind != local ]]; then
      drain "$v"
      report "$r" "$kind" drained "$(since "$t")" "$((size_mib << 20))" "$(cpu "$a" "$(ticks "$pid")")"
    fi
    drop
    step "$r" "$kind" read-warm "$((size_mib << 20))" "$m" dd if="$m/vault/big" of=/dev/null bs=1M status=none
    if [[ $kind != local ]]; then
      remount_cold "$v" "$m"; drop
      step "$r" "$kind" read-cold "$((size_mib << 20))" "$m" dd if="$m/vault/big" of=/dev/null bs=1M status=none
    fi
    mkdir "$m/vault/u"
    drop
    step "$r" "$kind" untar "$tree_bytes" "$m" tar -xf "$work/tree.tar" -C "$m/vault/u"
    if [[ $kind != local ]]; then
      drain "$v"
      remount_cold "$v" "$m"; drop
      # Through a pipe: GNU tar does not read the files when the archive is /dev/null itself.
      step "$r" "$kind" tree-cold "$tree_bytes" "$m" sh -c 'tar -cf - -C "$0" tree | cat >/dev/null' "$m/vault/u"
    fi
    indra unmount "$m" >/dev/null
    mounts=("${mounts[@]/$m}")
    rm -rf "$work/$kind-$r"
  done
done

echo
echo "# medians over $rounds rounds (wall s, MB/s, daemon CPU s); ratio = rgw wall / local wall (read-cold: to local read-warm; drained: to local write; rgw-old: rgw-old wall / rgw wall)"
awk 'NR > 1 { key = $2 " " $3; n[key]++; w[key, n[key]] = $4; m[key, n[key]] = $5; c[key, n[key]] = $6; keys[key] = 1 }
  function median(a, key, count,   i, j, t, v) {
    for (i = 1; i <= count; i++) v[i] = a[key, i]
    for (i = 1; i <= count; i++) for (j = i + 1; j <= count; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
    return count % 2 ? v[(count + 1) / 2] : (v[count / 2] + v[count / 2 + 1]) / 2
  }
  END {
    printf "%-8s %-10s %9s %9s %9s %7s\n", "kind", "step", "wall_s", "MB/s", "cpu_s", "ratio"
    split("local rgw rgw-old", kinds, " "); split("write drained read-warm read-cold untar tree-cold", steps, " ")
    for (k = 1; k <= 3; k++) for (s = 1; s <= 6; s++) {
      key = kinds[k] " " steps[s]; if (!(key in keys)) continue
      wall[key] = median(w, key, n[key])
      base = kinds[k] == "rgw" ? "local " steps[s] : kinds[k] == "rgw-old" ? "rgw " steps[s] : ""
      if (base == "local read-cold") base = "local read-warm"
      if (base == "local drained") base = "local write"
      if (base == "local tree-cold") base = ""
      ratio = (base in wall) && wall[base] > 0 ? sprintf("%.2f", wall[key] / wall[base]) : "-"
      rate = m[key, 1] == "-" ? "-" : sprintf("%.0f", median(m, key, n[key]))
      printf "%-8s %-10s %9.2f %9s %9.2f %7s\n", kinds[k], steps[s], wall[key], rate, median(c, key, n[key]), ratio
    }
  }' "$out"
