#!/usr/bin/env bash
# Installs what llmsize needs to build and test on Debian 12 (bookworm): a C++20 compiler, CMake and
# the four libraries it uses, all from Debian's packages; help2man for the man page, lld for the
# release link's start-up symbol order (CMakeLists.txt, LLMSIZE_ORDER_SYMBOLS),
# python3-jsonschema for the JSON Schema test, and dpkg-dev and man-db for the package check. Pass --fuzz to add clang 14 and its
# sanitizer runtimes (libFuzzer) for the fuzz targets, clang-format 14 for the format check and
# clang-tidy 14 for scripts/check-tidy.sh.
set -euo pipefail
packages=(cmake make g++ libcli11-dev nlohmann-json3-dev libfmt-dev catch2 help2man lld
          python3-jsonschema dpkg-dev man-db)
if [[ "${1:-}" == "--fuzz" ]]; then
    packages+=(clang-14 libclang-rt-14-dev clang-format-14 clang-tidy-14)
fi
sudo=""
if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
