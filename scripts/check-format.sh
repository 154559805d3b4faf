#!/usr/bin/env bash
# Fails when a C++ file is not formatted with the repo's .clang-format (clang-format 14).
# Fix with: clang-format -i $(git ls-files '*.cpp' '*.hpp')
set -euo pipefail
cd "$(dirname "$0")/.."
format=$(command -v clang-format-14 || command -v clang-format)
git ls-files '*.cpp' '*.hpp' | xargs "$format" --dry-run --Werror
echo "clang-format: every file is formatted"
