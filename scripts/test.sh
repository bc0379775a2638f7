#!/usr/bin/env bash
# The test command: installs what is missing, checks the generated code, builds once, runs every test
# (unit tests, and integration tests against a throwaway PostgreSQL cluster and real mTLS servers).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/generate-protos.sh --check
swift build --build-tests
swift test --skip-build "$@"
