#!/usr/bin/env bash
# Entry point of the SRS container image, and its health check.
#
#   entrypoint.sh [launcher arguments]  maps the container's facts to the server's settings, then
#                                       replaces itself with the JVM (exec: SIGTERM from
#                                       `docker stop` reaches java, which drains and exits 0)
#   entrypoint.sh health                exits 0 while GET /srs/health on the admin connector
#                                       answers 200 (the image's HEALTHCHECK)
#
# Both modes work out the addresses the same way, so the probe goes where the connector listens.
# Nothing here is Docker-specific beyond its defaults: DockerEntrypointIT runs this script outside
# Docker against target/srs-server, so it cannot drift from the start command.
#
# Variables of this script (not server settings; SRS_* server settings pass through untouched):
#   SRS_HOME               the server distribution (srs-server.jar, lib/, webapps/); /opt/srs
#   SRS_BIND_ADDRESS       address SIP, RTP, the admin console and the embedded broker listen on,
#                          unless SRS_SIP_ADDRESS, SRS_MEDIA_ADDRESS, SRS_ADMIN_ADDRESS or
#                          SRS_BROKER_ADDRESS say otherwise; default: the container's own address
#                          (its host name as /etc/hosts resolves it)
#   SRS_ADVERTISED_ADDRESS address SBCs reach this container at (the Docker host's, when ports are
#                          published): default of SRS_SIP_PUBLIC_ADDRESS and SRS_MEDIA_PUBLIC_ADDRESS
# JVM options go in JDK_JAVA_OPTIONS, which the java launcher reads itself.
set -euo pipefail

SRS_HOME="${SRS_HOME:-/opt/srs}"

die() {
  echo "entrypoint: $*" >&2
  exit 64
}

# The server takes literal IPs only (it never waits for DNS), so resolve the host name here, once.
container_address() {
  getent ahostsv4 "$(uname -n)" 2>/dev/null | awk 'NR == 1 { print $1 }'
}

resolve_addresses() {
  if [ -z "${SRS_BIND_ADDRESS:-}" ]; then
    SRS_BIND_ADDRESS="$(container_address)"
    [ -n "$SRS_BIND_ADDRESS" ] || die "cannot tell this container's address from its host name; set SRS_BIND_ADDRESS"
  fi
  : "${SRS_SIP_ADDRESS:=$SRS_BIND_ADDRESS}"
  : "${SRS_MEDIA_ADDRESS:=$SRS_BIND_ADDRESS}"
  : "${SRS_ADMIN_ADDRESS:=$SRS_BIND_ADDRESS}"
  : "${SRS_BROKER_ADDRESS:=$SRS_BIND_ADDRESS}"
  if [ -n "${SRS_ADVERTISED_ADDRESS:-}" ]; then
    : "${SRS_SIP_PUBLIC_ADDRESS:=$SRS_ADVERTISED_ADDRESS}"
    : "${SRS_MEDIA_PUBLIC_ADDRESS:=$SRS_ADVERTISED_ADDRESS}"
    export SRS_SIP_PUBLIC_ADDRESS SRS_MEDIA_PUBLIC_ADDRESS
  fi
  export SRS_SIP_ADDRESS SRS_MEDIA_ADDRESS SRS_ADMIN_ADDRESS SRS_BROKER_ADDRESS
}

# HTTP/1.0 over bash's /dev/tcp: the runtime image needs no curl for its health check.
probe_health() {
  local host="$SRS_ADMIN_ADDRESS" port="${SRS_ADMIN_PORT:-8080}" status
  case "$host" in
    0.0.0.0) host=127.0.0.1 ;;
    ::) host=::1 ;;
  esac
  exec 3<>"/dev/tcp/$host/$port" || die "health: nothing listens on $host:$port"
  printf 'GET /srs/health HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$host" "$port" >&3
  IFS= read -r -t 5 status <&3 || die "health: no answer from $host:$port"
  exec 3<&-
  status="${status%$'\r'}"
  case "$status" in
    "HTTP/1."?" 200"*) echo "health: $status" ;;
    *) die "health: $status" ;;
  esac
}

resolve_addresses
if [ "${1:-}" = health ]; then
  probe_health
  exit 0
fi

: "${SRS_CONFIG_DIR:=$SRS_HOME/server-config}"
: "${SRS_RUNTIME_DIR:=/var/lib/srs}"
export SRS_CONFIG_DIR SRS_RUNTIME_DIR
[ -f "$SRS_HOME/srs-server.jar" ] || die "no $SRS_HOME/srs-server.jar; SRS_HOME must name the server distribution"
mkdir -p "$SRS_RUNTIME_DIR"
cd "$SRS_RUNTIME_DIR"

echo "entrypoint: SIP on $SRS_SIP_ADDRESS, RTP on $SRS_MEDIA_ADDRESS, admin on $SRS_ADMIN_ADDRESS," \
  "advertised as ${SRS_SIP_PUBLIC_ADDRESS:-$SRS_SIP_ADDRESS}; config $SRS_CONFIG_DIR, runtime $SRS_RUNTIME_DIR"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar "$SRS_HOME/srs-server.jar" "$@"
