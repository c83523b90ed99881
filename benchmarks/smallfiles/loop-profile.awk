# Summary of the FUSE loop threads' samples (comm indra-fuse-loop, or -v COMM=indra-fuse-ring for the io_uring entries) in `perf script -F comm,ip,sym` output: the
# samples under each FuseCallbacks entry point (or outside any), the top symbols by self samples, and every Indra
# and libfuse frame by inclusive samples (TOP of them, 70 by default). Used by profile-loop.sh.
BEGIN{RS=""} { split($0, L, "\n"); c=L[1]; sub(/^[ \t]+/,"",c); sub(/[ \t]+$/,"",c); if (c != (COMM ? COMM : "indra-fuse-loop")) next; n++
  s=L[2]; sub(/^[ \t]*[0-9a-f]+ /, "", s); sub(/\[Optimized.*\]$/, "", s); self[s]++
  delete seen; cb=""; for (i=2; i<=length(L); i++) { t=L[i]; sub(/^[ \t]*[0-9a-f]+ /, "", t); sub(/\[Optimized.*\]$/, "", t); sub(/\(.*$/, "", t); sub(/^.* /, "", t);
    if (t ~ /Indra\./ && !(t in seen)) { seen[t]=1; inc[t]++ } if (t ~ /FuseCallbacks::/) cb=t; if (t ~ /^fuse_/ && !(t in seen)) { seen[t]=1; inc[t]++ } }
  if (cb=="") cb="(outside callbacks)"; cbs[cb]++ }
END { printf "LOOP SAMPLES %d\n-- by callback\n", n; for (k in cbs) printf "%6d %5.1f%% %s\n", cbs[k], 100*cbs[k]/n, k | "sort -rn"; close("sort -rn")
  printf "-- self\n"; for (k in self) printf "%6d %5.1f%% %s\n", self[k], 100*self[k]/n, k | "sort -rn | head -40"; close("sort -rn | head -40")
  printf "-- inclusive\n"; for (k in inc) printf "%6d %5.1f%% %s\n", inc[k], 100*inc[k]/n, k | "sort -rn | head -" (TOP ? TOP : 70) }
