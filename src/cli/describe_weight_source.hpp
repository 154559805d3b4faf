// Where a checkpoint's exact weight bytes came from, in words: the report's weight note, worded
// from the core's WeightSource figures (checkpoint.hpp).
#pragma once

#include <string>

#include "llmsize/checkpoint.hpp"

namespace llmsize::cli {

// "weights: exact tensor bytes from 2 safetensors headers (BF16 14.96 GiB), 16.00 bits per
// weight; ..."; empty for WeightOrigin::none.
std::string describe_weight_source(const WeightSource& source);

}  // namespace llmsize::cli
