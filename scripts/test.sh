#!/usr/bin/env bash
# The test command: installs what is missing, checks the generated code and the formatting, builds once, runs every test
# (unit tests, and integration tests against a throwaway PostgreSQL cluster and real mTLS servers).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
scripts/generate-protos.sh --check
scripts/format.sh --check
swift build --build-tests
# Production binaries link production code only: no development PKI, test clock, seeding or client helpers.
for service in central exchange monitoring ticket report search; do
    if nm ".build/debug/vdxp-$service" | grep -qE 'DevelopmentPKI|DevelopmentSeeder|ManualClock|PlatformClient|SignedDocumentBuilder|LocalPostgresCluster'; then
        echo "test.sh: vdxp-$service links development or client code (see Package.swift's target graph)" >&2
        exit 1
    fi
done
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
