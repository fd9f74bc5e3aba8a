#!/usr/bin/env bash
# One-time (idempotent) setup for building and running Stampede's containers on a machine
# without a Docker engine or an image registry: podman + runc, podman's Docker-compatible API
# socket (for Jib and Testcontainers), and the base image localhost/stampede-base:25 built
# offline from Dockerfile-base (a debootstrap'ed Debian rootfs and the local JDK 25 stand in
# for debian:bookworm-slim and eclipse-temurin:25-jdk).
#
# Usage:   env_out=$(scripts/container-setup.sh) && eval "$env_out"
#          progress goes to stderr, the exports to stdout (nothing is eval-ed on failure).
#          First run 1-2 min, then <1 s (the base image is rebuilt only when Dockerfile-base
#          or the JLINK_MODULES change).
# Env overrides: BASE_IMAGE, PODMAN_SOCK, JDK_HOME, JLINK_MODULES, DEBIAN_MIRROR
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKERFILE=$here/Dockerfile-base
BASE_IMAGE=${BASE_IMAGE:-localhost/stampede-base:25}
MINBASE_IMAGE=${MINBASE_IMAGE:-localhost/debian-minbase:bookworm}
JDK_IMAGE=${JDK_IMAGE:-localhost/stampede-jdk:25}
PODMAN_SOCK=${PODMAN_SOCK:-/run/podman/podman.sock}
JDK_HOME=${JDK_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

log() { echo "[container-setup] $*" >&2; }
t0=$SECONDS

# 1. Packages (netavark + aardvark-dns are only Recommends: listed so that an install with
#    --no-install-recommends, as .ci/run does, still gets container networking and DNS).
PKGS="podman runc conmon netavark aardvark-dns slirp4netns fuse-overlayfs debootstrap iptables curl"
missing=""
for p in $PKGS; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
  log "installing:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  # shellcheck disable=SC2086
  apt-get install -y -q $missing >&2
fi

# 2. containers.conf: runc (crun fails on this hybrid cgroup setup) and ulimits no higher than
#    this machine's hard limits (CAP_SYS_RESOURCE is missing, so podman's default
#    nofile=1048576 makes every container fail with "error setting rlimit").
hn=$(ulimit -Hn); hu=$(ulimit -Hu)
[ "$hn" = unlimited ] && hn=1048576
if [ "$hu" = unlimited ] || [ "$hu" -gt 4096 ]; then hu=4096; fi
conf=$(cat <<CONF
# written by stampede scripts/container-setup.sh
[containers]
default_ulimits = [
  "nofile=${hn}:${hn}",
  "nproc=${hu}:${hu}",
]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
CONF
)
mkdir -p /etc/containers
if [ "$(cat /etc/containers/containers.conf 2>/dev/null)" != "$conf" ]; then
  log "writing /etc/containers/containers.conf"
  printf '%s\n' "$conf" > /etc/containers/containers.conf
  restart_service=1
fi

# 3. Docker-compatible API socket (Jib's docker CLI and Testcontainers talk to it) ---------
PIDFILE=${PODMAN_SOCK%.sock}-service.pid
ping() { curl -sf --max-time 3 --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1; }
# A service started from a directory that was deleted since (an old CI clone or worktree)
# still answers the ping, but conmon, its child, cannot get a working directory and every
# container start fails with "write child: broken pipe": restart it.
if [ -s "$PIDFILE" ] && readlink "/proc/$(cat "$PIDFILE")/cwd" 2>/dev/null | grep -q ' (deleted)$'; then
  log "podman service runs in a deleted directory: restarting it"
  restart_service=1
fi
if [ -n "${restart_service:-}" ] && ping; then
  if [ -s "$PIDFILE" ] && kill "$(cat "$PIDFILE")" 2>/dev/null; then
    log "containers.conf changed: restarting the podman service"
    for _ in $(seq 1 25); do ping || break; sleep 0.2; done
  else
    log "WARNING: containers.conf changed; restart the podman service on $PODMAN_SOCK by hand"
  fi
fi
if ! ping; then
  log "starting podman system service on $PODMAN_SOCK"
  mkdir -p "$(dirname "$PODMAN_SOCK")"
  rm -f "$PODMAN_SOCK"
  # From /: the service outlives this script and the directory it was called from.
  (cd / && exec setsid nohup podman system service --time=0 "unix://$PODMAN_SOCK" \
    >/var/log/podman-service.log 2>&1 < /dev/null) &
  echo $! > "$PIDFILE"
  for _ in $(seq 1 50); do ping && break; sleep 0.2; done
  ping || { log "podman service did not come up; see /var/log/podman-service.log"; exit 1; }
fi

# 4. Base image -------------------------------------------------------------------------
# 4a. Debian minbase rootfs (stands in for debian:bookworm-slim)
if ! podman image exists "$MINBASE_IMAGE"; then
  codename=$(. /etc/os-release; echo "${VERSION_CODENAME:-bookworm}")
  mirror=${DEBIAN_MIRROR:-$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
            /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -E '^(URIs:|deb )' \
            | grep -oE 'https?://[^ ]+/debian/?( |$)' | awk 'NR==1{print $1}' || true)}
  [ -n "$mirror" ] || { log "no Debian mirror found in the apt sources; set DEBIAN_MIRROR"; exit 1; }
  rootfs=$(mktemp -d /tmp/minbase.XXXXXX)
  log "debootstrap --variant=minbase $codename from $mirror"
  debootstrap --variant=minbase "$codename" "$rootfs" "$mirror" >/tmp/debootstrap.log 2>&1 \
    || { log "debootstrap failed, see /tmp/debootstrap.log"; rm -rf "$rootfs"; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
         "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
         "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -c . | podman import -q - "$MINBASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
fi
# 4b. the local JDK on that rootfs, laid out like eclipse-temurin:25-jdk (JAVA_HOME=/opt/java/openjdk)
if ! podman image exists "$JDK_IMAGE"; then
  log "$JDK_HOME -> $JDK_IMAGE"
  ctx=$(mktemp -d /tmp/jdkctx.XXXXXX)
  # dereferenced: Debian's JDK links lib/security/cacerts to /etc/ssl/certs/java/cacerts
  mkdir "$ctx/jdk" && tar -C "$JDK_HOME" -ch . | tar -C "$ctx/jdk" -x
  printf 'FROM %s\nCOPY jdk /opt/java/openjdk\nENV JAVA_HOME=/opt/java/openjdk\n' "$MINBASE_IMAGE" > "$ctx/Containerfile"
  podman build -q --pull=never -f "$ctx/Containerfile" -t "$JDK_IMAGE" "$ctx" >/dev/null
  rm -rf "$ctx"
fi
# 4c. Dockerfile-base itself, rebuilt when it (or the module list) changes
want=$( { cat "$DOCKERFILE"; echo "${JLINK_MODULES:-}"; } | sha256sum | cut -c1-16)
have=$(podman image inspect --format '{{index .Labels "io.stampede.base.hash"}}' "$BASE_IMAGE" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
  log "building $BASE_IMAGE from Dockerfile-base"
  ctx=$(mktemp -d /tmp/basectx.XXXXXX)      # Dockerfile-base copies nothing from its context
  args=(--build-arg "BASE_IMAGE=$MINBASE_IMAGE" --build-arg "JDK_IMAGE=$JDK_IMAGE")
  [ -n "${JLINK_MODULES:-}" ] && args+=(--build-arg "JLINK_MODULES=$JLINK_MODULES")
  podman build --pull=never --layers=false "${args[@]}" --label "io.stampede.base.hash=$want" \
    -f "$DOCKERFILE" -t "$BASE_IMAGE" "$ctx" >&2
  rm -rf "$ctx"
  podman image prune -f >/dev/null 2>&1 || true
fi

log "ready in $((SECONDS - t0)) s: $(podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$BASE_IMAGE")"
cat <<ENV
export DOCKER_HOST=unix://$PODMAN_SOCK
export TESTCONTAINERS_RYUK_DISABLED=true
export TESTCONTAINERS_HOST_OVERRIDE=localhost
export JAVA_HOME=$JDK_HOME
ENV
