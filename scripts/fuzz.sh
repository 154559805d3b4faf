#!/usr/bin/env bash
# Builds the libFuzzer targets (the 'fuzz' preset, clang 14) and runs each for a bounded time on a
# copy of its seed corpus. Exits non-zero when a target finds a crash, a sanitizer report, a
# timeout, an out-of-memory or a broken contract; the input that did it is left in
# build-fuzz/findings/<target>/. Usage: scripts/fuzz.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
if (( ${#targets[@]} == 0 )); then
    targets=(fuzz_config fuzz_quantity fuzz_catalog fuzz_cli fuzz_cli_bytes fuzz_checkpoint_shapes)
    [[ -f fuzz/fuzz_checkpoint.cpp ]] && targets+=(fuzz_checkpoint)
fi

# libFuzzer needs clang; the preset leaves the compiler to the caller.
CXX="${CXX:-clang++-14}" cmake --preset fuzz >/dev/null
cmake --build --preset fuzz

corpus_of() {  # the seed folder and dictionary of a target
    case "$1" in
        fuzz_config) echo "config json.dict" ;;
        fuzz_catalog) echo "catalog json.dict" ;;
        fuzz_quantity) echo "quantity -" ;;
        fuzz_cli) echo "cli cli.dict" ;;
        fuzz_cli_bytes) echo "cli_bytes cli.dict" ;;
        fuzz_checkpoint_shapes) echo "checkpoint_shapes -" ;;
        *) echo "${1#fuzz_} -" ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    read -r seeds dict < <(corpus_of "$target")
    work="build-fuzz/corpus-run/$target"
    findings="build-fuzz/findings/$target"
    mkdir -p "$work" "$findings"
    [[ -d "fuzz/corpus/$seeds" ]] && cp -n "fuzz/corpus/$seeds"/* "$work"/ 2>/dev/null || true
    options=(-max_total_time="$seconds" -rss_limit_mb=2048 -timeout=5 -max_len=65536
             -print_final_stats=1 -artifact_prefix="$findings/")
    [[ "$dict" != "-" ]] && options+=(-dict="fuzz/$dict")
    printf '\n== %s: %ss\n' "$target" "$seconds"
    # stdin from /dev/null: fuzz_cli may name /dev/stdin as a --config file, which would wait.
    if ! "build-fuzz/fuzz/$target" "${options[@]}" "$work" </dev/null \
            >"build-fuzz/$target.log" 2>&1; then
        failed+=("$target")
        tail -n 40 "build-fuzz/$target.log"
    else
        grep -E '^stat::number_of_executed_units|^#[0-9]+\s+DONE' "build-fuzz/$target.log" || true
    fi
done

if (( ${#failed[@]} > 0 )); then
    printf '\nfuzzing found problems in: %s (inputs in build-fuzz/findings/)\n' "${failed[*]}"
    exit 1
fi
printf '\nfuzzing: no findings in %s\n' "${targets[*]}"
