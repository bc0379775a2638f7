#!/usr/bin/env bash
# vdxp-health-probe — a gRPC health check (grpc.health.v1.Health/Check) written in bash, so that the image
# needs no extra binary (such as grpc_health_probe) for Docker/Compose health checks.
#
#   vdxp-health-probe [HOST:]PORT [SERVICE]
#
# It speaks HTTP/2 with prior knowledge (h2c) to the *plaintext* health listener (VDXP_HEALTH_ADDRESS), sends one
# HealthCheckRequest{service: SERVICE} (SERVICE defaults to "", the overall server) and exits 0 only if the answer
# is SERVING. Any other answer, a refused connection or no answer within VDXP_HEALTH_PROBE_TIMEOUT seconds
# (default 1) exits 1. Kubernetes does not use this: its kubelet has native gRPC probes.
#
# Wire format, for the reader who must change it:
#   client preface, an empty SETTINGS frame, a HEADERS frame (HPACK, no Huffman, no dynamic table) and one DATA
#   frame carrying the gRPC message (1-byte flag, 4-byte big-endian length, protobuf bytes) with END_STREAM.
#   A SERVING answer is the gRPC message 00 00000002 08 01 (field 1 varint = 1), which is what we look for.
set -u

target="${1:?usage: vdxp-health-probe [HOST:]PORT [SERVICE]}"
service="${2:-}"
timeout_seconds="${VDXP_HEALTH_PROBE_TIMEOUT:-1}"

case "$target" in
  *:*) host="${target%:*}"; port="${target##*:}" ;;
  *) host="127.0.0.1"; port="$target" ;;
esac
if [ "${#service}" -gt 120 ]; then
  echo "vdxp-health-probe: service name longer than 120 bytes is not supported" >&2
  exit 2
fi

# byte N → "\xNN" for printf
hex() { printf '\\x%02x' "$@"; }
# a string → its bytes as printf escapes (names here are ASCII)
bytes() { local s="$1" i out=""; for ((i = 0; i < ${#s}; i++)); do out+="$(hex "'${s:i:1}")"; done; printf '%s' "$out"; }
# a 3-byte big-endian frame length
len24() { hex $(( ($1 >> 16) & 255 )) $(( ($1 >> 8) & 255 )) $(( $1 & 255 )); }
# an HPACK string literal (H=0, 7-bit length prefix; every value here is shorter than 127 bytes)
str() { printf '%s%s' "$(hex "${#1}")" "$(bytes "$1")"; }

path="/grpc.health.v1.Health/Check"
# HPACK header block: :method POST (static 3), :scheme http (static 6), then literals without indexing:
# :path (static name 4), :authority (static name 1), content-type (static name 31 = 0x0f 0x10), te (new name).
block="\\x83\\x86\\x04$(str "$path")\\x01$(str "$host")\\x0f\\x10$(str "application/grpc")\\x00$(str "te")$(str "trailers")"
block_length=$(( 2 + 1 + 1 + ${#path} + 1 + 1 + ${#host} + 2 + 1 + 16 + 1 + 3 + 9 ))

# HealthCheckRequest: empty for "", else field 1 (tag 0x0a) length-delimited.
if [ -n "$service" ]; then
  message="\\x0a$(str "$service")"; message_length=$(( 2 + ${#service} ))
else
  message=""; message_length=0
fi
data="\\x00\\x00\\x00\\x00$(hex "$message_length")${message}"
data_length=$(( 5 + message_length ))

request="PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n"
request+="\\x00\\x00\\x00\\x04\\x00\\x00\\x00\\x00\\x00"                            # SETTINGS, empty
request+="$(len24 "$block_length")\\x01\\x04\\x00\\x00\\x00\\x01${block}"             # HEADERS, END_HEADERS, stream 1
request+="$(len24 "$data_length")\\x00\\x01\\x00\\x00\\x00\\x01${data}"               # DATA, END_STREAM, stream 1

if ! exec 3<>"/dev/tcp/${host}/${port}"; then
  echo "vdxp-health-probe: cannot connect to ${host}:${port}" >&2
  exit 1
fi
# shellcheck disable=SC2059 # the request is a printf format made only of our own escapes
printf "$request" >&3

# The server keeps the HTTP/2 connection open, so read for a bounded time and then look at what arrived,
# byte-aligned (one byte per od line), for the SERVING message.
answer="$(timeout "$timeout_seconds" cat <&3 | od -An -v -tx1 -w1 | tr -d '\n')"
exec 3>&-
if [[ "$answer" == *" 00 00 00 00 02 08 01"* ]]; then
  exit 0
fi
if [[ "$answer" == *" 00 00 00 00 02 08 02"* ]]; then
  echo "vdxp-health-probe: ${host}:${port} ${service:-(server)} is NOT_SERVING" >&2
else
  echo "vdxp-health-probe: ${host}:${port} gave no SERVING answer within ${timeout_seconds}s" >&2
fi
exit 1
