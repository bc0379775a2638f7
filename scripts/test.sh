#!/usr/bin/env bash
# The test command: installs what is missing, checks the generated code, builds once, runs every test
# (unit tests, and integration tests against a throwaway PostgreSQL cluster and real mTLS servers).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/generate-protos.sh --check
swift build --build-tests
# The whole suite takes 3–5 minutes here (every integration suite starts its own PostgreSQL and servers in
# parallel). A failing test fails at once (TestPlatform stops its services gracefully and rethrows), so a run still
# going after 12 minutes is hung: stop it, and the test process with it, and fail.
status=0
timeout --kill-after=30 720 swift test --skip-build "$@" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "test.sh: the test run did not finish within 12 minutes; stopping it" >&2
    pkill -KILL -f 'vdxpPackageTests.xctest' || true
fi
exit "$status"
