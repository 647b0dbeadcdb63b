#!/usr/bin/env bash
# Builds a PostgreSQL 15 + pgvector image without any registry (Docker Hub is not reachable here):
# debootstrap a minimal bookworm rootfs, install postgresql-15 in a chroot, add the pgvector files
# built on the host, then `docker import` it. The result is cached as a `docker save` tarball keyed
# by this script's hash and the pgvector version, so later runs only `docker load` it.
#
# Usage (as root, with a reachable Docker daemon and pgvector installed for the host's PG 15):
#   .ci/build-pg-image.sh            # prints the image name on stdout when done
# Environment:
#   ZAVA_PG_IMAGE_NAME   image name (default zava-mcp/pgvector:pg15)
#   ZAVA_CI_CACHE_DIR    where the saved image lives (default ~/.cache/zava-mcp)
#   ZAVA_DEBIAN_MIRROR   Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   ZAVA_PG_IMAGE_REBUILD=1  ignore image and cache, build from scratch
set -euo pipefail

image="${ZAVA_PG_IMAGE_NAME:-zava-mcp/pgvector:pg15}"
cache_dir="${ZAVA_CI_CACHE_DIR:-$HOME/.cache/zava-mcp}"
mirror="${ZAVA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
pg_major=15
host_pg_config="/usr/lib/postgresql/$pg_major/bin/pg_config"

log() { printf '[build-pg-image] %s\n' "$*" >&2; }
die() {
  printf '[build-pg-image] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ $(id -u) == 0 ]] || die "must run as root (debootstrap and chroot need it)"
command -v docker >/dev/null || die "docker CLI not found: apt-get install -y docker.io"
docker info >/dev/null 2>&1 || die "no Docker daemon reachable (DOCKER_HOST=${DOCKER_HOST:-unset}); start dockerd first"
[[ -x $host_pg_config ]] || die "$host_pg_config missing: apt-get install -y postgresql-server-dev-$pg_major"
pkglibdir="$("$host_pg_config" --pkglibdir)"
extdir="$("$host_pg_config" --sharedir)/extension"
[[ -f $pkglibdir/vector.so && -f $extdir/vector.control ]] ||
  die "pgvector is not installed for PostgreSQL $pg_major on this host (run .ci/install-pgvector.sh)"

pgvector_version="$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$extdir/vector.control")"
script_hash="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-16)"
key="pg$pg_major-pgvector$pgvector_version-$script_hash"
cache_tar="$cache_dir/pgvector-image-$key.tar"

if [[ ${ZAVA_PG_IMAGE_REBUILD:-} != 1 ]]; then
  if [[ $(docker image inspect --format '{{ index .Config.Labels "zava-mcp.build-key" }}' "$image" 2>/dev/null) == "$key" ]]; then
    log "image $image ($key) already present"
    echo "$image"
    exit 0
  fi
  if [[ -f $cache_tar ]]; then
    log "loading $image from $cache_tar"
    docker load --quiet --input "$cache_tar" >&2
    echo "$image"
    exit 0
  fi
fi

command -v debootstrap >/dev/null || die "debootstrap not found: apt-get install -y debootstrap"
work="$(mktemp -d /var/tmp/zava-pg-image.XXXXXX)"
cleanup() {
  for fs in proc dev/pts dev; do
    mountpoint -q "$work/rootfs/$fs" 2>/dev/null && umount -l "$work/rootfs/$fs"
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
rootfs="$work/rootfs"

log "debootstrap minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -20 "$work/debootstrap.log" >&2
  die "debootstrap failed (log tail above)"
}

cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
mkdir -p "$rootfs/etc/postgresql-common/createcluster.d"
echo 'create_main_cluster = false' >"$rootfs/etc/postgresql-common/createcluster.d/zava.conf"
# Keep package scripts from starting services inside the chroot.
printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
chmod +x "$rootfs/usr/sbin/policy-rc.d"
mount -t proc proc "$rootfs/proc"

log "installing postgresql-$pg_major in the chroot"
{
  chroot "$rootfs" apt-get update &&
    DEBIAN_FRONTEND=noninteractive chroot "$rootfs" apt-get install -y --no-install-recommends "postgresql-$pg_major"
} >"$work/apt.log" 2>&1 || {
  tail -20 "$work/apt.log" >&2
  die "installing postgresql-$pg_major in the chroot failed (log tail above)"
}
umount "$rootfs/proc"

log "adding pgvector $pgvector_version from the host"
cp "$pkglibdir/vector.so" "$rootfs/usr/lib/postgresql/$pg_major/lib/"
cp "$extdir"/vector* "$rootfs/usr/share/postgresql/$pg_major/extension/"

cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# Minimal stand-in for the official postgres image entrypoint: honours POSTGRES_USER,
# POSTGRES_PASSWORD and POSTGRES_DB, initialises PGDATA once, then runs postgres.
set -eu
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
export PGDATA

if [ "${1:-}" != postgres ]; then
  exec "$@"
fi

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
  if [ -n "${POSTGRES_PASSWORD:-}" ]; then host_auth=scram-sha-256; else host_auth=trust; fi
  # A throwaway test database: no fsync during initdb.
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host="$host_auth" \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  rm -f "$pwfile"
  printf 'host all all all %s\n' "$host_auth" >>"$PGDATA/pg_hba.conf"
  if [ "$POSTGRES_DB" != postgres ]; then
    db_ident="$(printf '%s' "$POSTGRES_DB" | sed 's/"/""/g')"
    printf 'CREATE DATABASE "%s";\n' "$db_ident" | postgres --single -D "$PGDATA" -j postgres >/dev/null
  fi
  echo "database initialised"
fi

shift
exec postgres -c listen_addresses='*' "$@"
EOF
chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"

rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs/usr/sbin/policy-rc.d"

log "importing $image"
tar -C "$rootfs" --numeric-owner -c . | docker import \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  --change "ENV PATH=/usr/lib/postgresql/$pg_major/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'EXPOSE 5432' \
  --change "LABEL zava-mcp.build-key=$key" \
  - "$image" >/dev/null

mkdir -p "$cache_dir"
rm -f "$cache_dir"/pgvector-image-*.tar
docker save --output "$cache_tar.partial" "$image"
mv "$cache_tar.partial" "$cache_tar"
log "saved $image to $cache_tar"
echo "$image"
