// Bundled model presets (data/models.json): real config.json values with their sources and the
// published exact parameter count of each model.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/model.hpp"

namespace llmsize {

// NOLINTNEXTLINE(bugprone-exception-escape): nlohmann::json's destructor may allocate.
struct Preset {
    std::string name;   // "llama-2-13b"
    std::string hf_id;  // "meta-llama/Llama-2-13b-hf"
    // Other names of the same architecture ("llama-3.1-8b-instruct"): the same config keys
    // that size memory, so the same answer.
    std::vector<std::string> aliases;
    nlohmann::json config;
    bool config_verbatim = true;  // false: rebuilt from sibling or derivative copies
    // The exact published count, or nullopt where only a rounded figure was published.
    std::optional<std::uint64_t> published_parameters;
    std::optional<std::uint64_t> published_parameters_rounded;
    // Parameters the published figure counts that a loaded model does not (a tied head stored
    // twice, multi-token-prediction layers, quantisation scales), with the reason.
    std::uint64_t published_extra_parameters = 0;
    bool guide_sample = false;     // listed in the sizing guide's table of sample models
    bool guide_reference = false;  // the first sample of its row: the shape bare --params borrows
    std::uint64_t guide_row_billions = 0;

    bool operator==(const Preset&) const = default;
};

// Where a preset's numbers come from (data/model_sources.json).
struct PresetSources {
    std::string config_source;
    std::string published_parameters_source;
    std::string published_extra_why;  // why the published figure counts more, if it does
};

// Every bundled preset, in data/models.json order.
std::span<const Preset> bundled_presets();

// The sources of a bundled preset (read on first use: only `llmsize models` needs them).
const PresetSources& sources_of(const Preset& preset);

// Case-insensitive lookup by name, alias or Hub id; throws Error with a "did you mean" that only
// names presets of the size the name asks for ("qwen2.5-14b" never suggests "qwen2.5-7b"), and
// every version when the name leaves the version open ("mistral-7b").
const Preset& find_preset(std::string_view name);

// The presets of the given families, in data/models.json order. A preset belongs to a family
// when its architecture is that name ("qwen2") or its name starts with it before a digit, '-' or
// '.' ("qwen" for qwen2.5-7b and qwen3-8b; "llama" for llama-3.1-8b). Case-insensitive; throws
// Error with a suggestion for a family no preset belongs to.
std::vector<Preset> filter_preset_families(std::span<const Preset> presets,
                                           const std::vector<std::string>& families);

// The model a preset describes (source = preset).
ModelSpec model_from_preset(const Preset& preset);

// What `llmsize models` lists for one preset: the model its config describes and the KV cache a
// token costs at fp16. `preset` points into the span summarize_presets was given.
struct PresetSummary {
    const Preset* preset = nullptr;
    ModelSpec model;
    std::uint64_t kv_bytes_per_token_fp16 = 0;
};
std::vector<PresetSummary> summarize_presets(std::span<const Preset> presets);

// The guide reference model (the first sample model of each row of the guide's table) whose
// parameter count is nearest, by ratio, to `parameters`.
const Preset& nearest_guide_sample(std::uint64_t parameters);

}  // namespace llmsize
