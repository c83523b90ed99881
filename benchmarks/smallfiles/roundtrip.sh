#!/usr/bin/env bash
# One synchronous FUSE round trip, measured from the caller: N chmod(2) of one file (a SETATTR each) and N
# opendir(3)+closedir(3) of one directory (an OPENDIR, answered, and a RELEASEDIR, not waited for), in µs per call.
# Run it on a native directory and on each mount under test, one after the other.
# usage: roundtrip.sh DIR [N]   (DIR writable; makes DIR/roundtrip.file and DIR/roundtrip.dir)
set -euo pipefail
dir=$1; n=${2:-50000}; bin=${TMPDIR:-/tmp}/indra-roundtrip
if [[ ! -x $bin ]]; then
  cat >"$bin.c" <<'C'
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
int main(int argc, char **argv) {
  int n = atoi(argv[3]); double a = now();
  for (int i = 0; i < n; i++) if (chmod(argv[1], (i & 1) ? 0644 : 0600)) { perror("chmod"); return 1; }
  double b = now();
  for (int i = 0; i < n; i++) { DIR *d = opendir(argv[2]); if (!d) { perror("opendir"); return 1; } closedir(d); }
  double c = now();
  printf("chmod %.2f us  opendir+closedir %.2f us\n", (b - a) / n, (c - b) / n);
  return 0;
}
C
  cc -O2 -o "$bin" "$bin.c"
fi
touch "$dir/roundtrip.file"; mkdir -p "$dir/roundtrip.dir"
"$bin" "$dir/roundtrip.file" "$dir/roundtrip.dir" "$n"
