#!/usr/bin/env bash
# Builds the Debian package artifacts/packages/indra_VERSION_amd64.deb from a self-contained linux-x64 publish
# (the target needs no .NET runtime), with dpkg-deb:
#   /usr/lib/indra/                            the publish (the apphost 'indra', its assemblies and the runtime)
#   /usr/bin/indra                             symlink to ../lib/indra/indra
#   /usr/lib/systemd/user/indra-mount.service  user unit: mounts the user's vault at ~/indra at login (not enabled)
#   /usr/share/man/man1/indra.1.gz             generated from the CLI's own --help (packaging/linux/make-manpage.sh)
#   /usr/share/bash-completion/completions/indra
#   /usr/share/doc/indra/                      copyright (DEP-5), changelog.Debian.gz, examples/policy.json
#   /usr/share/lintian/overrides/indra         the overrides, each with its reason
# No /etc/indra/policy.json is installed: any value a machine policy sets is imposed on every user (docs/policy.md),
# so an active file would restrict; the administrator copies the example there and edits it.
#   build/package-deb.sh [--publish DIR]   DIR: an existing linux-x64 self-contained publish (default: publish now)
# Prints the package's path. Needs dpkg-deb (Debian's dpkg).
set -euo pipefail
cd "$(dirname "$0")/.."
publish=""
if [[ "${1:-}" == "--publish" ]]; then publish="${2:?--publish needs a directory}"; fi
[[ -n "$publish" ]] || publish="$(build/package-publish.sh linux-x64)"
[[ -x "$publish/indra" ]] || { echo "package-deb: $publish/indra is missing (not a linux-x64 publish)" >&2; exit 1; }

linux=packaging/linux
# The package version is the binary's own (--version prints VERSION+COMMIT) with the changelog's Debian revision;
# a changelog whose newest entry is for another version fails the build rather than ship a stale changelog.
upstream="$("$publish/indra" --version)"
upstream="${upstream%%+*}"
version="$(sed -n '1s/^indra (\([^)]*\)).*/\1/p' "$linux/changelog")"
if [[ "${version%-*}" != "$upstream" ]]; then
  echo "package-deb: $linux/changelog's newest entry is $version but indra is $upstream: add a changelog entry" >&2
  exit 1
fi
changed="$(sed -n 's/^ -- .*>  \(.*\)$/\1/p' "$linux/changelog" | head -1)"
day="$(date -u -d "$changed" +%F)"

root=artifacts/deb/root
rm -rf "$root"
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/lib/indra" "$root/usr/lib/systemd/user" \
  "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" "$root/usr/share/doc/indra/examples" \
  "$root/usr/share/lintian/overrides"
cp -R "$publish/." "$root/usr/lib/indra/"
# Debian's modes: folders 0755, files 0644, the two programs 0755.
find "$root/usr/lib/indra" -type d -exec chmod 0755 {} +
find "$root/usr/lib/indra" -type f -exec chmod 0644 {} +
chmod 0755 "$root/usr/lib/indra/indra" "$root/usr/lib/indra/createdump"
# SQLitePCLRaw's SQLite build is the one shared object published with its symbol table; the runtime's are stripped.
strip --strip-unneeded --remove-section=.comment "$root/usr/lib/indra/libe_sqlite3.so"
ln -s ../lib/indra/indra "$root/usr/bin/indra"
install -m 0644 "$linux/indra-mount.service" "$root/usr/lib/systemd/user/indra-mount.service"
install -m 0644 "$linux/indra.bash-completion" "$root/usr/share/bash-completion/completions/indra"
install -m 0644 "$linux/copyright" "$root/usr/share/doc/indra/copyright"
install -m 0644 "$linux/policy.json" "$root/usr/share/doc/indra/examples/policy.json"
install -m 0644 "$linux/lintian-overrides" "$root/usr/share/lintian/overrides/indra"
gzip -9n <"$linux/changelog" >"$root/usr/share/doc/indra/changelog.Debian.gz"
"$linux/make-manpage.sh" "$publish/indra" "$upstream" "$day" | gzip -9n >"$root/usr/share/man/man1/indra.1.gz"
chmod 0644 "$root/usr/share/doc/indra/changelog.Debian.gz" "$root/usr/share/man/man1/indra.1.gz"

(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
cat >"$root/DEBIAN/control" <<EOF
Package: indra
Version: $version
Architecture: amd64
Maintainer: Indra Dev <dev@indra.invalid>
Installed-Size: $(du -sk --apparent-size "$root/usr" | cut -f1)
Depends: fuse3, libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3 | libssl1.1
Section: utils
Priority: optional
Description: content-addressed artifact vault mounted as a filesystem
 Indra mounts a personal, content-addressed artifact vault as a FUSE
 filesystem. Programs read and write ordinary files; underneath, every file is
 an artifact whose id is the BLAKE3 hash of its bytes, identical content is
 stored once, and every open is an attention event from which per-file heat is
 computed. Vaults share files with paired peers.
 .
 This package is a self-contained build: it needs no .NET runtime. The user
 unit indra-mount.service mounts the user's vault at ~/indra at login.
EOF
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p artifacts/packages
deb="artifacts/packages/indra_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >&2
echo "$deb"
