# Sourced by loopsteps.sh and write-steps.sh: mounts a new vault at $W/mnt with --metrics (binary $bin, $ENVX and
# $MOUNTX as given) and defines step NAME CMD..., which prints "LABEL ROUND NAME wall= cpu= loop= other= loop_ms= req= rc="
# for the command: the daemon's CPU (user + sys, /proc/PID/stat) split into the FUSE loop threads (comm
# indra-fuse-loop) and the rest (thread-pool workers), the loop threads' CPU in ms from schedstat, and the FUSE
# requests it made. Needs label, round, W, bin. metaloop_steps DIR: metaloop's create, rename and unlink phases
# (5,000 empty files in DIR), one step each.
tk=$(getconf CLK_TCK)
"$bin" init --vault "$W/vault" >/dev/null 2>&1 || { echo init failed; exit 1; }
env ${ENVX:-} "$bin" mount "$W/mnt" --vault "$W/vault" --background --metrics ${MOUNTX:-} > "$W/mount.log" 2>&1 || { cat "$W/mount.log"; exit 1; }
pid=$(grep -oE 'daemon pid [0-9]+' "$W/mount.log" | grep -oE '[0-9]+' | head -1)
url=$(cat "$W/vault/metrics.url" 2>/dev/null || find "$W/vault" -name metrics.url -exec cat {} \; | head -1)
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
# Ticks of every thread but the loop's (a thread's comm may hold spaces, so its stat is read after the ") ").
# A thread that exits between the two reads takes its ticks along: "other" can then come out low, even negative.
other() { local s=0 c t v; for t in /proc/$pid/task/*; do read -r c <"$t/comm" 2>/dev/null || continue; [[ $c == indra-fuse-loop ]] && continue; v=$(sed 's/.*) //' "$t/stat" 2>/dev/null | awk '{print $12+$13}'); s=$((s + ${v:-0})); done; echo $s; }
# Nanoseconds on a CPU of the loop threads (schedstat's first field: exact, where the 10 ms ticks above are coarse for a
# step of a few thousand requests; the loop threads do not exit).
loopns() { local s=0 c t v; for t in /proc/$pid/task/*; do read -r c <"$t/comm" 2>/dev/null || continue; [[ $c == indra-fuse-loop ]] || continue; read -r v _ <"$t/schedstat" 2>/dev/null || continue; s=$((s + v)); done; echo $s; }
nreq() { curl -s "$url" | awk '/^indra_fuse_requests_total/ {s+=$2} END{print s+0}'; }
step() { local n=$1; shift; local r0 c0 o0 l0 t0 t1 c1 o1 l1 r1 rc; r0=$(nreq); c0=$(cpu); o0=$(other); l0=$(loopns); t0=$(date +%s.%N)
  "$@" >/dev/null 2>"$W/$n.err"; rc=$?
  t1=$(date +%s.%N); l1=$(loopns); c1=$(cpu); o1=$(other); r1=$(nreq)
  printf '%s %s %-10s wall=%.3f cpu=%.3f loop=%.3f other=%.3f loop_ms=%.1f req=%d thr=%d rc=%d\n' "$label" "$round" "$n" "$(echo "$t1 - $t0" | bc)" \
    "$(echo "($c1 - $c0)/$tk" | bc -l)" "$(echo "($c1 - $c0 - $o1 + $o0)/$tk" | bc -l)" "$(echo "($o1 - $o0)/$tk" | bc -l)" \
    "$(echo "($l1 - $l0)/1000000" | bc -l)" $((r1-r0)) "$(ls /proc/$pid/task | wc -l)" $rc; }
metaloop_steps() { mkdir -p "$1"
  step create perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { open(my $f, ">", "$d/f$i") or die; close $f }' "$1" 5000
  step rename perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { rename("$d/f$i", "$d/g$i") or die }' "$1" 5000
  step unlink perl -e 'my ($d,$n)=@ARGV; for my $i (0..$n-1) { unlink("$d/g$i") or die }' "$1" 5000; }
