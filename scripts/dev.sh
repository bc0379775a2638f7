#!/usr/bin/env bash
# The run command: installs what is missing, builds, and brings up the whole platform locally (PostgreSQL under
# .vdxp/dev, the development PKI, all six services, two demo members) and sends a demo document.
# Stop it with: .build/debug/vdxp dev down
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build
.build/debug/vdxp dev up --demo "$@"
