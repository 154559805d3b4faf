#!/usr/bin/env bash
# Writes src/cli/symbol-order.txt: the functions that typical llmsize runs execute, one mangled
# name per line, the headline command's first. The release link (lld, --symbol-ordering-file)
# places them next to each other at the start of the text segment, so a run faults in a few code
# pages instead of pages all over the 3.5 MB segment (issue 15; docs/performance.md, fifth round).
# A name the code no longer has is skipped by the linker, and a new function is merely placed
# elsewhere: a stale list costs speed, never correctness. Rerun after large changes:
#   scripts/update-symbol-order.sh build      (needs valgrind and a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
llmsize="$build/llmsize"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$build/bench/llmsize_gguf_shapes" "$work" >/dev/null
# Llama-3.1-8B's shape (its config.json, abridged), for the --config path.
cat >"$work/config.json" <<'JSON'
{"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 4096,
 "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
 "num_key_value_heads": 8, "vocab_size": 128256, "max_position_embeddings": 131072,
 "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
JSON
# The runs, most common first: the list keeps each name at its first appearance.
runs=(
    "--params 13e9 --dtype fp16 --seq 4096,2048"
    "--params 13e9 --dtype fp16 --seq 4096,2048 --json"
    "--model llama-3.1-8b --gpu h100-80gb --seq 16000"
    "--model qwen3-32b --family g6e --seq 8192 --input-tokens 1000 --output-tokens 200"
    "--config $work/config.json --seq 4096"
    "--gguf $work/llama-3.1-8b.gguf --seq 4096"
    "fleet llama-3.1-8b qwen3-32b --seq 4k,32k"
    "--model no-such-model"
)
i=0
for args in "${runs[@]}"; do
    i=$((i + 1))
    # shellcheck disable=SC2086 # each entry is a list of arguments
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/run$i.out" \
        "$llmsize" $args >/dev/null 2>&1 || true
    # Callgrind names a function at its first mention ("fn=(12) name" or "cfn=(12) name").
    # Sorted within each run, so that a rerun on the same code writes the same file.
    sed -nE 's/^c?fn=\([0-9]+\) ([A-Za-z_][A-Za-z0-9_.$]*)$/\1/p' "$work/run$i.out" | LC_ALL=C sort -u
done | awk '!seen[$0]++' >src/cli/symbol-order.txt
wc -l src/cli/symbol-order.txt
