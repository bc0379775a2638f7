#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test VDXP: the PostgreSQL 15 server (the tests and
# `vdxp dev up` start their own throwaway cluster) and protoc (to check the generated code is current).
# Swift 6.1+ itself must already be installed.
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
command -v protoc >/dev/null || missing+=(protobuf-compiler)
[ -f /usr/include/google/protobuf/timestamp.proto ] || missing+=(libprotobuf-dev)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
command -v swift >/dev/null || { echo "Swift is not installed: install Swift 6.1 or newer (swift.org)" >&2; exit 1; }
