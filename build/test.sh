#!/usr/bin/env bash
# Sets up the machine (build/setup.sh --test), builds Indra in Release and runs every test suite.
# Functional tests mount real FUSE filesystems: run as root (or a user allowed to use /dev/fuse and fusermount3).
set -euo pipefail
cd "$(dirname "$0")/.."
build/setup.sh --test
dotnet build Indra.sln -c Release -nologo -v quiet
dotnet test Indra.sln -c Release --no-build -nologo --logger "console;verbosity=normal" "$@" | tee /tmp/indra-test.log
status=${PIPESTATUS[0]}
passed=$(grep -Eo 'Passed: +[0-9]+' /tmp/indra-test.log | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' /tmp/indra-test.log | awk '{s+=$2} END {print s+0}')
skipped=$(grep -Eo 'Skipped: +[0-9]+' /tmp/indra-test.log | awk '{s+=$2} END {print s+0}')
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
