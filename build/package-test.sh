#!/usr/bin/env bash
# Runs the packaging tests (category Packaging of tests/Indra.Packaging.Tests), which build/test.sh leaves out because
# they take several minutes: two self-contained publishes. They build the .deb, the .NET tool and the MSI with the
# scripts beside this one and check them: lintian, dpkg -i, a mount as an ordinary user, systemd-analyze verify,
# dpkg -r; dotnet tool install; msiinfo and msiextract; the winget manifests. Run as root (they install the .deb).
#   build/package-test.sh [dotnet test options...]
set -euo pipefail
cd "$(dirname "$0")/.."
build/setup.sh --packaging
dotnet build tests/Indra.Packaging.Tests -c Release -nologo -v quiet
dotnet test tests/Indra.Packaging.Tests -c Release --no-build -nologo --logger "console;verbosity=normal" "$@"
