// Reads a HuggingFace config.json into a ModelSpec: the exact parameter count and KV layout.
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "llmsize/model.hpp"

namespace llmsize {

// Largest config.json llmsize reads. Real configs are a few kilobytes.
inline constexpr std::uintmax_t k_max_config_file_bytes = 4 * 1024 * 1024;

struct ConfigOptions {
    // Size a config with components llmsize does not model (experts on a family that has none,
    // a vision sub-config, state-space keys, ...) with the generic estimate and a warning for
    // each, instead of refusing it.
    bool approximate = false;
};

// Builds the model described by a parsed config.json. `origin` names the file in errors
// ("reading 'x/config.json': ..."). Throws Error for missing, mistyped or inconsistent keys, and
// for components the counter does not model unless `options.approximate`.
ModelSpec model_from_config(const nlohmann::json& config, std::string_view origin,
                            const ConfigOptions& options = {});

// Reads `path` (a config.json, or a folder holding one) and builds the model.
ModelSpec load_config(const std::filesystem::path& path, const ConfigOptions& options = {});

// Deepest JSON nesting accepted. Real configs nest three or four levels.
inline constexpr int k_max_json_depth = 64;
// Most values (objects, arrays, strings, numbers, ...; an object member counts once) that one
// JSON document may hold. Real inputs hold far fewer: a DeepSeek-V3 index about 92,000, a
// safetensors shard header a few thousand. About 100 bytes of memory each, so 2 million keep a
// document under 256 MiB whatever its text.
inline constexpr std::uint64_t k_max_json_values = 2'000'000;

struct JsonReadLimits {
    std::uint64_t max_values = k_max_json_values;
    // A key of the top-level object whose value is checked as JSON but not kept: it reads as an
    // empty object or array (safetensors' `__metadata__`).
    std::string_view skipped_top_level_key;
};

// Parses JSON text with llmsize's limits (nesting depth, values counted as they are built, so
// memory stays bounded whatever the text); throws Error naming `origin`.
nlohmann::json parse_json_text(std::string_view text, std::string_view origin,
                               const JsonReadLimits& limits = {});

// Reads a whole regular file no larger than `max_bytes` (folders, FIFOs and devices are refused
// before they are opened); throws Error naming the file.
std::string read_file_bounded(const std::filesystem::path& path, std::uintmax_t max_bytes);

// Reads a whole stream (standard input for `--config -`) of at most `max_bytes`, stopping within
// one 64 KiB buffer past the bound; throws Error "<context>: larger than ..." or "<context>: read
// error".
std::string read_stream_bounded(std::istream& in, std::uintmax_t max_bytes,
                                const std::string& context);

}  // namespace llmsize
