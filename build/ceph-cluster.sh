#!/usr/bin/env bash
# A throwaway one-node Ceph cluster with S3 (RGW) on 127.0.0.1, for the object-store tests and benchmarks: one monitor,
# one OSD (BlueStore on a sparse file beside, not inside, its data directory) and one RGW. Everything lives in DIR;
# nothing is read from or written to /etc/ceph. Needs root and the Debian packages radosgw ceph-mon ceph-osd
# ceph-common (build/setup.sh --test installs them).
#
#   build/ceph-cluster.sh start DIR MON_PORT RGW_PORT ACCESS_KEY SECRET_KEY BUCKET
#       makes the cluster, starts the daemons, creates the S3 user and BUCKET; prints "endpoint http://127.0.0.1:PORT"
#   build/ceph-cluster.sh rgw-stop DIR       stops RGW only (an outage); rgw-start DIR starts it again
#   build/ceph-cluster.sh stop DIR           stops every daemon of DIR and deletes DIR and the OSD's block file
#
# Pitfalls of a one-node Ceph (Pacific 16.2) this script avoids: bluestore_block_path must lie outside the OSD data directory
# (else ELOOP); with auth none RGW needs ms_mon_client_mode = crc secure or it loops on error -13; pools of size 1
# need mon_allow_pool_size_one; no manager daemon is needed for S3.
set -euo pipefail

command=${1:?usage: ceph-cluster.sh start|stop|rgw-stop|rgw-start DIR ...}
dir=${2:?DIR missing}
conf="$dir/ceph.conf"
block="$dir.osd-block"

pids() { cat "$dir"/run/*.pid 2>/dev/null || true; }

stop_named() { # stop_named NAME: SIGTERM, then SIGKILL after 10 s; waits until the process is gone
  local file="$dir/run/$1.pid" pid
  [[ -f "$file" ]] || return 0
  pid=$(cat "$file")
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$file"
}

start_rgw() {
  radosgw -c "$conf" -n client.rgw.a
  # Up when it answers HTTP (an anonymous list of buckets).
  local port
  port=$(sed -n 's/^rgw_frontends = beast endpoint=127.0.0.1:\([0-9]*\)$/\1/p' "$conf")
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "ceph-cluster: RGW did not answer on 127.0.0.1:$port (log: $dir/log/client.rgw.a.log)" >&2
  return 1
}

case "$command" in
start)
  mon_port=${3:?MON_PORT missing}; rgw_port=${4:?RGW_PORT missing}
  access=${5:?ACCESS_KEY missing}; secret=${6:?SECRET_KEY missing}; bucket=${7:?BUCKET missing}
  # A cluster left in DIR by an earlier run is stopped first (its daemons would hold the ports and the block file).
  if [[ -d "$dir/run" ]]; then "$0" stop "$dir"; fi
  rm -rf "$dir" "$block"
  mkdir -p "$dir"/{run,log,mon,osd,rgw}
  fsid=$(cat /proc/sys/kernel/random/uuid)
  cat >"$conf" <<EOF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$mon_port
public_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_mon_client_mode = crc secure
run_dir = $dir/run
admin_socket = $dir/run/\$name.asok
pid_file = $dir/run/\$name.pid
log_file = $dir/log/\$name.log
keyring = $dir/keyring
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_crush_chooseleaf_type = 0
[mon.a]
mon_data = $dir/mon
[osd.0]
osd_data = $dir/osd
osd_objectstore = bluestore
bluestore_block_path = $block
bluestore_block_size = 4294967296
bluestore_block_create = true
osd_memory_target = 536870912
bluestore_cache_size = 67108864
[client.rgw.a]
rgw_frontends = beast endpoint=127.0.0.1:$rgw_port
rgw_data = $dir/rgw
ms_mon_client_mode = crc secure
rgw_thread_pool_size = 64
EOF
  ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
  ceph-mon -c "$conf" -i a --mkfs --monmap "$dir/monmap" --keyring "$dir/keyring"
  ceph-mon -c "$conf" -i a
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  id=$(ceph -c "$conf" --connect-timeout 30 osd create "$osd_uuid")
  ceph-osd -c "$conf" -i "$id" --mkfs --osd-uuid "$osd_uuid" 2>"$dir/log/osd-mkfs.err"
  ceph-osd -c "$conf" -i "$id"
  for _ in $(seq 1 600); do
    if ceph -c "$conf" osd stat 2>/dev/null | grep -q "1 up"; then break; fi
    sleep 0.1
  done
  start_rgw
  radosgw-admin -c "$conf" user create --uid=indra-test --display-name="Indra tests" --access-key="$access" --secret-key="$secret" >/dev/null
  # The bucket, by a SigV4-signed PUT (curl signs it; no S3 client needed).
  curl -sf -X PUT --aws-sigv4 "aws:amz:us-east-1:s3" --user "$access:$secret" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "http://127.0.0.1:$rgw_port/$bucket" >/dev/null
  echo "endpoint http://127.0.0.1:$rgw_port"
  ;;
rgw-stop)
  stop_named client.rgw.a
  ;;
rgw-start)
  start_rgw
  ;;
stop)
  stop_named client.rgw.a
  stop_named osd.0
  stop_named mon.a
  # Anything else this cluster started (a pid file left by a daemon that was not named above).
  for pid in $(pids); do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$dir" "$block"
  ;;
*)
  echo "ceph-cluster: unknown command $command" >&2
  exit 2
  ;;
esac
