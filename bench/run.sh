#!/usr/bin/env bash
# Wall time of the headline command against a process that does nothing (target: within 3×),
# then the same command in-process. Build first: cmake --preset release && cmake --build --preset release
# Uses hyperfine when installed (apt-get install hyperfine), else a plain loop.
set -euo pipefail
build="${1:-build}"
llmsize="$build/llmsize"
noop="$build/bench/llmsize_noop"
headline=("$llmsize" --params 13e9 --dtype fp16 --seq 4096,2048)
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 20 --runs 300 -N "$noop" "${headline[*]}" "${headline[*]} --json"
else
    time_loop() {
        local start end
        start=$(date +%s%N)
        for _ in $(seq 300); do "$@" >/dev/null; done
        end=$(date +%s%N)
        echo "$(( (end - start) / 300000 )) us per run: $*"
    }
    time_loop "$noop"
    time_loop "${headline[@]}"
fi
# GGUF headers (issue 15): an 8.9 MB Llama-3.1-8B-shaped header and a 100 MB one, generated here
# with sparse tensor data. hyperfine's "User" + "System" is the CPU time to compare with the
# targets (5 ms and 50 ms); the in-process figures below leave out process start-up.
shapes="$(mktemp -d)"
trap 'rm -rf "$shapes"' EXIT
"$build/bench/llmsize_gguf_shapes" "$shapes"
gguf_small=("$llmsize" --gguf "$shapes/llama-3.1-8b.gguf" --seq 4096)
gguf_large=("$llmsize" --gguf "$shapes/large-vocab.gguf" --seq 4096)
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 5 --runs 50 -N "$noop" "${gguf_small[*]}" "${gguf_large[*]}"
else
    time_loop "${gguf_small[@]}"
    time_loop "${gguf_large[@]}"
fi
"$build/bench/llmsize_bench" 200 "$shapes"
