#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test VDXP: the PostgreSQL 15 server (the tests and
# `vdxp dev up` start their own throwaway cluster), protoc (to check the generated code is current), and a Python
# virtualenv in .venv with the packages of scripts/python-requirements.txt: grpcio, cryptography and
# googleapis-common-protos for the foreign-language client test, aiosmtpd for the real SMTP server the e-mail channel
# is tested against and `vdxp dev up` keeps its mail in.
# Swift 6.1+ itself must already be installed.
set -euo pipefail
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
# pgbench: the database-alone baseline of `vdxp bench send` (scripts/bench-send.sh).
[ -x /usr/lib/postgresql/15/bin/pgbench ] || command -v pgbench >/dev/null || missing+=(postgresql-client)
command -v protoc >/dev/null || missing+=(protobuf-compiler)
command -v python3 >/dev/null || missing+=(python3)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
[ -f /usr/include/google/protobuf/timestamp.proto ] || missing+=(libprotobuf-dev)
# Report's quarterly HTML report is checked in a headless browser (Tests/ReportTests/QuarterlyReportBrowserTests).
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# The foreign-language client of the interoperability test (Tests/Interop/python) and the local SMTP server
# (Tests/Sinks/smtp_sink.py) run in their own virtualenv.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$root/.venv/bin/python3" ] \
  || ! "$root/.venv/bin/python3" -c 'import grpc, grpc_tools, cryptography, google.rpc.status_pb2, aiosmtpd, h2' 2>/dev/null; then
  echo "preparing .venv: the Python interoperability client and the local SMTP server"
  [ -x "$root/.venv/bin/python3" ] || python3 -m venv "$root/.venv"
  "$root/.venv/bin/python3" -m pip install -q --disable-pip-version-check -r "$root/scripts/python-requirements.txt"
fi
command -v swift >/dev/null || { echo "Swift is not installed: install Swift 6.1 or newer (swift.org)" >&2; exit 1; }
