#!/usr/bin/env bash
# Builds the PowerShell module Indra as a folder that Import-Module loads from any path: Indra.psd1, Indra.dll and its
# dependencies (with SQLite's native library under runtimes/RID/native/), the format file and the help
# (en-US/Indra.dll-Help.xml, generated from the code's XML documentation by the pinned pwsh tool).
#   build/module.sh [--no-build] [OUTPUT]      default OUTPUT: artifacts/Indra
#   --no-build: publish what 'dotnet build -c Release' already built (the tests use it after building the solution)
# Then:  pwsh -c 'Import-Module ./artifacts/Indra/Indra.psd1; Get-IndraVault'
set -euo pipefail
cd "$(dirname "$0")/.."
build=()
if [[ "${1:-}" == "--no-build" ]]; then build=(--no-build); shift; fi
out="$(realpath -m "${1:-artifacts/Indra}")"
rm -rf "$out"
dotnet publish src/Indra.PowerShell -c Release -o "$out" -nologo -v quiet "${build[@]}"
# Symbols and the build's leftovers are not part of the module.
rm -f "$out"/*.pdb "$out"/*.deps.json
# The XML docs of the other assemblies are not needed; Indra.xml feeds the help and is removed by the generator.
find "$out" -maxdepth 1 -name '*.xml' ! -name 'Indra.xml' -delete
dotnet tool restore >/dev/null
dotnet pwsh -NoProfile -NonInteractive -File src/Indra.PowerShell/Help/New-IndraHelp.ps1 -ModuleDirectory "$out"
echo "$out"
