#!/usr/bin/env bash
# Installs what Indra needs on a Debian machine that lacks it. Idempotent; needs root (or sudo) only when
# something is missing.
#   build/setup.sh          runtime: fuse3
#   build/setup.sh --test   also what the tests drive: libfuse3-dev (layout checks), a C compiler, b3sum, attr,
#                           git, sqlite3, rsync, strace (counts system calls in a test), chromium (the dashboard's
#                           browser tests), curl, and a one-node Ceph for the object-store tests and benchmark
#                           (radosgw ceph-mon ceph-osd ceph-common, about 240 MB; build/ceph-cluster.sh starts it)
#   build/setup.sh --packaging   the test set plus what the packaging tests drive (build/package-test.sh): lintian,
#                           wixl and msitools (build and read back the MSI), systemd (systemd-analyze), man-db
set -euo pipefail

want=(fuse3)
if [[ "${1:-}" == "--test" || "${1:-}" == "--bench" || "${1:-}" == "--packaging" ]]; then
  want+=(libfuse3-dev gcc pkg-config b3sum attr git sqlite3 rsync strace)
  # The dashboard's browser tests (tests/Indra.Dashboard.Tests): Playwright drives Debian's Chromium, downloads none.
  want+=(chromium)
  want+=(curl radosgw ceph-mon ceph-osd ceph-common)
fi
if [[ "${1:-}" == "--packaging" ]]; then
  want+=(lintian wixl msitools systemd man-db)
fi
if [[ "${1:-}" == "--bench" ]]; then
  want+=(fio fsmark bindfs hyperfine)
fi

missing=()
for pkg in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi
if [[ ! -e /dev/fuse ]]; then
  echo "setup: /dev/fuse is missing: load the fuse module (modprobe fuse) or run the container with --device /dev/fuse" >&2
  exit 1
fi
