// Request resolution: what the user gave (a model and flags, as values) becomes a complete
// SizingRequest with every default decided in the core and recorded with the rule that chose it,
// so the CLI only translates flags and the JSON can say why each default is what it is.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llmsize/checkpoint.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/sizing.hpp"
#include "llmsize/weight_format.hpp"

namespace llmsize {

// What the user gave; nullopt or empty means "not given".
struct RequestInput {
    CheckpointModel model;
    std::optional<Engine> engine;
    std::optional<WeightFormat> weights;          // --dtype
    std::string weights_text;                     // --dtype as typed, for the override note
    std::optional<Dtype> kv_dtype;                // --kv-dtype
    std::vector<std::uint64_t> sequence_lengths;  // --seq, in the order given, no repeats
    bool allow_long_context = false;              // --allow-long-context
};

// Decides the engine (llama.cpp for a GGUF file, else vLLM), the weight format (the checkpoint's
// tensor bytes, --dtype, or the engine's dtype=auto rule), the KV dtype (fp16 for GGUF and for
// quantised weights, else the weights' dtype), the sequence lengths (the model's whole context)
// and the context check; each default lands in SizingRequest::defaults with its rule, and in the
// model's notes as before. Engine settings are the engine's defaults. Throws Error on a length
// beyond the model's context (unless allow_long_context) or a model without a context when no
// length is given.
SizingRequest resolve_request(RequestInput input);

}  // namespace llmsize
