#!/usr/bin/env bash
# Regenerates the README's pictures from the real programs: docs/dashboard.png (the daemon's page in Chromium) and
# docs/heat.png ('indra heat' on a pseudo-terminal, its colours rendered to HTML and shot in Chromium). Both are taken by
# tests/Indra.Dashboard.Tests against a real daemon (needs /dev/fuse and /usr/bin/chromium: build/setup.sh --test).
#   build/docs-images.sh
set -euo pipefail
repository="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repository"
dotnet build tests/Indra.Dashboard.Tests -c Release -nologo -v quiet
INDRA_DOCS_IMAGES="$repository/docs" dotnet test tests/Indra.Dashboard.Tests -c Release --no-build \
  --filter "FullyQualifiedName~HeatImageTests|FullyQualifiedName~The_page_is_served_with_its_token_and_a_screenshot_is_kept"
ls -l docs/dashboard.png docs/heat.png
