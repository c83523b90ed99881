#!/usr/bin/env bash
# Publishes the indra CLI self-contained for one runtime (no .NET needed where it runs) into artifacts/publish/RID,
# for the packages built from it (build/package-deb.sh: linux-x64, build/package-msi.sh: win-x64).
#   build/package-publish.sh RID
# The build has its own intermediate and output folders (artifacts/build/RID), so it neither disturbs nor is
# disturbed by the normal build in src/*/bin and obj; a second run is incremental. Left out of the publish: debug
# symbols, XML documentation and the translations of System.CommandLine's messages (Indra's own are English only).
# ReadyToRun (as build/run.sh): the assemblies carry native code for RID, so the daemon does not spend its first
# seconds and its first written GiB in the JIT (docs/blocks.md, "ReadyToRun"); the JIT still tiers hot methods up.
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:?usage: build/package-publish.sh RID (linux-x64, win-x64)}"
out="artifacts/publish/$rid"
rm -rf "$out"
dotnet publish src/Indra.Cli -c Release -r "$rid" --self-contained true -nologo -v quiet \
  --artifacts-path "artifacts/build/$rid" -o "$out" \
  -p:PublishReadyToRun=true -p:DebugType=none -p:PublishDocumentationFiles=false -p:SatelliteResourceLanguages=en >&2
echo "$out"
