#!/usr/bin/env bash
# Checks the package as a Debian user gets it: builds the .deb from a release build (default
# build/), installs it with dpkg -i, runs `llmsize --version` and `man llmsize`, checks the bash
# completion's syntax, and compiles a small consumer with find_package(llmsize) against the
# installed tree. Needs root or sudo (dpkg -i).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
sudo=""
if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi

(cd "$build" && cpack -G DEB -B package >/dev/null)
deb=$(ls "$build"/package/llmsize_*.deb)
echo "package: $deb ($(du -h "$deb" | cut -f1))"
$sudo dpkg -i "$deb" >/dev/null
dpkg -L llmsize | grep -E 'bin/llmsize$|man1/llmsize|completions|cmake/llmsize/llmsizeConfig.cmake$'

llmsize --version
man_text=$(MANPAGER=cat man -P cat llmsize)
grep -q -- '--seq' <<< "$man_text" || { echo "man llmsize: no --seq in the page" >&2; exit 1; }
echo "man llmsize: $(wc -l <<< "$man_text") lines"
bash -n /usr/share/bash-completion/completions/llmsize

consumer=$(mktemp -d)
trap 'rm -rf "$consumer"' EXIT
cmake -S tests/package_consumer -B "$consumer" >/dev/null
cmake --build "$consumer" >/dev/null
"$consumer"/llmsize_consumer
