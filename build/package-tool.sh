#!/usr/bin/env bash
# Packs the indra CLI as a .NET tool: artifacts/packages/tool/Indra.VERSION.nupkg (framework-dependent: it needs the
# .NET 10 runtime). Install it with
#   dotnet tool install --global --add-source artifacts/packages/tool Indra
#   build/package-tool.sh [--no-build]   --no-build: pack the existing Release build of src/Indra.Cli
# Prints the package's path.
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/packages/tool
rm -rf "$out"
dotnet pack src/Indra.Cli -c Release -o "$out" -nologo -v quiet "$@" >&2
ls "$out"/Indra.*.nupkg
