#!/usr/bin/env bash
# Builds the Windows installer artifacts/packages/indra-VERSION-x64.msi on Linux with wixl (msitools) from a
# self-contained win-x64 publish (cross-published here: Windows needs no .NET runtime), from packaging/windows/indra.wxs,
# and beside it:
#   artifacts/packages/winget/manifests/i/Indra/Indra/VERSION/   the winget manifests (version, defaultLocale,
#                                                                installer with the MSI's SHA256 and ProductCode)
#   artifacts/packages/policy/                                   Indra.admx and en-US/Indra.adml (Group Policy)
#   build/package-msi.sh [--publish DIR]   DIR: an existing win-x64 self-contained publish (default: publish now)
# The PowerShell module goes in when there is one: artifacts/Indra/ (made by build/module.sh, which is run first when
# it exists); without it the feature PowerShellModule is empty. The winget InstallerUrl is $INDRA_MSI_URL_BASE/FILE,
# set it to where the MSI is published (the default is a placeholder under .invalid).
# Prints the MSI's path. Needs wixl and wixl-heat (apt: wixl) and msiinfo (apt: msitools).
set -euo pipefail
cd "$(dirname "$0")/.."
publish=""
if [[ "${1:-}" == "--publish" ]]; then publish="${2:?--publish needs a directory}"; fi
[[ -n "$publish" ]] || publish="$(build/package-publish.sh win-x64)"
[[ -f "$publish/indra.exe" ]] || { echo "package-msi: $publish/indra.exe is missing (not a win-x64 publish)" >&2; exit 1; }
publish="$(realpath --relative-to=. "$publish")"

# The version is the CLI's own, as its publish records it ("indra/0.1.0" in indra.deps.json).
version="$(grep -o '"indra/[0-9][0-9.]*"' "$publish/indra.deps.json" | head -1 | tr -d '"')"
version="${version#indra/}"
[[ -n "$version" ]] || { echo "package-msi: no version in $publish/indra.deps.json" >&2; exit 1; }

if [[ -x build/module.sh ]]; then build/module.sh >&2; fi
module=""
if [[ -d artifacts/Indra ]]; then module=artifacts/Indra; fi

work=artifacts/msi
rm -rf "$work"
mkdir -p "$work" artifacts/packages
# One component per file (wixl-heat), under INSTALLDIR and MODULEDIR. wixl takes sources relative to the current
# folder (the repository).
find "$publish" -type f | LC_ALL=C sort \
  | wixl-heat --prefix "$publish/" --var var.PublishDir --directory-ref INSTALLDIR --component-group IndraFiles --win64 \
  >"$work/files.wxs"
if [[ -n "$module" ]]; then
  find "$module" -type f | LC_ALL=C sort \
    | wixl-heat --prefix "$module/" --var var.ModuleDir --directory-ref MODULEDIR --component-group ModuleFiles --win64 \
    | sed -E 's/Id="(cmp|fil|dir)/Id="mod\1/g' >"$work/module.wxs"
  # wixl-heat derives ids from the file's relative name, so the module's Indra.Engine.dll would get the id of the
  # program's: the module's ids carry the prefix "mod".
else
  # The slot for the module: an empty group until build/module.sh produces artifacts/Indra.
  cat >"$work/module.wxs" <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Fragment>
    <ComponentGroup Id="ModuleFiles" />
  </Fragment>
</Wix>
EOF
fi

msi="artifacts/packages/indra-$version-x64.msi"
wixl -a x64 -o "$msi" -D Win64=yes -D Version="$version" -D PublishDir="$publish" -D ModuleDir="${module:-.}" \
  -D WindowsDir=packaging/windows packaging/windows/indra.wxs "$work/files.wxs" "$work/module.wxs" >&2

sha256="$(sha256sum "$msi" | cut -d' ' -f1 | tr a-f A-F)"
productcode="$(msiinfo export "$msi" Property | awk -F'\t' '$1 == "ProductCode" {print $2}' | tr -d '\r')"
url="${INDRA_MSI_URL_BASE:-https://releases.indra.invalid/download/v$version}/$(basename "$msi")"
manifests="artifacts/packages/winget/manifests/i/Indra/Indra/$version"
rm -rf artifacts/packages/winget
mkdir -p "$manifests"
for template in packaging/windows/winget/*.yaml; do
  sed -e "s|@VERSION@|$version|g" -e "s|@SHA256@|$sha256|g" -e "s|@URL@|$url|g" -e "s|@PRODUCTCODE@|$productcode|g" \
    -e '/^# yaml-language-server/!{/^#/d}' "$template" >"$manifests/$(basename "$template")"
done
rm -rf artifacts/packages/policy
cp -R packaging/windows/policy artifacts/packages/policy
echo "$msi"
