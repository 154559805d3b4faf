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
"$build/bench/llmsize_bench" 200
