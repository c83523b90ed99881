#!/usr/bin/env bash
# Indra benchmark suite (issues 5 and 15). Runs the same workloads on a native directory, a bindfs mount, a
# fuse-overlayfs mount and an Indra mount in one run, prints one line per workload with each target's figure and
# Indra's ratios (to native, to bindfs, and to the best FUSE peer of the two), and writes JSON.
#
#   benchmarks/run.sh [--quick | --scale] [--out FILE.json] [options]      (as root; see benchmarks/README.md)
#
# Ratios are oriented so that > 1 means Indra is better: for rates (MiB/s, IOPS, files/s, ops/s) indra/baseline,
# for durations (s) baseline/indra.
set -uo pipefail   # no -e: a failing step is recorded, the run goes on

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$HERE")

usage() {
  cat <<'EOF'
usage: benchmarks/run.sh [--quick | --scale] [--out FILE.json] [options]

  (default)            default tier: 1 GiB fio, fs_mark 20,000 + 5,000 files, metadata loop over 5,000 files,
                       real tree of up to 10,000 files (untar, find, ls -lR, git, rm -rf); ~5-10 min on 2 cores
  --quick              smoke tier: 256 MiB fio, 5 s random read, smaller file counts (not comparable figures)
  --scale              default tier plus the 100,000-file tier (untar, find, ls -lR, git add/commit/status, rm -rf)
  --out FILE           JSON results (default: benchmarks/results/<UTC time>.json; the table goes to FILE's .txt)
  --targets LIST       comma-separated subset of native,bindfs,overlayfs,indra (default: all four; overlayfs is
                       fuse-overlayfs with its defaults, lowerdir/upperdir/workdir in the work area)
  --indra-bin PATH     use this indra executable instead of building src/Indra.Cli (Release) into the work area
  --block-size BYTES   passed to 'indra init --block-size'
  --mount-opt ARG      extra argument for 'indra mount' (repeatable, e.g. --mount-opt --threads --mount-opt 4)
  --workdir DIR        where the work area is created (default: $TMPDIR or /var/tmp; must be a local disk)
  --keep               keep the work area (mounts are always removed)
  --no-install         do not apt-get install missing tools; fail instead
  --repeat N           run every workload N times (targets interleaved: each group runs on every target before
                       the next group or repetition starts) and report the median (default 1)
  --timeout SECONDS    limit for one step (default 600; 1800 for --scale steps)
  -h, --help           this text
EOF
}

# ---------------------------------------------------------------- options
TIER=default
SCALE=0
OUT=""
TARGETS_ARG="native,bindfs,overlayfs,indra"
INDRA_BIN=""
BLOCK_SIZE=""
MOUNT_OPTS=()
WORKROOT="${TMPDIR:-/var/tmp}"
KEEP=0
NO_INSTALL=0
STEP_TIMEOUT=600
SCALE_TIMEOUT=1800
REPEAT=1
while (($#)); do
  case "$1" in
    --quick) TIER=quick ;;
    --scale) SCALE=1 ;;
    --out) OUT="$2"; shift ;;
    --out=*) OUT="${1#*=}" ;;
    --targets) TARGETS_ARG="$2"; shift ;;
    --targets=*) TARGETS_ARG="${1#*=}" ;;
    --indra-bin) INDRA_BIN="$2"; shift ;;
    --block-size) BLOCK_SIZE="$2"; shift ;;
    --mount-opt) MOUNT_OPTS+=("$2"); shift ;;
    --workdir) WORKROOT="$2"; shift ;;
    --keep) KEEP=1 ;;
    --no-install) NO_INSTALL=1 ;;
    --repeat) REPEAT="$2"; shift ;;
    --timeout) STEP_TIMEOUT="$2"; SCALE_TIMEOUT="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [[ $TIER == quick && $SCALE == 1 ]]; then echo "run.sh: --quick and --scale exclude each other" >&2; exit 2; fi
[[ $TIER == default && $SCALE == 1 ]] && TIER=scale
[[ $REPEAT =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --repeat needs a positive integer" >&2; exit 2; }

IFS=',' read -r -a TARGETS <<<"$TARGETS_ARG"
for t in "${TARGETS[@]}"; do
  case "$t" in native|bindfs|overlayfs|indra) ;; *) echo "run.sh: unknown target '$t'" >&2; exit 2 ;; esac
done
has_target() { local t; for t in "${TARGETS[@]}"; do [[ $t == "$1" ]] && return 0; done; return 1; }

# ---------------------------------------------------------------- parameters per tier
if [[ $TIER == quick ]]; then
  FIO_MB=256; RAND_SECONDS=5; FSMARK_EMPTY_N=5000; FSMARK_4K_N=2000; META_N=2000; TREE_MAX=3000; ROUNDTRIP_N=5000
else
  FIO_MB=1024; RAND_SECONDS=10; FSMARK_EMPTY_N=20000; FSMARK_4K_N=5000; META_N=5000; TREE_MAX=10000; ROUNDTRIP_N=20000
fi
META_READDIR_PASSES=10
SCALE_DIRS=100; SCALE_SUBDIRS=10; SCALE_FILES=100      # 100 x 10 x 100 = 100,000 files
TREE_ROOTS=(/usr/share/doc /usr/lib/python3 /usr/lib/python3.* /usr/share/perl /usr/share/perl5 /usr/share/locale
            /usr/share/man /usr/include /usr/share/i18n /usr/share/zoneinfo)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

# ---------------------------------------------------------------- privileges and tools
if [[ $(id -u) -ne 0 ]]; then
  die "run as root: the suite drops the page cache (/proc/sys/vm/drop_caches), installs packages and mounts FUSE"
fi
[[ -e /dev/fuse ]] || die "/dev/fuse is missing (modprobe fuse, or run the container with --device /dev/fuse)"

declare -A TOOL_PKG=([fio]=fio [fs_mark]=fsmark [bindfs]=bindfs [git]=git [perl]=perl [tar]=tar [fusermount3]=fuse3
                     [timeout]=coreutils [awk]=gawk [fuse-overlayfs]=fuse-overlayfs [diff]=diffutils [cc]=gcc)
