#!/usr/bin/env bash
# Fuzzes the parsers and verifiers that read untrusted bytes (fuzz/README.md) with libFuzzer: builds `vdxp-fuzz`
# with `--sanitize=fuzzer` into .build-fuzz (release, apart from the normal build), then runs each target for a
# bounded time from the seed corpus and the regressions. Exits non-zero on the first crash, naming the input.
#
#   scripts/fuzz.sh                      every target, 60 s each
#   scripts/fuzz.sh --seconds 600 signature
#   scripts/fuzz.sh --address …          also with AddressSanitizer (slower; for the C code below Swift)
#   scripts/fuzz.sh --debug …            a debug build: half the inputs per second, but it builds in a fraction of
#                                        the release build's time (what CI uses for its bounded run)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60
configuration=release
sanitizers=(--sanitize=fuzzer)
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --address) sanitizers+=(--sanitize=address); shift ;;
    --debug) configuration=debug; shift ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
    esac
done

swift build -c "$configuration" --scratch-path .build-fuzz "${sanitizers[@]}" -Xswiftc -DVDXP_FUZZING \
    --product vdxp-fuzz
binary=".build-fuzz/$configuration/vdxp-fuzz"
if [ ${#targets[@]} -eq 0 ]; then
    targets=(document-header identifiers signature revocation-list global-configuration)
fi

for target in "${targets[@]}"; do
    if [ ! -d "fuzz/Corpus/$target" ]; then
        echo "fuzz.sh: no target $target (fuzz/Corpus has: $(ls fuzz/Corpus | tr '\n' ' '))" >&2
        exit 2
    fi
    work=".build-fuzz/corpus/$target"
    artifacts=".build-fuzz/artifacts/$target"
    mkdir -p "$work" "$artifacts" "fuzz/Regressions/$target"
    echo "fuzz.sh: $target for $seconds s"
    # New inputs go to the first folder (scratch); the committed corpus and regressions are only read.
    # SWIFT_BACKTRACE=enable=no: a trap goes straight to libFuzzer, which writes the input and stops.
    if ! VDXP_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no "$binary" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$work" "fuzz/Corpus/$target" "fuzz/Regressions/$target" \
        > ".build-fuzz/$target.log" 2>&1; then
        tail -n 60 ".build-fuzz/$target.log" >&2
        echo "fuzz.sh: $target crashed; the input is in $artifacts/. Copy it into fuzz/Regressions/$target/," \
            "fix the code until \`swift test --filter FuzzCorpusReplay\` passes, and commit both." >&2
        exit 1
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+.*DONE' ".build-fuzz/$target.log" || true
done
echo "fuzz.sh: no crash in ${targets[*]} ($seconds s each)"
