#!/usr/bin/env bash
# Measures Exchange's send path side by side with the database alone (docs/performance.md): builds the release
# binaries, starts a whole platform with `vdxp dev up` under .vdxp/bench (its own PostgreSQL, fsync on), then runs
# `vdxp bench send` — pgbench with the same writes, one transaction per send, then the sends, then fetch and
# acknowledge — RUNS times with commit groups and the chain cache off (the send path as it was before them, the
# baseline) and RUNS times with the defaults, writing each run's figures to .vdxp/bench/results/*.json, and stops the
# platform. Release builds only: debug builds are several times slower.
#
#   scripts/bench-send.sh                  # 2000 documents, 32 in flight, 2 runs of each
#   COUNT=4000 CONCURRENCY=16 RUNS=3 scripts/bench-send.sh
#   SKIP_BUILD=1 scripts/bench-send.sh     # use .build/release as it is
#   SUBSCRIBE_RATE=300 scripts/bench-send.sh   # `vdxp bench subscribe` at 300 sends/s (default: half the last
#                                              # "after" run's sends/s; SUBSCRIBE_RATE=0 skips it)
#
# The machine is shared: note its load (printed by each run) next to the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-2000}
concurrency=${CONCURRENCY:-32}
runs=${RUNS:-2}
bin=.build/release
dir=.vdxp/bench
[ "${SKIP_BUILD:-}" = 1 ] || nice -n 10 swift build -c release
"$bin/vdxp" dev up --directory "$dir"
trap '"$bin/vdxp" dev down --directory "$dir"' EXIT
mkdir -p "$dir/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
for run in $(seq 1 "$runs"); do
  for mode in before after; do
    if [ "$mode" = before ]; then
      settings=(--exchange-setting VDXP_EXCHANGE_COMMIT_GROUP_DOCUMENTS=0 --exchange-setting VDXP_EXCHANGE_CHAIN_CACHE_SIZE=0)
    else
      settings=(--exchange-setting VDXP_EXCHANGE_COMMIT_GROUPS=2)
    fi
    echo "== run $run, $mode"
    nice -n 10 "$bin/vdxp" bench send --cluster "$dir/cluster.json" --count "$count" --concurrency "$concurrency" \
      "${settings[@]}" --json "$dir/results/$stamp-$mode-$run.json"
  done
done
rate=${SUBSCRIBE_RATE:-$(python3 -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["send"]["perSecond"] / 2))' "$dir/results/$stamp-after-$runs.json")}
if [ "$rate" != 0 ]; then
  echo "== send → notified at $rate sends/s"
  nice -n 10 "$bin/vdxp" bench subscribe --cluster "$dir/cluster.json" --count "$count" --rate "$rate" \
    --json "$dir/results/$stamp-subscribe.json"
fi
echo "results: $dir/results/$stamp-*.json"
