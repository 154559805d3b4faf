// Reads config.json "quantization_config" (internal to the core library).
#pragma once

#include <optional>

#include "field_reader.hpp"
#include "llmsize/weight_format.hpp"

namespace llmsize {

// The checkpoint's weight format, or nullopt when the config has no quantization_config or one
// llmsize does not know (the caller then notes it). Throws Error for malformed known configs.
std::optional<WeightFormat> weight_format_from_config(const FieldReader& config);

}  // namespace llmsize
