#!/usr/bin/env bash
# Regenerates the golden human-readable outputs the tests compare against, and the README's
# example outputs, from a built llmsize. Review the diff: a golden change is a visible change.
set -euo pipefail
cd "$(dirname "$0")/.."
llmsize="${1:-build/llmsize}"
# The text is wrapped to the terminal: pin the width that the tests (run_cli in-process) use.
export COLUMNS=100
unset NO_COLOR
"$llmsize" models > tests/golden/models.txt
# On the fixed test catalog, named by the path relative to tests/ that the tests use: the sizing
# guide's example on the guide's instances, and the test instances.
llmsize_path=$(realpath "$llmsize")
(cd tests && "$llmsize_path" --params 13e9 --dtype fp16 --seq 4096,2048 --engine raw \
    --catalog data/golden_catalog.json --family g5,p4d,p4de) > tests/golden/guide_example.txt
(cd tests && "$llmsize_path" --params 13e9 --dtype fp16 --seq 4096,2048 --engine raw \
    --catalog data/golden_catalog.json --family a10g,l40s,a100,l4) > tests/golden/fixed_catalog.txt
# README: each ```text block that follows a line "<!-- example: ARGS -->" is replaced by the output
# of `llmsize ARGS` (one blank-free block per marker).
awk -v bin="$llmsize" '
    /^<!-- example: .* -->$/ { print; args = $0; sub(/^<!-- example: /, "", args); sub(/ -->$/, "", args);
                               pending = 1; next }
    pending && /^```text$/    { print; cmd = bin " " args " 2>&1"; while ((cmd | getline line) > 0) print line;
                               close(cmd); skipping = 1; pending = 0; next }
    skipping && /^```$/       { skipping = 0; print; next }
    skipping                  { next }
    { print }
' README.md > README.md.new && mv README.md.new README.md
