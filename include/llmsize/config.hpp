// Reads a HuggingFace config.json into a ModelSpec: the exact parameter count and KV layout.
#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
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

// Parses JSON text with llmsize's limits (nesting depth); throws Error naming `origin`.
nlohmann::json parse_json_text(std::string_view text, std::string_view origin);

// Reads a whole file no larger than `max_bytes`; throws Error naming the file.
std::string read_file_bounded(const std::filesystem::path& path, std::uintmax_t max_bytes);

}  // namespace llmsize
