#!/bin/sh
# Time until a 1 GiB file shared between two local `indra mount` daemons is visible at the receiver, against
# `cp` + `sync` of the same file on the same disk, in one run: REPEATS rounds, each one cp + sync and then one share
# per build (up to three builds, A, B and C; the order rotates from round to round), medians at the end. For every share it also
# reports the CPU seconds (user + system, from /proc/PID/stat) the sender's and the receiver's daemon spent from the
# `indra share` until the file was visible, and the receiver's own log line about the fetch. Each round also times
# the disk's part of a share alone (reading 1 GiB and writing 1 GiB at once, O_DIRECT), a floor for a share between
# two daemons on one disk; cp + sync reads its source from the page cache.
# Usage: INDRA=/path/to/indra [INDRA_B=/path/to/other/indra [INDRA_C=/path/to/third/indra]] [REPEATS=3] [MIB=1024] [PORT=17421] \
#          sh benchmarks/sharing/bench-share.sh [WORKDIR]
# Needs FUSE; uses ports PORT and PORT+1. A build from before offers needed consent (issue 12) wants ACCEPT= (empty).
# PERF=DIR records both daemons with perf during every share (499 Hz, call graphs, perf map on and W^X off, so JIT'd
# methods are named; with W^X on perf sees them only as memfd:doublemapper) into DIR/LABEL-ROUND-sender.data and
# -receiver.data, with flat reports by library and by symbol beside them (perf and W^X off change the daemons' CPU
# too: compare CPU figures only between runs made the same way).
# LOGS=DIR keeps both daemons' logs of every share as DIR/LABEL-ROUND-sender.log and -receiver.log. A build script
# that exports DOTNET_JitDisasmSummary=1 only when its first argument is "mount" (other commands' output is read)
# makes each daemon list there every method the JIT compiled, with its tier ("Tier0", "Tier1", "FullOpts").
# A build may be a script that sets environment variables for one build only and runs the real indra (exec ... "$@").
# WARM=MIB first shares a file of MIB MiB of other random bytes between the same two daemons and waits until it is
# visible, so the measured share runs in daemons whose hot paths the JIT has already compiled (a daemon that has been
# up for a while) rather than in fresh ones; default 0 (fresh daemons, as before).
# SENDER_CACHED=1 reads the sender's block files into the page cache before each share, as cp's source (big.bin,
# just written) is: the share is then compared with a cp that reads the same way. By default (0) the sender reads its
# blocks from the disk (they were written with O_DIRECT) while the receiver writes, both on the one disk.
# Each share's vaults stay on disk until the run ends (about 2 GiB a share, see KEEP in share(); KEEP=0 deletes them
# after each share, as before).
set -eu
A=${INDRA:-indra}
B=${INDRA_B:-}
C=${INDRA_C:-}
R=${REPEATS:-3}
MIB=${MIB:-1024}
PORT=${PORT:-17421}
ACCEPT=${ACCEPT---auto-accept}
W=${1:-/tmp/indra-bench-share}
TICK=$(getconf CLK_TCK)
PERF=${PERF:-}
LOGS=${LOGS:-}
WARM=${WARM:-0}
[ -z "$LOGS" ] || mkdir -p "$LOGS"
if [ -n "$PERF" ]; then mkdir -p "$PERF"; export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0; fi
rm -rf "$W"; mkdir -p "$W"
now() { date +%s.%N; }
took() { echo "$2 - $1" | bc; }
# CPU seconds (utime + stime) of process $1 so far; fields 14 and 15 of /proc/PID/stat, counted after the command name.
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk -v t="$TICK" '{ printf "%.2f", ($12 + $13) / t }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) printf "%.3f\n", v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
daemon_pid() { sed -n 's/.*daemon pid \([0-9]*\).*/\1/p'; }

head -c $((MIB * 1048576)) /dev/urandom > "$W/big.bin"
[ "$WARM" -eq 0 ] || head -c $((WARM * 1048576)) /dev/urandom > "$W/warm.bin"

