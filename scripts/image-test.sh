#!/usr/bin/env bash
# Build the container image and smoke-test it as its non-root user, without a Docker engine.
#
# On these machines no Docker daemon runs, the registry is out of reach and `podman run` is not
# permitted (setrlimit), so: a Debian base made with debootstrap stands in for python:3.12-slim
# (built once and cached), podman builds with chroot isolation, and the image's own files run
# through chroot into its exported filesystem. Run as root (CI does). See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${BASE:-localhost/studybot-base:bookworm}
IMAGE=${IMAGE:-localhost/studybot:image-test}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

log() { printf '\n== %s\n' "$*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "image-test: run as root (debootstrap, podman and chroot need it)" >&2
    exit 1
fi

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null; then
    log "installing podman and debootstrap"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman debootstrap >/dev/null
fi

WORK=$(mktemp -d /tmp/studybot-image-test.XXXXXX)
CID=""
cleanup() {
    [ -n "$CID" ] && podman rm -f "$CID" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

if ! podman image exists "$BASE"; then
    log "building base image $BASE with debootstrap (a few minutes, once)"
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        bookworm "$WORK/rootfs" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 \
        || { tail -20 "$WORK/debootstrap.log"; exit 1; }
    tar -C "$WORK/rootfs" -c . | podman import - "$BASE" >/dev/null
    rm -rf "$WORK/rootfs"
fi

log "building $IMAGE from $BASE"
previous=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
podman build --isolation chroot --format docker \
    --build-arg BASE_IMAGE="$BASE" \
    -v "$CA_BUNDLE:/run/host-ca.crt:ro" --build-arg PIP_CERT=/run/host-ca.crt \
    -t "$IMAGE" .
# The last run's image, now untagged, would pile up; its shared layers stay as the cache.
if [ -n "$previous" ] && [ "$previous" != "$(podman image inspect --format '{{.Id}}' "$IMAGE")" ]; then
    podman rmi "$previous" >/dev/null 2>&1 || true
fi

log "exporting the image filesystem"
FS="$WORK/fs"
mkdir -p "$FS"
CID=$(podman create "$IMAGE" /bin/true)
podman export "$CID" | tar -C "$FS" -x
# What the image declares, read back from it rather than assumed.
user=$(podman image inspect --format '{{.Config.User}}' "$IMAGE")
healthcheck=$(podman image inspect --format '{{if .HealthCheck}}{{.HealthCheck.Test}}{{end}}' "$IMAGE")
echo "user: $user; healthcheck: $healthcheck"
[ "$user" = app ] || { echo "image-test: the image must run as user app, not '$user'" >&2; exit 1; }
grep -q "doctor --quick" <<<"$healthcheck" || { echo "image-test: no HEALTHCHECK running doctor --quick" >&2; exit 1; }

# /data is a VOLUME: give it a fresh writable directory as a container runtime would.
rm -rf "$FS/data" && mkdir -p "$FS/data" && chroot "$FS" chown app:app /data
# chroot keeps the caller's environment; give the image's own instead.
mapfile -t image_env < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$IMAGE" | sed '/^$/d')
in_image() {
    env -i "${image_env[@]}" HOME=/home/app \
        chroot --userspec=app:app "$FS" /bin/sh -c 'cd /app && exec "$@"' sh "$@"
}

log "studybot ask \"what is fargate\" (as app)"
out=$(in_image /opt/venv/bin/studybot ask "what is fargate")
echo "$out"
grep -qi fargate <<<"$out" || { echo "image-test: the answer does not mention Fargate" >&2; exit 1; }

log "studybot run (as app): migrates /data at start, chats on stdin, exits 0 at its end"
out=$(printf 'what is lambda\nhelp\n' | in_image /opt/venv/bin/studybot run)
grep -qi lambda <<<"$out" || { echo "image-test: run did not answer" >&2; exit 1; }
[ -s "$FS/data/studybot.db" ] || { echo "image-test: no database under /data" >&2; exit 1; }

log "studybot doctor --quick (as app), the HEALTHCHECK"
out=$(in_image /opt/venv/bin/studybot doctor --quick)
echo "$out"
grep -q "ok    migrations: at head" <<<"$out" || { echo "image-test: not migrated" >&2; exit 1; }

log "the code is the installed wheel (no source tree), and the app user cannot write it"
package=$(in_image /opt/venv/bin/python -c 'import bot, pathlib; print(pathlib.Path(bot.__file__).parent)')
echo "package: $package"
case "$package" in
    /opt/venv/lib/python3*/site-packages/bot) ;;
    *) echo "image-test: bot is not the installed wheel ($package)" >&2; exit 1 ;;
esac
[ -f "$FS$package/_data/knowledge/topics/fargate.yaml" ] && [ ! -e "$FS/app/bot" ] \
    || { echo "image-test: knowledge not inside the package, or a source tree in /app" >&2; exit 1; }
if in_image /bin/sh -c "touch $package/x 2>/dev/null"; then
    echo "image-test: the package is writable by app" >&2; exit 1
fi

# The tagged image stays so the next run reuses its dependency layer; the container and the
# exported filesystem go (trap).
log "image test passed"
