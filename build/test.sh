#!/usr/bin/env bash
# Sets up the machine (build/setup.sh --test), builds Indra in Release and runs every test suite.
# Functional tests mount real FUSE filesystems: run as root (or a user allowed to use /dev/fuse and fusermount3).
set -euo pipefail
cd "$(dirname "$0")/.."
build/setup.sh --test
# The local tools (.config/dotnet-tools.json): pwsh 7.6.10, which the PowerShell module's tests drive.
dotnet tool restore >/dev/null
dotnet build Indra.sln -c Release -nologo -v quiet
log=$(mktemp)
set +e
# The packaging tests take minutes (self-contained publishes): build/package-test.sh runs them. A --filter given here wins.
filter=(--filter "Category!=Packaging")
for argument in "$@"; do if [[ "$argument" == --filter* ]]; then filter=(); fi; done
dotnet test Indra.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "${filter[@]}" "$@" | tee "$log"
status=${PIPESTATUS[0]}
set -e
# One closing line over all suites: "N passed, N failed, N skipped".
count() { grep -Eo "^ +$1: +[0-9]+" "$log" | awk '{s+=$2} END {print s+0}'; }
# Repeat each failure with its message at the end, where a truncated CI log still shows it.
if grep -qE "^ +Failed [A-Za-z_]" "$log"; then
  echo "Failures:"
  awk '/^ +Failed [A-Za-z_]/ {show=1; n=0} show {print; if (++n > 25) show=0} /^ +(Passed|Skipped) / {show=0}' "$log" | head -200
fi
echo "$(count Passed) passed, $(count Failed) failed, $(count Skipped) skipped"
rm -f "$log"
exit "$status"
