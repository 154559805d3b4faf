#!/usr/bin/env bash
# The issue-15 targets, measured side by side with a process that does nothing:
#   - start-up: the headline command within 1.5x of /bin/true;
#   - fleet: 1,000 generated configs x the whole catalog x 8 sequence lengths in under 1 s.
# Wall time by hyperfine (apt-get install hyperfine) when installed, else a plain loop; on a busy
# machine also compare instruction counts (valgrind --tool=callgrind), which noise does not move.
# Build first: cmake --preset release && cmake --build --preset release
set -euo pipefail
build="${1:-build}"
llmsize="$build/llmsize"
noop="$build/bench/llmsize_noop"
headline=("$llmsize" --params 13e9 --dtype fp16 --seq 4096,2048)
fleet_dir="$(mktemp -d)"
trap 'rm -rf "$fleet_dir"' EXIT
"$build/bench/llmsize_make_fleet" "$fleet_dir" 1000
fleet=("$llmsize" fleet --from "$fleet_dir/fleet.txt" --seq 1k,2k,4k,8k,16k,32k,64k,128k)

echo "== start-up: the headline command against process start"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 50 --runs 1000 /bin/true "$noop" "${headline[*]}" "${headline[*]} --json"
else
    time_loop() {
        local start end
        start=$(date +%s%N)
        for _ in $(seq 1000); do "$@" >/dev/null; done
        end=$(date +%s%N)
        echo "$(( (end - start) / 1000000 )) us per run: $*"
    }
    time_loop /bin/true
    time_loop "$noop"
    time_loop "${headline[@]}"
fi

echo "== fleet: 1,000 generated configs x the whole catalog x 8 lengths"
if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 1 --runs 10 "${fleet[*]} --format csv" "${fleet[*]} --format table"
else
    time "${fleet[@]}" --format csv >/dev/null
fi

if command -v valgrind >/dev/null; then
    echo "== instructions per run (callgrind)"
    count() {
        valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
            sed -n 's/.*refs: *//p'
    }
    echo "/bin/true          $(count /bin/true)"
    echo "headline command   $(count "${headline[@]}")"
fi

echo "== in-process (no process start-up)"
"$build/bench/llmsize_bench" 200
