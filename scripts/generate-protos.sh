#!/usr/bin/env bash
# Regenerates shared/VDXPProto from proto/ with protoc and the Swift plugins.
#
#   scripts/generate-protos.sh          regenerate (builds the plugins on first use, ~1 min)
#   scripts/generate-protos.sh --check  regenerate into a temporary folder and fail if the committed code differs
#
# The plugins are built from scripts/protoc-plugins (pinned versions) so that normal builds never run a plugin.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
plugins="$root/scripts/protoc-plugins"
out="$root/shared/VDXPProto"

command -v protoc >/dev/null || { echo "protoc is missing: apt-get install -y protobuf-compiler libprotobuf-dev" >&2; exit 1; }
wkt=/usr/include/google/protobuf/timestamp.proto
[ -f "$wkt" ] || { echo "the protobuf well-known types are missing: apt-get install -y libprotobuf-dev" >&2; exit 1; }

bin="$plugins/.build/debug"
if [ ! -x "$bin/protoc-gen-swift" ] || [ ! -x "$bin/protoc-gen-grpc-swift-2" ]; then
  echo "building the protoc plugins (once)…" >&2
  (cd "$plugins" && swift build --product protoc-gen-swift >&2 && swift build --product protoc-gen-grpc-swift-2 >&2)
fi

target="$out"
if [ "${1:-}" = "--check" ]; then
  target=$(mktemp -d)
  trap 'rm -rf "$target"' EXIT
fi

mapfile -t protos < <(cd "$root/proto" && find . -name '*.proto' | sed 's|^\./||' | sort)
rm -f "$target"/*.pb.swift "$target"/*.grpc.swift
mkdir -p "$target"
protoc \
  --proto_path="$root/proto" \
  --proto_path=/usr/include \
  --plugin=protoc-gen-swift="$bin/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift-2="$bin/protoc-gen-grpc-swift-2" \
  --swift_out="$target" \
  --swift_opt=Visibility=Public --swift_opt=FileNaming=PathToUnderscores \
  --grpc-swift-2_out="$target" \
  --grpc-swift-2_opt=Visibility=Public --grpc-swift-2_opt=FileNaming=PathToUnderscores \
  "${protos[@]}"

if [ "${1:-}" = "--check" ]; then
  if ! diff -r -q "$out" "$target" >/dev/null; then
    diff -r "$out" "$target" | head -40 >&2
    echo "shared/VDXPProto is out of date with proto/: run scripts/generate-protos.sh and commit the result." >&2
    exit 1
  fi
  echo "generated code is current"
else
  echo "generated $(ls "$out" | wc -l) files into shared/VDXPProto"
fi
