// Data files compiled into the binary (see cmake/Embed.cmake).
#pragma once

#include <string_view>

namespace llmsize::embedded {
extern const std::string_view k_instances_json;  // data/instances.json
extern const std::string_view k_models_json;     // data/models.json
}  // namespace llmsize::embedded