missing_pkgs=()
for tool in "${!TOOL_PKG[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing_pkgs+=("${TOOL_PKG[$tool]}")
done
perl -MTime::HiRes -e1 2>/dev/null || missing_pkgs+=(perl)   # perl-base alone lacks Time::HiRes
if ((${#missing_pkgs[@]})); then
  mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u)
  ((NO_INSTALL)) && die "missing packages: ${missing_pkgs[*]} (install them or drop --no-install)"
  log "installing ${missing_pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null || die "apt-get install ${missing_pkgs[*]} failed"
fi
FUSERMOUNT=$(command -v fusermount3 || command -v fusermount || true)

# ---------------------------------------------------------------- work area, cleanup
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
[[ -n $OUT ]] || OUT="$HERE/results/$STAMP.json"
mkdir -p "$(dirname "$OUT")" || die "cannot create $(dirname "$OUT")"
OUT=$(cd "$(dirname "$OUT")" && pwd -P)/$(basename "$OUT")
TXT="${OUT%.json}.txt"
if [[ -n $INDRA_BIN ]]; then
  [[ -x $INDRA_BIN ]] || die "--indra-bin $INDRA_BIN is not an executable"
  INDRA_BIN=$(cd "$(dirname "$INDRA_BIN")" && pwd -P)/$(basename "$INDRA_BIN")
fi
[[ $WORKROOT == *[[:space:]]* ]] && die "--workdir must not contain white space"
mkdir -p "$WORKROOT" || die "cannot create $WORKROOT"
WORK=$(mktemp -d "$WORKROOT/indra-bench.XXXXXX") || die "mktemp failed"
WORK=$(cd "$WORK" && pwd -P)
LOGDIR="$WORK/logs"
mkdir -p "$LOGDIR" "$WORK/home"
cd / || die "cannot enter /"   # never sit inside the work area or a mount
# facts for the report, gathered now (each bounded: a tool that misbehaves must not hang the report)
NATIVE_FS=$(df -PT "$WORK" | awk 'NR == 2 { print $2 " on " $1 }')
V_FIO=$(timeout 10 fio --version 2>&1 | head -1)
V_FSMARK=$(dpkg-query -W -f='${Version}' fsmark 2>/dev/null)
V_BINDFS=$(timeout 10 bindfs --version 2>&1 | head -1)
V_OVERLAYFS=$(timeout 10 fuse-overlayfs --version 2>&1 | head -1)
V_GIT=$(timeout 10 git --version 2>&1 | head -1)
V_TAR=$(timeout 10 tar --version 2>&1 | head -1)

NATIVE_DIR="$WORK/native"
BINDFS_SRC="$WORK/bindfs-src"
BINDFS_MNT="$WORK/bindfs-mnt"
OVL_LOWER="$WORK/overlayfs-lower"
OVL_UPPER="$WORK/overlayfs-upper"
OVL_WORK="$WORK/overlayfs-work"
OVL_MNT="$WORK/overlayfs-mnt"
INDRA_VAULT="$WORK/indra-vault"
INDRA_MNT="$WORK/indra-mnt"
INDRA=""
INDRA_PID=""
declare -A TDIR=([native]="$NATIVE_DIR" [bindfs]="$BINDFS_MNT" [overlayfs]="$OVL_MNT" [indra]="$INDRA_MNT/vault/bench")
declare -A MNT=([bindfs]="$BINDFS_MNT" [overlayfs]="$OVL_MNT" [indra]="$INDRA_MNT")
declare -A DAEMON_PID=()  # FUSE target -> pid of the process serving its mount (for daemon CPU figures)
FUSE_PEERS=(bindfs overlayfs)   # the FUSE baselines; "best FUSE peer" is the better of those measured
declare -A DEAD=()        # target -> why it is no longer measured

is_mounted() { awk -v m="$1" '$2 == m { found = 1 } END { exit !found }' /proc/mounts; }

# Last resort for a FUSE mount that does not go away: abort its connection, then detach it lazily.
FUSECTL_AT_START=0
is_mounted /sys/fs/fuse/connections && FUSECTL_AT_START=1
force_unmount() {
  local mnt=$1 dev
  is_mounted "$mnt" || return 0
  dev=$(awk -v m="$mnt" '$5 == m { print $3 }' /proc/self/mountinfo | tail -1)
  if [[ -d /sys/fs/fuse/connections ]] && ! is_mounted /sys/fs/fuse/connections \
     && mount -t fusectl fusectl /sys/fs/fuse/connections 2>/dev/null; then
    log "mounted fusectl on /sys/fs/fuse/connections (unmounted again at exit)"
  fi
  if [[ -n $dev && -e /sys/fs/fuse/connections/${dev#*:}/abort ]]; then
    log "aborting the FUSE connection of $mnt (${dev})"
    echo 1 >"/sys/fs/fuse/connections/${dev#*:}/abort" 2>/dev/null || true
  fi
  timeout 20 umount -l "$mnt" 2>/dev/null || { [[ -n $FUSERMOUNT ]] && timeout 20 "$FUSERMOUNT" -uz "$mnt" 2>/dev/null; } || true
}

# lim TARGET LIMIT CMD...: runs CMD in its own process group with a time limit. At the limit the group gets SIGTERM,
# 10 s later SIGKILL. A process blocked on a FUSE request the daemon never answers cannot be killed, so if CMD is
# still there 15 s after that and TARGET is a FUSE target, its connection is aborted (the target is then dead).
# Returns CMD's status, or 124 when the limit was hit. (coreutils `timeout` would wait for such a process forever.)
lim() {
  local tg=$1 limit=$2 pid wd rc marker
  shift 2
  marker=$(mktemp "$LOGDIR/.lim.XXXXXX")
  setsid -w "$@" &
  pid=$!
  (
    sp=""
    trap '[[ -n $sp ]] && kill "$sp"; exit 0' TERM
    sleep "$limit" & sp=$!; wait "$sp"
    echo timeout >"$marker"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    sleep 10 & sp=$!; wait "$sp"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    sleep 15 & sp=$!; wait "$sp"
    if kill -0 "$pid" 2>/dev/null && [[ $tg != native && -n ${MNT[$tg]:-} ]]; then
      echo abort >>"$marker"
      force_unmount "${MNT[$tg]}"
    fi
  ) </dev/null >/dev/null 2>&1 &
  wd=$!
  wait "$pid"
  rc=$?
  kill -TERM "$wd" 2>/dev/null
  wait "$wd" 2>/dev/null
  if [[ -s $marker ]]; then
    rc=124
    if grep -q abort "$marker"; then
      [[ -n ${DEAD[$tg]:-} ]] || DEAD[$tg]="a process stayed blocked on the mount after SIGKILL; its FUSE connection was aborted"
    fi
  fi
  rm -f "$marker"
  return "$rc"
}

INDRA_UNMOUNT_SECONDS=""
unmount_indra() {
  [[ -n $INDRA ]] || return 0
  if is_mounted "$INDRA_MNT"; then
    local t0 rc
    t0=$(date +%s%N)
    timeout -k 5 120 "$INDRA" unmount "$INDRA_MNT" >>"$LOGDIR/indra-unmount.log" 2>&1
    rc=$?
    INDRA_UNMOUNT_SECONDS=$(elapsed "$t0")
    if ((rc != 0)); then
      log "indra unmount $INDRA_MNT failed (exit $rc): $(tail -2 "$LOGDIR/indra-unmount.log" | tr '\n' ' ')"
      note "indra: 'indra unmount $INDRA_MNT' failed (exit $rc): $(tail -2 "$LOGDIR/indra-unmount.log" | tr '\n' ' ')"
      is_mounted "$INDRA_MNT" && timeout -k 5 90 "$INDRA" unmount --force "$INDRA_MNT" >>"$LOGDIR/indra-unmount.log" 2>&1
    fi
    force_unmount "$INDRA_MNT"
  fi
  if [[ -n $INDRA_PID ]] && kill -0 "$INDRA_PID" 2>/dev/null; then
    local i
    for i in $(seq 1 100); do kill -0 "$INDRA_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$INDRA_PID" 2>/dev/null; then
      log "the indra daemon (pid $INDRA_PID) is still running after unmount: SIGTERM"
      kill -TERM "$INDRA_PID" 2>/dev/null
      sleep 5
      kill -0 "$INDRA_PID" 2>/dev/null && { log "SIGKILL $INDRA_PID"; kill -KILL "$INDRA_PID" 2>/dev/null; }
    fi
  fi
}

unmount_bindfs() {
  is_mounted "$BINDFS_MNT" || return 0
  timeout 30 "$FUSERMOUNT" -u "$BINDFS_MNT" 2>/dev/null || timeout 30 umount "$BINDFS_MNT" 2>/dev/null || force_unmount "$BINDFS_MNT"
}

unmount_overlayfs() {
  is_mounted "$OVL_MNT" || return 0
  timeout 30 "$FUSERMOUNT" -u "$OVL_MNT" 2>/dev/null || timeout 30 umount "$OVL_MNT" 2>/dev/null || force_unmount "$OVL_MNT"
}

CLEANED=0
cleanup() {
  ((CLEANED)) && return
  CLEANED=1
  unmount_indra
  unmount_bindfs
  unmount_overlayfs
  ((FUSECTL_AT_START)) || ! is_mounted /sys/fs/fuse/connections || umount /sys/fs/fuse/connections 2>/dev/null
  if grep -q " $WORK/" /proc/mounts; then
    log "WARNING: mounts remain under $WORK; not deleting it:"
    grep " $WORK/" /proc/mounts >&2
  elif ((KEEP)); then
    log "work area kept: $WORK"
  else
    rm -rf --one-file-system "$WORK"
  fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM HUP

# ---------------------------------------------------------------- results
declare -A VAL=() SAMPLES=() ERR=() WL_UNIT=() WL_BETTER=() WL_DESC=() NA=()
WORKLOADS=()
NOTES=()
wl() { WORKLOADS+=("$1"); WL_UNIT[$1]=$2; WL_BETTER[$1]=$3; WL_DESC[$1]=$4; }
rec() { SAMPLES[$1,$2]+="$3 "; }                      # one sample per repetition; VAL = median at the end
fail() { ERR[$1,$2]=$3; log "  $2 $1: FAILED: $3"; }
median() { tr ' ' '\n' <<<"$1" | awk 'NF' | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
note() { local n; for n in "${NOTES[@]}"; do [[ $n == "$*" ]] && return; done; NOTES+=("$*"); }   # once each
elapsed() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }

# Why a step failed, in one line: exit status (timeout named as such) and the first lines of its stderr.
why() {
  local rc=$1 errfile=$2 limit=$3 msg
  if ((rc == 124 || rc == 137)); then msg="timed out after ${limit} s"; else msg="exit $rc"; fi
  if [[ -s $errfile ]] && grep -qv 'Killed *setsid -w' "$errfile"; then
    msg+=": $(grep -v 'Killed *setsid -w' "$errfile" | head -c 600 | head -3 | tr '\n\t' '  ' | sed 's/  */ /g')"
  fi
  printf '%s' "$msg"
}

# After a failed step on a FUSE target: is the mount still answering? If not, stop measuring that target.
check_alive() {
  local tg=$1 step=$2
  [[ $tg == native ]] && return 0
  if ! is_mounted "${MNT[$tg]}"; then
    DEAD[$tg]="the mount disappeared during $step"
  elif ! lim "$tg" 15 stat "${MNT[$tg]}" >/dev/null 2>&1 || ! lim "$tg" 15 ls "${TDIR[$tg]}" >/dev/null 2>&1; then
    DEAD[$tg]="the mount stopped answering (stat/ls hung or failed) after $step"
  else
    return 0
  fi
  log "  $tg: ${DEAD[$tg]}; its remaining workloads are skipped"
  note "$tg: ${DEAD[$tg]}"
  return 1
}

# timed WORKLOAD TARGET LIMIT CMD...: runs CMD (stdout to a log file), records its wall time in seconds.
timed() {
  local w=$1 tg=$2 limit=$3 t0 rc
  shift 3
  [[ -n ${DEAD[$tg]:-} ]] && return 1
  t0=$(date +%s%N)
  lim "$tg" "$limit" "$@" >"$LOGDIR/$w.$tg.out" 2>"$LOGDIR/$w.$tg.err"
  rc=$?
  local secs
  secs=$(elapsed "$t0")
  if ((rc != 0)); then
    fail "$w" "$tg" "$(why $rc "$LOGDIR/$w.$tg.err" "$limit") [command: $*]"
    check_alive "$tg" "$w"
    return 1
  fi
  rec "$w" "$tg" "$secs"
  log "  $tg $w: $secs s"
  return 0
}

# untimed helper step; failures are recorded against WORKLOAD.
quiet() {
  local w=$1 tg=$2 limit=$3 rc
  shift 3
  [[ -n ${DEAD[$tg]:-} ]] && return 1
  lim "$tg" "$limit" "$@" >"$LOGDIR/$w.$tg.prep.out" 2>"$LOGDIR/$w.$tg.prep.err"
  rc=$?
  if ((rc != 0)); then
    fail "$w" "$tg" "preparation failed: $(why $rc "$LOGDIR/$w.$tg.prep.err" "$limit") [command: $*]"
    check_alive "$tg" "$w"
    return 1
  fi
}

DROP_OK=1
drop_caches() {
  # sync can block uninterruptibly on a hung FUSE mount: wait for it at most 120 s, then go on without it
  local sp i
  sync &
  sp=$!
  for ((i = 0; i < 1200; i++)); do kill -0 "$sp" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$sp" 2>/dev/null; then log "WARNING: sync did not finish within 120 s"; disown "$sp"; else wait "$sp"; fi
  if ! echo 3 >/proc/sys/vm/drop_caches 2>/dev/null; then
    if ((DROP_OK)); then
      log "WARNING: cannot drop caches (read-only /proc/sys?): the cold figures are warm"
      note "drop_caches failed: the *_cold figures were measured with warm caches"
    fi
    DROP_OK=0
  fi
}

# ---------------------------------------------------------------- workloads
wl seq_write        MiB/s   higher "fio ${FIO_MB} MiB sequential write, bs=1M, psync, 1 job, end_fsync=1"
wl seq_read_warm    MiB/s   higher "fio ${FIO_MB} MiB sequential read, bs=1M, after reading the file once (page cache warm)"
wl seq_read_cold    MiB/s   higher "fio ${FIO_MB} MiB sequential read, bs=1M, after sync + drop_caches"
wl rand_read_4k     IOPS    higher "fio 4 KiB random read of the ${FIO_MB} MiB file, psync, 1 job, ${RAND_SECONDS} s (file cached by the reads before)"
wl dd_random_write  MiB/s   higher "dd bs=1M conv=fsync of ${FIO_MB} MiB of random bytes (source file on the native disk, cached)"
wl daemon_cpu_per_gib s/GiB lower  "CPU seconds (user+sys from /proc/PID/stat) of the target's FUSE daemon during dd_random_write, per GiB written"
wl fsmark_empty     files/s higher "fs_mark -s 0 -S 0 -t 1: create empty files, no fsync"
wl fsmark_4k        files/s higher "fs_mark -s 4096 -S 0 -t 1: create 4 KiB files, no fsync"
wl metaloop         s       lower  "create/stat/readdir x${META_READDIR_PASSES}/rename/unlink over ${META_N} files in one directory (perl, syscalls only)"
for p in create stat readdir rename unlink; do
  wl "metaloop.$p" ops/s higher "metaloop phase: $p"
done
wl roundtrip_chmod  us      lower  "one synchronous request as the caller sees it: chmod(2) of one file, ${ROUNDTRIP_N} times, time per call (a SETATTR each on a FUSE mount; smallfiles/roundtrip.sh)"
wl roundtrip_opendir us     lower  "opendir(3)+closedir(3) of one directory, ${ROUNDTRIP_N} times, time per pair (an OPENDIR answered, a RELEASEDIR not waited for)"
tree_workloads() {
  local px=$1 what=$2
  wl "${px}untar"           s lower "tar -xf of $what (after drop_caches)"
  wl "${px}find_stat_cold"  s lower "find -printf '%y %m %s %T@ %p' (one lstat per entry) after drop_caches"
  wl "${px}find_stat_warm"  s lower "the same find again"
  wl "${px}ls_lR_cold"      s lower "ls -lR after drop_caches"
  wl "${px}ls_lR_warm"      s lower "ls -lR again"
  wl "${px}diff_r"          s lower "diff -r --no-dereference of the original tree (extracted on the native disk) against it (metadata cached, data not)"
  wl "${px}git_add"         s lower "git init; git add -A (timed: add)"
  wl "${px}git_commit"      s lower "git commit -q"
  wl "${px}git_status_cold" s lower "git status --porcelain after drop_caches"
  wl "${px}git_status_warm" s lower "git status --porcelain again"
  wl "${px}rm_rf"           s lower "rm -rf of the tree including .git"
}
tree_workloads "" "the real tree"
((SCALE)) && tree_workloads "scale." "the generated 100,000-file tree"

# fio WORKLOAD TARGET ARGS...: runs fio --minimal and records bandwidth (MiB/s) or IOPS.
fio_step() {
  local w=$1 tg=$2 field=$3 t0 rc line value
  shift 3
  [[ -n ${DEAD[$tg]:-} ]] && return 1
  lim "$tg" "$STEP_TIMEOUT" fio --minimal --ioengine=psync --numjobs=1 --direct=0 --fallocate=none \
    --filename="${TDIR[$tg]}/fio/fio.dat" --size="${FIO_MB}M" "$@" >"$LOGDIR/$w.$tg.out" 2>"$LOGDIR/$w.$tg.err"
  rc=$?
  line=$(grep -E '^3;' "$LOGDIR/$w.$tg.out" | tail -1)
  if ((rc != 0)) || [[ -z $line ]]; then
    fail "$w" "$tg" "$(why $rc "$LOGDIR/$w.$tg.err" "$STEP_TIMEOUT") [fio $*]"
    check_alive "$tg" "$w"
    return 1
  fi
  # terse v3: field 5 error, 7/8 read KiB/s / IOPS, 48/49 write KiB/s / IOPS
  local errno
  errno=$(cut -d';' -f5 <<<"$line")
  if [[ $errno != 0 ]]; then
    fail "$w" "$tg" "fio reported error $errno: $(head -c 300 "$LOGDIR/$w.$tg.err" | tr '\n' ' ')"
    return 1
  fi
  case "$field" in
    read_bw)  value=$(cut -d';' -f7 <<<"$line" | awk '{ printf "%.1f", $1 / 1024 }') ;;
    write_bw) value=$(cut -d';' -f48 <<<"$line" | awk '{ printf "%.1f", $1 / 1024 }') ;;
    read_iops) value=$(cut -d';' -f8 <<<"$line") ;;
  esac
  rec "$w" "$tg" "$value"
  log "  $tg $w: $value ${WL_UNIT[$w]}"
}

group_fio() {
  local tg=$1 d="${TDIR[$1]}/fio"
  quiet seq_write "$tg" 60 mkdir -p "$d" || return
  fio_step seq_write "$tg" write_bw --name=seqwrite --rw=write --bs=1M --end_fsync=1
  [[ -z ${DEAD[$tg]:-} ]] && lim "$tg" 30 test -e "$d/fio.dat" || return
  # warm: read once untimed, then measure without invalidating the page cache
  quiet seq_read_warm "$tg" "$STEP_TIMEOUT" cat "$d/fio.dat" \
    && fio_step seq_read_warm "$tg" read_bw --name=seqread --rw=read --bs=1M --invalidate=0
  drop_caches
  fio_step seq_read_cold "$tg" read_bw --name=seqread --rw=read --bs=1M --invalidate=1
  fio_step rand_read_4k "$tg" read_iops --name=randread --rw=randread --bs=4k --invalidate=0 \
    --time_based --runtime="$RAND_SECONDS" --randrepeat=1
  quiet seq_write "$tg" 120 rm -rf "$d"
}

# CPU seconds (user + sys, all threads, including those that ended) used so far by process PID; empty if it is gone.
cpu_seconds() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  # fields after the command name "(...)", which may contain spaces: state is field 3, utime 14, stime 15
  awk -v tck="$CLK_TCK" '{ print ($12 + $13) / tck }' <<<"${stat##*) }"
}

# dd of the random file into the target, fsync'd; its FUSE daemon's CPU time across the copy, per GiB
group_dd() {
  local tg=$1 d="${TDIR[$1]}/dd" pid=${DAEMON_PID[$1]:-} c0="" c1="" t0 secs rc
  [[ $tg == native ]] && NA[daemon_cpu_per_gib,$tg]=1   # no daemon
  quiet dd_random_write "$tg" 60 mkdir -p "$d" || return
  cat "$RANDOM_FILE" >/dev/null   # the source is read from the page cache on every target
  [[ -n $pid ]] && c0=$(cpu_seconds "$pid")
  t0=$(date +%s%N)
  lim "$tg" "$STEP_TIMEOUT" dd if="$RANDOM_FILE" of="$d/random.dat" bs=1M conv=fsync \
    >"$LOGDIR/dd_random_write.$tg.out" 2>"$LOGDIR/dd_random_write.$tg.err"
  rc=$?
  secs=$(elapsed "$t0")
  [[ -n $pid ]] && c1=$(cpu_seconds "$pid")
  if ((rc != 0)); then
    fail dd_random_write "$tg" "$(why $rc "$LOGDIR/dd_random_write.$tg.err" "$STEP_TIMEOUT") [dd if=$RANDOM_FILE of=$d/random.dat bs=1M conv=fsync]"
    check_alive "$tg" dd_random_write
  else
    rec dd_random_write "$tg" "$(awk -v m="$FIO_MB" -v s="$secs" 'BEGIN { printf "%.1f", m / s }')"
    log "  $tg dd_random_write: $secs s"
    if [[ $tg == native ]]; then
      :
    elif [[ -n $c0 && -n $c1 ]]; then
      rec daemon_cpu_per_gib "$tg" "$(awk -v a="$c0" -v b="$c1" -v m="$FIO_MB" 'BEGIN { printf "%.3f", (b - a) * 1024 / m }')"
      log "  $tg daemon CPU: $(awk -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f", b - a }') s (pid $pid)"
    else
      fail daemon_cpu_per_gib "$tg" "no daemon pid, or it ended (pid '${pid}')"
    fi
  fi
  quiet dd_random_write "$tg" 120 rm -rf "$d"
}

# fs_mark WORKLOAD TARGET N SIZE
fsmark_step() {
  local w=$1 tg=$2 n=$3 size=$4 d="${TDIR[$2]}/fsmark-$1" rc value
  [[ -n ${DEAD[$tg]:-} ]] && return 1
  # fs_mark refuses a -d path of 40 bytes or more: run it from the target directory with a relative one
  # (bash itself never touches a FUSE mount, only commands under `lim`: a hung daemon would hang the suite)
  lim "$tg" "$STEP_TIMEOUT" sh -c 'cd "$1" && shift && exec "$@"' sh "${TDIR[$tg]}" \
    fs_mark -d "fsmark-$w" -n "$n" -s "$size" -S 0 -t 1 -L 1 -l "$LOGDIR/$w.$tg.fslog" >"$LOGDIR/$w.$tg.out" 2>"$LOGDIR/$w.$tg.err"
  rc=$?
  # result line: FSUse% Count Size Files/sec App-Overhead
  value=$(awk 'NF == 5 && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ { v = $4 } END { if (v != "") print v }' "$LOGDIR/$w.$tg.out")
  if ((rc != 0)) || [[ -z $value ]]; then
    cat "$LOGDIR/$w.$tg.out" >>"$LOGDIR/$w.$tg.err"
    fail "$w" "$tg" "$(why $rc "$LOGDIR/$w.$tg.err" "$STEP_TIMEOUT") [fs_mark -d $d -n $n -s $size -S 0 -t 1]"
    check_alive "$tg" "$w"
  else
    rec "$w" "$tg" "$value"
    log "  $tg $w: $value files/s"
  fi
  quiet "$w" "$tg" 300 rm -rf "$d"
}

group_fsmark() {
  fsmark_step fsmark_empty "$1" "$FSMARK_EMPTY_N" 0
  fsmark_step fsmark_4k "$1" "$FSMARK_4K_N" 4096
}

group_meta() {
  local tg=$1 d="${TDIR[$1]}/metaloop"
  # the wall time (metaloop_wall, not reported) includes perl start-up; the loop's own clock is recorded instead
  timed metaloop_wall "$tg" "$STEP_TIMEOUT" perl "$HERE/lib/metaloop.pl" "$d" "$META_N" "$META_READDIR_PASSES" || {
    ERR[metaloop,$tg]=${ERR[metaloop_wall,$tg]:-failed}; return; }
  local p secs ops
  while read -r p secs ops; do
    if [[ $p == total ]]; then rec metaloop "$tg" "$secs"; log "  $tg metaloop (in-loop clock): $secs s"
    else rec "metaloop.$p" "$tg" "$(awk -v s="$secs" -v o="$ops" 'BEGIN { printf "%.0f", (s > 0 ? o / s : 0) }')"
    fi
  done <"$LOGDIR/metaloop_wall.$tg.out"
}

# group_tree PREFIX TARBALL ENTRIES ORIGINAL TARGET (ORIGINAL: the tarball extracted on the native disk)
group_tree() {
  local px=$1 tarball=$2 entries=$3 original=$4 tg=$5 d="${TDIR[$5]}/tree" limit=$STEP_TIMEOUT n
  [[ -n $px ]] && limit=$SCALE_TIMEOUT
  quiet "${px}untar" "$tg" 60 mkdir -p "$d" || return
  drop_caches
  timed "${px}untar" "$tg" "$limit" tar -xf "$tarball" -C "$d" || return
  drop_caches
  timed "${px}find_stat_cold" "$tg" "$limit" find "$d" -printf '%y %m %s %T@ %p\n'
  timed "${px}find_stat_warm" "$tg" "$limit" find "$d" -printf '%y %m %s %T@ %p\n'
  if [[ -s $LOGDIR/${px}find_stat_warm.$tg.out ]]; then
    n=$(($(wc -l <"$LOGDIR/${px}find_stat_warm.$tg.out") - 1))
    ((n != entries)) && note "$tg: ${px}find lists $n entries after untar; the tarball has $entries"
  fi
  drop_caches
  timed "${px}ls_lR_cold" "$tg" "$limit" ls -lR "$d"
  timed "${px}ls_lR_warm" "$tg" "$limit" ls -lR "$d"
  # exit 1 (a difference) fails the step like any other error
  timed "${px}diff_r" "$tg" "$limit" diff -r --no-dereference "$original" "$d"
  export GIT_CONFIG_GLOBAL="$WORK/home/gitconfig" GIT_CONFIG_NOSYSTEM=1 HOME="$WORK/home"
  if quiet "${px}git_add" "$tg" 60 git -C "$d" init -q; then
    timed "${px}git_add" "$tg" "$limit" git -C "$d" add -A \
      && timed "${px}git_commit" "$tg" "$limit" git -C "$d" commit -q -m "benchmark tree" \
      && { drop_caches; timed "${px}git_status_cold" "$tg" "$limit" git -C "$d" status --porcelain; } \
      && timed "${px}git_status_warm" "$tg" "$limit" git -C "$d" status --porcelain \
      && if [[ -s $LOGDIR/${px}git_status_warm.$tg.out ]]; then
           note "$tg: ${px}git status is not clean right after the commit ($(wc -l <"$LOGDIR/${px}git_status_warm.$tg.out") lines, first: $(head -1 "$LOGDIR/${px}git_status_warm.$tg.out"))"
         fi
  fi
  # correctness, untimed: the extracted tree must match the archive (content, size, mode, mtime)
  if [[ -z ${DEAD[$tg]:-} ]]; then
    lim "$tg" "$limit" tar -df "$tarball" -C "$d" >"$LOGDIR/${px}verify.$tg.out" 2>&1
    local rc=$?
    if ((rc != 0)); then
      note "$tg: ${px}tree differs from the archive (tar -d exit $rc, $(wc -l <"$LOGDIR/${px}verify.$tg.out") lines; first: $(head -2 "$LOGDIR/${px}verify.$tg.out" | tr '\n' ' '))"
    fi
  fi
  timed "${px}rm_rf" "$tg" "$limit" rm -rf "$d"
  if [[ -z ${DEAD[$tg]:-} ]] && lim "$tg" 30 test -e "$d"; then note "$tg: ${px}rm -rf left $d behind"; fi
}

# ---------------------------------------------------------------- set-up
log "work area: $WORK (tier: $TIER; targets: ${TARGETS[*]})"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v l="${LOAD_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n) }' \
  && log "WARNING: load average $LOAD_START on $(nproc) CPUs: figures will be noisy" \
  && note "load average at start $LOAD_START on $(nproc) CPUs (busy machine: noisy figures)"

printf '[user]\n\tname = Indra Benchmark\n\temail = bench@indra.invalid\n[gc]\n\tauto = 0\n[safe]\n\tdirectory = *\n[init]\n\tdefaultBranch = main\n' \
  >"$WORK/home/gitconfig"

# The real tree: the first TREE_MAX files (regular files and symbolic links, with their directories) of the roots
# in TREE_ROOTS that exist, in byte order, archived once on the native disk.
log "building the tree tarball (up to $TREE_MAX files from ${TREE_ROOTS[*]})"
: >"$WORK/tree.list"
used_roots=()
count=0
for root in "${TREE_ROOTS[@]}"; do
  [[ -d $root && ! -L $root ]] || continue
  ((count >= TREE_MAX)) && break
  used_roots+=("$root")
  d=${root#/}; parents=()
  while [[ $d == */* ]]; do d=${d%/*}; parents=("$d" "${parents[@]}"); done
  printf '%s\n' "${parents[@]}" "${root#/}" >>"$WORK/tree.list"
  # "PATH<TAB>TYPE" sorted bytewise: a directory sorts before its contents
  find "$root" -mindepth 1 \( -type d -o -type f -o -type l \) -printf '%P\t%y\n' 2>/dev/null | LC_ALL=C sort \
    | awk -F'\t' -v r="${root#/}" -v max="$TREE_MAX" -v have="$count" -v cf="$WORK/tree.count" '
        $2 != "d" { if (have >= max) exit; have++ }
        { print r "/" $1 }
        END { print have > cf }' >>"$WORK/tree.list"
  count=$(cat "$WORK/tree.count")
done
awk '!seen[$0]++' "$WORK/tree.list" >"$WORK/tree.uniq"
TARBALL="$WORK/tree.tar"
tar -C / --no-recursion --hard-dereference -cf "$TARBALL" -T "$WORK/tree.uniq" 2>"$LOGDIR/tarball.err" \
  || die "tar of the tree failed: $(head -3 "$LOGDIR/tarball.err")"
read -r TREE_FILES TREE_DIRS TREE_LINKS TREE_BYTES < <(tar -tvf "$TARBALL" | awk '
  { t = substr($1, 1, 1) } t == "d" { d++ } t == "l" { l++ } t == "-" || t == "h" { f++; b += $3 }
  END { printf "%d %d %d %d\n", f, d, l, b }')
TREE_ENTRIES=$((TREE_FILES + TREE_DIRS + TREE_LINKS))
TREE_ORIGINAL="$WORK/tree-original"
mkdir -p "$TREE_ORIGINAL" && tar -xf "$TARBALL" -C "$TREE_ORIGINAL" 2>"$LOGDIR/tree-original.err" \
  || die "extracting the original tree failed: $(head -3 "$LOGDIR/tree-original.err")"
log "tree: $TREE_FILES files, $TREE_DIRS directories, $TREE_LINKS symlinks, $TREE_BYTES bytes ($(du -h "$TARBALL" | cut -f1) tar)"

if ((SCALE)); then
  log "generating the 100,000-file tarball"
  SCALE_TARBALL="$WORK/scale.tar"
  perl "$HERE/lib/gentree.pl" scale "$SCALE_DIRS" "$SCALE_SUBDIRS" "$SCALE_FILES" >"$SCALE_TARBALL" \
    || die "lib/gentree.pl failed"
  SCALE_ENTRIES=$(tar -tf "$SCALE_TARBALL" | wc -l)
  SCALE_FILES_TOTAL=$((SCALE_DIRS * SCALE_SUBDIRS * SCALE_FILES))
  SCALE_ORIGINAL="$WORK/scale-original"
  mkdir -p "$SCALE_ORIGINAL" && tar -xf "$SCALE_TARBALL" -C "$SCALE_ORIGINAL" || die "extracting the original scale tree failed"
  log "scale tree: $SCALE_FILES_TOTAL files, $SCALE_ENTRIES entries ($(du -h "$SCALE_TARBALL" | cut -f1) tar)"
fi

CLK_TCK=$(getconf CLK_TCK)
RANDOM_FILE="$WORK/random.dat"
log "writing $FIO_MB MiB of random bytes to $RANDOM_FILE (the dd source)"
head -c "${FIO_MB}M" /dev/urandom >"$RANDOM_FILE" || die "cannot write $RANDOM_FILE"

# pid_of ARGV...: the process whose command line is exactly ARGV (how the FUSE daemons were started; read-only)
pid_of() {
  local want f pid
  want=$(printf '%s\n' "$@")
  for f in /proc/[0-9]*/cmdline; do
    pid=${f#/proc/}; pid=${pid%/cmdline}
    [[ $( { tr '\0' '\n' <"$f"; } 2>/dev/null) == "$want" ]] && { echo "$pid"; return 0; }   # may vanish meanwhile
  done
  return 0
}

if has_target native; then mkdir -p "$NATIVE_DIR"; fi

if has_target bindfs; then
  mkdir -p "$BINDFS_SRC" "$BINDFS_MNT"
  if ! timeout 30 bindfs "$BINDFS_SRC" "$BINDFS_MNT" 2>"$LOGDIR/bindfs-mount.err" || ! is_mounted "$BINDFS_MNT"; then
    DEAD[bindfs]="bindfs mount failed: $(head -2 "$LOGDIR/bindfs-mount.err" | tr '\n' ' ')"
    log "${DEAD[bindfs]}"
  fi
  DAEMON_PID[bindfs]=$(pid_of bindfs "$BINDFS_SRC" "$BINDFS_MNT")
fi

if has_target overlayfs; then
  # fuse-overlayfs with its defaults: one empty lower layer, upper and work directories, all on the same disk
  mkdir -p "$OVL_LOWER" "$OVL_UPPER" "$OVL_WORK" "$OVL_MNT"
  ovl_opts="lowerdir=$OVL_LOWER,upperdir=$OVL_UPPER,workdir=$OVL_WORK"
  if ! timeout 30 fuse-overlayfs -o "$ovl_opts" "$OVL_MNT" 2>"$LOGDIR/overlayfs-mount.err" || ! is_mounted "$OVL_MNT"; then
    DEAD[overlayfs]="fuse-overlayfs mount failed: $(head -2 "$LOGDIR/overlayfs-mount.err" | tr '\n' ' ')"
    log "${DEAD[overlayfs]}"
  fi
  DAEMON_PID[overlayfs]=$(pid_of fuse-overlayfs -o "$ovl_opts" "$OVL_MNT")
fi

INDRA_COMMIT=$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
INDRA_DIRTY=$(git -C "$REPO" status --porcelain 2>/dev/null | wc -l)
if has_target indra; then
  if [[ -n $INDRA_BIN ]]; then
    INDRA=$INDRA_BIN
  elif ! command -v dotnet >/dev/null; then
    DEAD[indra]="dotnet is not on PATH (install the .NET 10 SDK or pass --indra-bin)"
  else
    # Published as build/run.sh publishes it (ReadyToRun), so the daemon measured is the one users run.
    rid="linux-$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
    publish=(publish "$REPO/src/Indra.Cli" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true
             -o "$WORK/indra-bin" -nologo -v quiet)
    log "building Indra (dotnet ${publish[*]:0:10})"
    # one retry: a concurrent build of the same checkout can hold obj/ files
    if timeout 900 dotnet "${publish[@]}" >"$LOGDIR/indra-build.log" 2>&1 \
       || { log "build failed; retrying once in 20 s"; sleep 20; timeout 900 dotnet "${publish[@]}" >"$LOGDIR/indra-build.log" 2>&1; }; then
      INDRA="$WORK/indra-bin/indra"
    else
      DEAD[indra]="build failed: $(grep -m3 -E 'error' "$LOGDIR/indra-build.log" | tr '\n' ' ' | head -c 600)"
    fi
  fi
  if [[ -z ${DEAD[indra]:-} ]]; then
    mkdir -p "$INDRA_MNT"
    init_args=(init --vault "$INDRA_VAULT")
    [[ -n $BLOCK_SIZE ]] && init_args+=(--block-size "$BLOCK_SIZE")
    timeout 120 "$INDRA" "${init_args[@]}" >"$LOGDIR/indra-init.log" 2>&1
    rc=$?
    if ((rc != 0)); then
      DEAD[indra]="'indra ${init_args[*]}' failed ($(why $rc "$LOGDIR/indra-init.log" 120))"
    elif ! timeout -k 5 120 "$INDRA" mount "$INDRA_MNT" --vault "$INDRA_VAULT" --background "${MOUNT_OPTS[@]}" \
           >"$LOGDIR/indra-mount.log" 2>&1 || ! is_mounted "$INDRA_MNT"; then
      DEAD[indra]="'indra mount $INDRA_MNT --vault $INDRA_VAULT --background ${MOUNT_OPTS[*]}' failed: $(tail -3 "$LOGDIR/indra-mount.log" | tr '\n' ' ')"
      INDRA_PID=$(grep -oE 'daemon pid [0-9]+' "$LOGDIR/indra-mount.log" | grep -oE '[0-9]+' | head -1)
    else
      INDRA_PID=$(grep -oE 'daemon pid [0-9]+' "$LOGDIR/indra-mount.log" | grep -oE '[0-9]+' | head -1)
      DAEMON_PID[indra]=$INDRA_PID
      if ! lim indra 30 mkdir -p "${TDIR[indra]}" 2>"$LOGDIR/indra-mkdir.err"; then
        DEAD[indra]="mkdir ${TDIR[indra]} on the mount failed: $(head -2 "$LOGDIR/indra-mkdir.err" | tr '\n' ' ')"
      fi
    fi
  fi
  [[ -n ${DEAD[indra]:-} ]] && { log "indra: ${DEAD[indra]}"; note "indra: ${DEAD[indra]}"; }
fi

# The cost of one request on each target (benchmarks/smallfiles/roundtrip.sh, compiled with cc on first use): the
# floor under every metadata row, measured in the same run as they are.
group_roundtrip() {
  local tg=$1 d="${TDIR[$1]}/roundtrip" what chmod_us pair_us rc
  quiet roundtrip_chmod "$tg" 60 mkdir -p "$d" || return
  lim "$tg" "$STEP_TIMEOUT" "$HERE/smallfiles/roundtrip.sh" "$d" "$ROUNDTRIP_N" \
    >"$LOGDIR/roundtrip.$tg.out" 2>"$LOGDIR/roundtrip.$tg.err"
  rc=$?
  # "chmod X us  opendir+closedir Y us"
  read -r what chmod_us _ _ pair_us _ <"$LOGDIR/roundtrip.$tg.out"
  if ((rc != 0)) || [[ $what != chmod || -z $pair_us ]]; then
    fail roundtrip_chmod "$tg" "$(why $rc "$LOGDIR/roundtrip.$tg.err" "$STEP_TIMEOUT") [roundtrip.sh $d $ROUNDTRIP_N]"
    ERR[roundtrip_opendir,$tg]=${ERR[roundtrip_chmod,$tg]}
    check_alive "$tg" roundtrip_chmod
  else
    rec roundtrip_chmod "$tg" "$chmod_us"
    rec roundtrip_opendir "$tg" "$pair_us"
    log "  $tg roundtrip: chmod $chmod_us us, opendir+closedir $pair_us us"
  fi
  quiet roundtrip_chmod "$tg" 60 rm -rf "$d"
}

# ---------------------------------------------------------------- run (each group on every target in turn)
run_group() {
  local g=$1 tg
  shift
  log "== $g"
  [[ -d $LOGDIR ]] || die "the work area $WORK was deleted during the run (by something else): results are void"
  for tg in "${TARGETS[@]}"; do
    [[ -n ${DEAD[$tg]:-} ]] && continue
    "$g" "$@" "$tg"
  done
}
T_RUN=$(date +%s%N)
for ((rep = 1; rep <= REPEAT; rep++)); do
  ((REPEAT > 1)) && log "=== repetition $rep of $REPEAT"
  run_group group_fio
  run_group group_dd
  run_group group_fsmark
  run_group group_meta
  run_group group_roundtrip
  run_group group_tree "" "$TARBALL" "$TREE_ENTRIES" "$TREE_ORIGINAL"
  ((SCALE)) && run_group group_tree "scale." "$SCALE_TARBALL" "$SCALE_ENTRIES" "$SCALE_ORIGINAL"
done
for k in "${!SAMPLES[@]}"; do VAL[$k]=$(median "${SAMPLES[$k]}"); done
RUN_SECONDS=$(elapsed "$T_RUN")
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

INDRA_RSS_KIB=""; INDRA_VAULT_BYTES=""
if [[ -n $INDRA_PID ]]; then
  INDRA_RSS_KIB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$INDRA_PID/status" 2>/dev/null)
fi
unmount_indra
[[ -d $INDRA_VAULT ]] && INDRA_VAULT_BYTES=$(du -sb "$INDRA_VAULT" 2>/dev/null | cut -f1)
if [[ -f $INDRA_VAULT/indra.log ]]; then
  cp "$INDRA_VAULT/indra.log" "${OUT%.json}.indra.log"
  n=$(grep -ciE 'exception|error' "$INDRA_VAULT/indra.log")
  ((n > 0)) && note "indra: the daemon log has $n lines mentioning an error or exception (see $(basename "${OUT%.json}.indra.log"))"
fi
unmount_bindfs
unmount_overlayfs

# Anything a live target did not produce is "not run" (unless the workload does not apply to it).
for w in "${WORKLOADS[@]}"; do
  for tg in "${TARGETS[@]}"; do
    if [[ -z ${VAL[$w,$tg]:-} && -z ${ERR[$w,$tg]:-} && -z ${NA[$w,$tg]:-} ]]; then
      ERR[$w,$tg]="not run${DEAD[$tg]:+: ${DEAD[$tg]}}"
    fi
  done
done

# ---------------------------------------------------------------- report
# ratio BETTER INDRA BASE: > 1 means Indra is better
ratio() {
  [[ -n $2 && -n $3 ]] || return 0
  awk -v b="$1" -v i="$2" -v n="$3" 'BEGIN {
    if (b == "higher") { if (n > 0) printf "%.2f", i / n } else { if (i > 0) printf "%.2f", n / i } }'
}
fmt() {
  [[ -n $1 ]] || { printf '%s' "${2:--}"; return; }
  awk -v v="$1" 'BEGIN { if (v >= 1000) printf "%.0f", v; else if (v >= 100) printf "%.1f", v; else if (v >= 1) printf "%.2f", v; else printf "%.3f", v }'
}
col() { if has_target "$1" && [[ -z ${NA[$2,$1]:-} ]]; then fmt "${VAL[$2,$1]:-}" FAIL; else printf 'n/a'; fi; }
# best_peer WORKLOAD: the FUSE peer (bindfs or overlayfs) with the better figure, empty if none was measured
best_peer() {
  local w=$1 b=${WL_BETTER[$1]} best="" tg
  for tg in "${FUSE_PEERS[@]}"; do
    [[ -n ${VAL[$w,$tg]:-} ]] || continue
    if [[ -z $best ]] || awk -v b="$b" -v x="${VAL[$w,$tg]}" -v y="${VAL[$w,$best]}" \
         'BEGIN { exit !((b == "higher") ? x > y : x < y) }'; then
      best=$tg
    fi
  done
  printf '%s' "$best"
}

{
  echo "Indra benchmark suite: tier $TIER, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, kernel $(uname -r), Indra $INDRA_COMMIT$( ((INDRA_DIRTY)) && echo "+$INDRA_DIRTY uncommitted")"
  echo "tree: $TREE_FILES files / $TREE_DIRS dirs / $TREE_LINKS symlinks, $((TREE_BYTES / 1048576)) MiB from ${used_roots[*]}$( ((SCALE)) && echo "; scale tree: $SCALE_FILES_TOTAL files")"
  echo "ratios: > 1 means Indra is better (rates: indra/baseline; seconds: baseline/indra)$( ((REPEAT > 1)) && echo "; figures: median of $REPEAT runs")"
  echo "best FUSE peer: the better of bindfs and fuse-overlayfs on each row; indra/best is Indra's ratio to it"
  printf '%-22s %-8s %10s %10s %10s %10s %12s %12s %12s %10s\n' workload unit native bindfs overlayfs indra \
    indra/native indra/bindfs indra/best "best peer"
  for w in "${WORKLOADS[@]}"; do
    b=${WL_BETTER[$w]}
    bp=$(best_peer "$w")
    printf '%-22s %-8s %10s %10s %10s %10s %12s %12s %12s %10s\n' "$w" "${WL_UNIT[$w]}" "$(col native "$w")" \
      "$(col bindfs "$w")" "$(col overlayfs "$w")" "$(col indra "$w")" \
      "$(r=$(ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,native]:-}"); echo "${r:--}")" \
      "$(r=$(ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,bindfs]:-}"); echo "${r:--}")" \
      "$(r=$( [[ -n $bp ]] && ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,$bp]:-}"); echo "${r:--}")" "${bp:--}"
  done
  if ((${#NOTES[@]})) || ((${#ERR[@]})); then
    echo "notes:"
    for n in "${NOTES[@]}"; do echo "  - $n"; done
    for w in "${WORKLOADS[@]}"; do
      for tg in "${TARGETS[@]}"; do
        e=${ERR[$w,$tg]:-}
        [[ -n $e && $e != "not run"* ]] && echo "  - $tg $w: $e"
      done
    done
  fi
  echo "run time: ${RUN_SECONDS} s; load average start $LOAD_START, end $LOAD_END"
} | tee "$TXT"

json_str() {
  if [[ -z ${1+x} || -z $1 ]]; then printf 'null'; return; fi
  printf '%s' "$1" | awk 'BEGIN { RS = "\0"; ORS = "" } {
    gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r"); gsub(/\n/, "\\n")
    gsub(/[\001-\037]/, " "); print "\"" $0 "\"" }'
}
json_num() { if [[ -n ${1:-} ]]; then printf '%s' "$1"; else printf 'null'; fi; }

{
  printf '{\n  "schema": "indra-bench/1",\n'
  printf '  "ratio_convention": %s,\n' "$(json_str "ratios > 1 mean Indra is better: for rates indra/baseline, for durations (unit s) baseline/indra")"
  printf '  "meta": {\n'
  printf '    "tier": %s, "date_utc": %s, "host": %s, "kernel": %s, "cpus": %s, "cpu_model": %s, "mem_kib": %s,\n' \
    "$(json_str "$TIER")" "$(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$(json_str "$(hostname)")" "$(json_str "$(uname -r)")" \
    "$(nproc)" "$(json_str "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)")" "$(awk '/MemTotal/ { print $2 }' /proc/meminfo)"
  printf '    "native_fs": %s, "load_start": %s, "load_end": %s, "run_seconds": %s,\n' \
    "$(json_str "$NATIVE_FS")" "$(json_str "$LOAD_START")" "$(json_str "$LOAD_END")" "$RUN_SECONDS"
  printf '    "indra_commit": %s, "indra_uncommitted_files": %s, "indra_block_size": %s, "indra_mount_options": %s,\n' \
    "$(json_str "$INDRA_COMMIT")" "$INDRA_DIRTY" "$(json_num "$BLOCK_SIZE")" "$(json_str "${MOUNT_OPTS[*]:-}")"
  printf '    "indra_daemon_peak_rss_kib": %s, "indra_unmount_seconds": %s, "indra_vault_bytes_after_run": %s,\n' \
    "$(json_num "$INDRA_RSS_KIB")" "$(json_num "$INDRA_UNMOUNT_SECONDS")" "$(json_num "$INDRA_VAULT_BYTES")"
  printf '    "tools": {"fio": %s, "fs_mark": %s, "bindfs": %s, "fuse-overlayfs": %s, "git": %s, "tar": %s},\n' \
    "$(json_str "$V_FIO")" "$(json_str "$V_FSMARK")" "$(json_str "$V_BINDFS")" "$(json_str "$V_OVERLAYFS")" \
    "$(json_str "$V_GIT")" "$(json_str "$V_TAR")"
  printf '    "params": {"repeat": %s, "fio_size_mib": %s, "rand_read_seconds": %s, "fsmark_empty_files": %s, "fsmark_4k_files": %s, "metaloop_files": %s, "metaloop_readdir_passes": %s},\n' \
    "$REPEAT" "$FIO_MB" "$RAND_SECONDS" "$FSMARK_EMPTY_N" "$FSMARK_4K_N" "$META_N" "$META_READDIR_PASSES"
  printf '    "tree": {"roots": %s, "files": %s, "dirs": %s, "symlinks": %s, "bytes": %s}' \
    "$(json_str "${used_roots[*]}")" "$TREE_FILES" "$TREE_DIRS" "$TREE_LINKS" "$TREE_BYTES"
  if ((SCALE)); then printf ',\n    "scale_tree": {"files": %s, "entries": %s}' "$SCALE_FILES_TOTAL" "$SCALE_ENTRIES"; fi
  printf '\n  },\n  "targets": {'
  sep=""
  for tg in "${TARGETS[@]}"; do
    case $tg in native) where=$NATIVE_DIR ;; bindfs) where="bindfs $BINDFS_SRC $BINDFS_MNT" ;;
      overlayfs) where="fuse-overlayfs -o lowerdir=$OVL_LOWER,upperdir=$OVL_UPPER,workdir=$OVL_WORK $OVL_MNT" ;; indra) where="$INDRA_MNT/vault (vault $INDRA_VAULT)" ;; esac
    printf '%s\n    "%s": {"where": %s, "error": %s}' "$sep" "$tg" "$(json_str "$where")" "$(json_str "${DEAD[$tg]:-}")"
    sep=","
  done
  printf '\n  },\n  "workloads": ['
  sep=""
  for w in "${WORKLOADS[@]}"; do
    b=${WL_BETTER[$w]}
    printf '%s\n    {"name": %s, "unit": %s, "better": %s, "description": %s,' "$sep" "$(json_str "$w")" \
      "$(json_str "${WL_UNIT[$w]}")" "$(json_str "$b")" "$(json_str "${WL_DESC[$w]}")"
    bp=$(best_peer "$w")
    printf ' "native": %s, "bindfs": %s, "overlayfs": %s, "indra": %s, "indra_vs_native": %s, "indra_vs_bindfs": %s,' \
      "$(json_num "${VAL[$w,native]:-}")" "$(json_num "${VAL[$w,bindfs]:-}")" "$(json_num "${VAL[$w,overlayfs]:-}")" \
      "$(json_num "${VAL[$w,indra]:-}")" \
      "$(json_num "$(ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,native]:-}")")" \
      "$(json_num "$(ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,bindfs]:-}")")"
    printf ' "indra_vs_overlayfs": %s, "best_fuse_peer": %s, "indra_vs_best_fuse_peer": %s,' \
      "$(json_num "$(ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,overlayfs]:-}")")" "$(json_str "$bp")" \
      "$(json_num "$( [[ -n $bp ]] && ratio "$b" "${VAL[$w,indra]:-}" "${VAL[$w,$bp]:-}")")"
    printf ' "samples": {'
    esep=""
    for tg in "${TARGETS[@]}"; do
      [[ -n ${SAMPLES[$w,$tg]:-} ]] || continue
      printf '%s"%s": [%s]' "$esep" "$tg" "$(tr -s ' ' <<<"${SAMPLES[$w,$tg]% }" | sed 's/ /, /g')"
      esep=", "
    done
    printf '}, "errors": {'
    esep=""
    for tg in "${TARGETS[@]}"; do
      [[ -n ${ERR[$w,$tg]:-} ]] || continue
      printf '%s"%s": %s' "$esep" "$tg" "$(json_str "${ERR[$w,$tg]}")"
      esep=", "
    done
    printf '}}'
    sep=","
  done
  printf '\n  ],\n  "notes": ['
  sep=""
  for n in "${NOTES[@]}"; do printf '%s\n    %s' "$sep" "$(json_str "$n")"; sep=","; done
  printf '\n  ]\n}\n'
} >"$OUT"
log "results: $OUT (table: $TXT)"
