#!/usr/bin/env bash
# The gRPC path of a running platform measured with h2load (Debian `nghttp2-client`), below any VDXP business logic:
#
#   health   grpc.health.v1.Health/Check on Exchange's health listener (HTTP/2 without TLS): grpc-swift, SwiftNIO's
#            HTTP/2 and the event loops alone.
#   public   vdxp.central.v1.PublicDirectoryService/ListDirectoryEntries (page_size 1) on Central's public listener:
#            TLS 1.3, the observability, database-gate and message-limit interceptors, and one indexed read.
#
# Every other VDXP RPC requires a client certificate, which h2load 1.52 cannot present (it has no option for one), so
# the mutual-TLS listeners are measured by `vdxp bench rpc` (and `vdxp bench send`) instead. Benchmark a release build (`vdxp dev up` from
# `.build-release`) on an otherwise quiet machine.
#
# Usage: scripts/bench-rpc.sh CLUSTER_FILE [REQUESTS] [CONNECTIONS] [STREAMS_PER_CONNECTION]
#   defaults: 200000 requests, 32 connections, 10 concurrent streams on each, one h2load thread.
set -euo pipefail

cluster=${1:?usage: scripts/bench-rpc.sh CLUSTER_FILE [REQUESTS] [CONNECTIONS] [STREAMS_PER_CONNECTION]}
requests=${2:-200000}
connections=${3:-32}
streams=${4:-10}
command -v h2load > /dev/null || { echo "h2load is missing: apt-get install nghttp2-client" >&2; exit 1; }

address() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['services'][sys.argv[2]][sys.argv[3]])" "$cluster" "$1" "$2"; }
health=$(address exchange health)
public=$(address central public)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# gRPC messages: a 5-byte prefix (not compressed, big-endian length), then the protobuf bytes.
printf '\x00\x00\x00\x00\x00' > "$work/health-check"            # HealthCheckRequest {}
printf '\x00\x00\x00\x00\x02\x08\x01' > "$work/directory-page"   # ListDirectoryEntriesRequest { page_size: 1 }

run() {
    local name=$1 url=$2 body=$3
    echo "== $name: $url ($requests requests, $connections connections x $streams streams)"
    h2load --requests="$requests" --clients="$connections" --max-concurrent-streams="$streams" --threads=1 \
        --data="$body" --header='content-type: application/grpc' --header='te: trailers' "$url" \
        | grep -E '^(finished in|requests:|status codes:|traffic:|TLS Protocol|Cipher|time for request|time for connect|time to 1st byte| +min)'
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
run health "http://$health/grpc.health.v1.Health/Check" "$work/health-check"
run public "https://$public/vdxp.central.v1.PublicDirectoryService/ListDirectoryEntries" "$work/directory-page"
echo "load average before: $load_before, after: $(cut -d' ' -f1 /proc/loadavg)"
