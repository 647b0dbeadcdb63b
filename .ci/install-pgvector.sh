#!/usr/bin/env bash
# Installs pgvector 0.8.0 into the host's PostgreSQL 15. Debian bookworm has no pgvector package,
# but trixie's source package builds against bookworm's PostgreSQL 15; a private apt source list
# keeps the system's sources untouched. Skips when vector.control is already installed.
# Needs root, postgresql-server-dev-15, make and a C compiler.
set -euo pipefail

pg_config=/usr/lib/postgresql/15/bin/pg_config
version=0.8.0
orig_sha256=867a2c328d4928a5a9d6f052cd3bc78c7d60228a9b914ad32aa3db88e9de27b0
mirror="${ZAVA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

log() { printf '[install-pgvector] %s\n' "$*" >&2; }
die() {
  printf '[install-pgvector] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ -x $pg_config ]] || die "$pg_config missing: apt-get install -y postgresql-server-dev-15"
extension_dir="$("$pg_config" --sharedir)/extension"
if [[ -f $extension_dir/vector.control ]]; then
  log "pgvector $(sed -n "s/^default_version = '\(.*\)'/\1/p" "$extension_dir/vector.control") already installed in $extension_dir"
  exit 0
fi

work="$(mktemp -d /var/tmp/zava-pgvector.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sources.list.d" "$work/lists/partial" "$work/src"
echo "deb-src $mirror trixie main" >"$work/sources.list.d/trixie-src.list"
apt_private=(-q -oDir::Etc::SourceList=/dev/null "-oDir::Etc::SourceParts=$work/sources.list.d"
  "-oDir::State::Lists=$work/lists")

log "fetching the pgvector source package from trixie"
apt-get "${apt_private[@]}" update >"$work/apt.log" 2>&1 || {
  cat "$work/apt.log" >&2
  die "apt-get update for trixie sources failed"
}
(cd "$work/src" && apt-get "${apt_private[@]}" source --download-only pgvector) >>"$work/apt.log" 2>&1 || {
  cat "$work/apt.log" >&2
  die "apt-get source pgvector failed"
}

tarball="$work/src/pgvector_$version.orig.tar.gz"
[[ -f $tarball ]] || die "expected $tarball; trixie now has: $(ls "$work/src")"
echo "$orig_sha256  $tarball" | sha256sum --check --quiet - || die "sha256 mismatch for $tarball"

log "building pgvector $version for $("$pg_config" --version)"
tar -xzf "$tarball" -C "$work/src"
build_dir="$work/src/pgvector-$version"
# OPTFLAGS="" drops -march=native so the library also runs on other x86-64 machines (and in the image).
make -C "$build_dir" -j"$(nproc)" PG_CONFIG="$pg_config" OPTFLAGS="" >"$work/make.log" 2>&1 || {
  tail -30 "$work/make.log" >&2
  die "make failed"
}
make -C "$build_dir" PG_CONFIG="$pg_config" OPTFLAGS="" install >>"$work/make.log" 2>&1 || {
  tail -30 "$work/make.log" >&2
  die "make install failed"
}
[[ -f $extension_dir/vector.control ]] || die "make install did not install $extension_dir/vector.control"
log "installed pgvector $version into $("$pg_config" --pkglibdir) and $extension_dir"
