#!/bin/sh
# Throughput of sharing a 1 GiB file between two local `indra mount` daemons, against cp of the same file.
# Usage: INDRA=/path/to/indra sh benchmarks/sharing/bench-share.sh [WORKDIR]   (needs FUSE; uses ports 17421-17422)
set -eu
I=${INDRA:-indra}
W=${1:-/tmp/indra-bench-share}
rm -rf "$W"; mkdir -p "$W/ma" "$W/mb"
now() { date +%s.%N; }
took() { echo "$2 - $1" | bc; }
"$I" init --vault "$W/a" >/dev/null; "$I" init --vault "$W/b" >/dev/null
"$I" peer listen 127.0.0.1:17421 --vault "$W/a" >/dev/null; "$I" peer listen 127.0.0.1:17422 --vault "$W/b" >/dev/null
"$I" mount "$W/ma" --vault "$W/a" --background >/dev/null; "$I" mount "$W/mb" --vault "$W/b" --background >/dev/null
# Offers need consent since issue 12: bob accepts alice's at once (ACCEPT= empty for an indra from before that).
ACCEPT=${ACCEPT---auto-accept}
"$I" peer add bob "$("$I" peer invite --vault "$W/b")" --vault "$W/a" $ACCEPT >/dev/null
"$I" peer add alice "$("$I" peer invite --vault "$W/a")" --vault "$W/b" $ACCEPT >/dev/null
head -c 1073741824 /dev/urandom > "$W/big.bin"
sync; s=$(now); cp "$W/big.bin" "$W/big.copy"; sync; e=$(now); echo "cp + sync, 1 GiB:                     $(took "$s" "$e") s"
cp "$W/big.bin" "$W/ma/vault/big.bin"; sleep 8
s=$(now)
"$I" share big.bin --with bob --vault "$W/a" >/dev/null
while [ ! -e "$W/mb/peers/alice/big.bin" ]; do sleep 0.05; done
e=$(now); echo "indra share until visible at the peer: $(took "$s" "$e") s"
cmp "$W/big.bin" "$W/mb/peers/alice/big.bin" && echo "bytes identical"
grep fetched "$W/b/indra.log" || true
"$I" unmount "$W/ma" >/dev/null; "$I" unmount "$W/mb" >/dev/null
rm -rf "$W"
