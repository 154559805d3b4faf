// Data files compiled into the binary (see cmake/Embed.cmake).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace llmsize {
namespace embedded {
extern const std::string_view k_instances_json;      // data/instances.json
extern const std::string_view k_models_json;         // data/models.json
extern const std::string_view k_model_sources_json;  // data/model_sources.json
extern const std::string_view k_accelerators_json;   // data/accelerators.json
extern const std::string_view k_speed_factors_json;  // data/speed_factors.json

// Parses a file compiled into the binary. These were checked when built (tests read every one);
// no depth limit or error translation is needed, and the plain parser is the fastest.
nlohmann::json parse_trusted_json(std::string_view text);
}  // namespace embedded

using embedded::parse_trusted_json;

}  // namespace llmsize