# share BUILD LABEL: one share of big.bin from a fresh alice to a fresh bob; appends "seconds sender-cpu receiver-cpu" to $W/LABEL.
share() {
  I=$1; L=$2; D="$W/run-$L-$r"
  rm -rf "$D"; mkdir -p "$D/ma" "$D/mb"
  "$I" init --vault "$D/a" >/dev/null; "$I" init --vault "$D/b" >/dev/null
  "$I" peer listen "127.0.0.1:$PORT" --vault "$D/a" >/dev/null; "$I" peer listen "127.0.0.1:$((PORT + 1))" --vault "$D/b" >/dev/null
  pa=$("$I" mount "$D/ma" --vault "$D/a" --background | daemon_pid)
  pb=$("$I" mount "$D/mb" --vault "$D/b" --background | daemon_pid)
  "$I" peer add bob "$("$I" peer invite --vault "$D/b")" --vault "$D/a" $ACCEPT >/dev/null
  "$I" peer add alice "$("$I" peer invite --vault "$D/a")" --vault "$D/b" $ACCEPT >/dev/null
  cp "$W/big.bin" "$D/ma/vault/big.bin"
  if [ "$WARM" -ne 0 ]; then
    cp "$W/warm.bin" "$D/ma/vault/warm.bin"
    "$I" share warm.bin --with bob --vault "$D/a" >/dev/null
    while [ ! -e "$D/mb/peers/alice/warm.bin" ]; do sleep 0.02; done
  fi
  sleep 8
  [ "${SENDER_CACHED:-0}" -eq 0 ] || find "$D/a/blocks" -type f -exec cat {} + >/dev/null
  if [ -n "$PERF" ]; then
    perf record -F 499 -g -p "$pa" -o "$PERF/$L-$r-sender.data" 2>/dev/null & fa=$!
    perf record -F 499 -g -p "$pb" -o "$PERF/$L-$r-receiver.data" 2>/dev/null & fb=$!
    sleep 1
  fi
  ca=$(cpu "$pa"); cb=$(cpu "$pb")
  s=$(now)
  "$I" share big.bin --with bob --vault "$D/a" >/dev/null
  while [ ! -e "$D/mb/peers/alice/big.bin" ]; do sleep 0.02; done
  e=$(now)
  ea=$(cpu "$pa"); eb=$(cpu "$pb")
  if [ -n "$PERF" ]; then
    kill -INT "$fa" "$fb"; wait "$fa" "$fb" || true
    for side in sender receiver; do
      f="$PERF/$L-$r-$side"
      perf report -i "$f.data" --no-children --sort dso --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' | head -15 > "$f.dso.txt"
      perf report -i "$f.data" --no-children --sort dso,sym --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' | head -60 > "$f.sym.txt"
    done
  fi
  t=$(took "$s" "$e"); sa=$(echo "$ea - $ca" | bc); sb=$(echo "$eb - $cb" | bc)
  echo "$t $sa $sb" >> "$W/$L"
  same=identical; cmp -s "$W/big.bin" "$D/mb/peers/alice/big.bin" || same=DIFFERENT
  printf '  %-4s visible after %6.2f s; CPU sender %5.2f s, receiver %5.2f s; bytes %s\n' "$L" "$t" "$sa" "$sb" "$same"
  grep -h "fetched" "$D/b/indra.log" | tail -1 | sed 's/^/       receiver: /' || true
  "$I" unmount "$D/ma" >/dev/null; "$I" unmount "$D/mb" >/dev/null
  if [ -n "$LOGS" ]; then cp "$D/a/indra.log" "$LOGS/$L-$r-sender.log"; cp "$D/b/indra.log" "$LOGS/$L-$r-receiver.log"; fi
  # Kept until the end of the run: on an ext4 without a journal (this VM's root) the inode allocator skips inodes
  # freed in the last 60 s, reading each one's inode table block (ext4 ialloc.c, recently_deleted), so the next
  # share's 1,024 new block files would pay for this share's deleted ones, which no single share does.
  [ "${KEEP:-1}" -eq 1 ] || rm -rf "$D"
}

echo "share $MIB MiB between two local daemons, $R rounds; A = $A${B:+, B = $B}${C:+, C = $C}; $(if [ "$WARM" -eq 0 ]; then echo "fresh daemons"; else echo "daemons warmed by a $WARM MiB share"; fi)"
LABELS="A${B:+ B}${C:+ C}"
build() { case $1 in A) echo "$A" ;; B) echo "$B" ;; C) echo "$C" ;; esac; }
for r in $(seq 1 "$R"); do
  echo "round $r"
  rm -f "$W/big.copy"; sync
  s=$(now); cp "$W/big.bin" "$W/big.copy"; sync; e=$(now)
  t=$(took "$s" "$e"); echo "$t" >> "$W/cp"; printf '  cp + sync %6.2f s\n' "$t"
  rm -f "$W/big.copy"; sync
  # The disk's part of a share on one machine: the sender reads its blocks (written with O_DIRECT, so from the disk)
  # while the receiver writes as many bytes, both on this disk. Read big.bin and write big.copy at once, both with
  # O_DIRECT in 1 MiB requests as the daemons do; it is done when both are.
  s=$(now)
  dd if="$W/big.bin" of=/dev/null bs=1M iflag=direct status=none & rd=$!
  dd if=/dev/zero of="$W/big.copy" bs=1M count="$MIB" oflag=direct conv=fsync status=none
  wait "$rd"; e=$(now)
  t=$(took "$s" "$e"); echo "$t" >> "$W/disk"; printf '  disk: read + write at once %6.2f s\n' "$t"
  rm -f "$W/big.copy"; sync
  # Round r starts with build number (r - 1) modulo the number of builds: A B C, B C A, C A B, ...
  set -- $LABELS; n=$#; k=$(((r - 1) % n))
  for i in $(seq 0 $((n - 1))); do
    L=$(echo "$LABELS" | cut -d' ' -f$(((k + i) % n + 1))); share "$(build "$L")" "$L"
  done
done

echo "medians over $R rounds:"
cpm=$(median < "$W/cp")
dkm=$(median < "$W/disk")
printf '  %-28s %7s s\n' "cp + sync" "$cpm"
printf '  %-28s %7s s\n' "disk: read + write at once" "$dkm"
for L in $LABELS; do
  tm=$(cut -d' ' -f1 "$W/$L" | median); sm=$(cut -d' ' -f2 "$W/$L" | median); rm_=$(cut -d' ' -f3 "$W/$L" | median)
  printf '  %-28s %7s s  (%s x cp + sync, %s x the disk'"'"'s read + write); CPU sender %s s, receiver %s s\n' "share $L until visible" "$tm" \
    "$(echo "scale=2; $tm / $cpm" | bc)" "$(echo "scale=2; $tm / $dkm" | bc)" "$sm" "$rm_"
done
rm -rf "$W"
