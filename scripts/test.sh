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
# Handlers orchestrate and stores own the SQL (docs/adr/0001); every statement goes through Database.query(_:on:),
# Database.execute(_:on:) or Database.transaction, so that a database outage can answer it (docs/design.md, "Health").
if grep -rlE '\b(SELECT|INSERT INTO|DELETE FROM)\b|UPDATE [a-z_]+\.[a-z_]+ SET' services --include='*Handlers*.swift'; then
    echo "test.sh: SQL in a handler file above; move it into the aggregate's store" >&2
    exit 1
fi
if grep -rnE '\bconnection\.(query|execute)\(|\bclient\.query\(' services --include='*.swift'; then
    echo "test.sh: a statement run straight on a connection above; use Database.query(_:on:logger:) or Database.execute" >&2
    exit 1
fi
# Programs start through VDXPLocalCluster's ChildProcess: Foundation's Process.run() crashes now and then on Linux
# (shared/VDXPLocalCluster/Process/ChildProcess.swift says why).
if grep -rnE '\bProcess\(\)' services shared tools Tests --include='*.swift'; then
    echo "test.sh: Foundation's Process above; start programs with ChildProcess (VDXPLocalCluster)" >&2
    exit 1
fi
# Every suite has a time limit, so that a hung test fails; the limits are minutes, not seconds: the suite starts every
# test at once, in one process whose every platform runs its six services in-process, on two cores — a test that takes
# 2 s alone may wait minutes for a thread (the batch suites: 2 s alone, 200–290 s here).
# The whole suite (about 780 tests) takes 7–12 minutes here (every integration suite starts its own PostgreSQL and
# servers in parallel). A failing test fails at once (TestPlatform stops its services gracefully and rethrows), so a
# run still going after 20 minutes is hung: stop it, and the test process with it, and fail.
# A crash prints the crashed thread's backtrace with names but no line tables: the full backtrace of every thread of
# a debug build took the backtracer longer than the rest of the run (a crash must end the run at once).
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=yes,interactive=no,threads=crashed,symbolicate=fast}"
status=0
timeout --kill-after=30 1200 swift test --skip-build "$@" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    echo "test.sh: the test run did not finish within 20 minutes; stopping it" >&2
    pkill -KILL -f 'vdxpPackageTests.xctest' || true
fi
exit "$status"
