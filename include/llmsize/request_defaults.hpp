// What a request means when a flag is left out, decided as the engine would decide it: the
// weight dtype with no --dtype (vLLM dtype="auto"), and the sequence lengths with no --seq, or
// beyond the model's context (vLLM max_model_len). Core policy, so the CLI only passes flags.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "llmsize/engine.hpp"
#include "llmsize/model.hpp"
#include "llmsize/weight_format.hpp"

namespace llmsize {

struct DtypeDefault {
    WeightFormat weights;
    // True when the engine's 16-bit choice depends on the device (bf16 where it has bf16, fp16
    // where it does not): engine_support then serves fp16 on T4 and V100 instead of failing.
    bool chosen_by_engine = false;
    std::string rule;  // which rule chose it, for the notes
};

// The weight dtype `engine` loads `model` in when no --dtype is given. A checkpoint's
// quantization_config wins; then the config's torch_dtype/dtype, where float32 loads in 16 bits
// (vLLM dtype="auto", TGI and TensorRT-LLM alike); with neither, fp16.
DtypeDefault default_weight_dtype(Engine engine, const ModelSpec& model);

// True when `engine` loads a float32 checkpoint in 16 bits with no --dtype (vLLM dtype="auto",
// TGI, TensorRT-LLM, Neuron): a checkpoint folder's exact float32 bytes then halve. The raw
// engine sizes what is on disk; llama.cpp reads GGUF tensors as stored.
bool loads_float32_in_16_bits(Engine engine);

// The lengths to size when --seq is omitted: the model's whole context, as vLLM allocates
// with no max_model_len. Throws Error when the model does not say its context.
std::vector<std::uint64_t> default_sequence_lengths(const ModelSpec& model);

// Checks each length against the model's context. Beyond it: throws Error naming both numbers,
// unless `allow_long_context` (vLLM's VLLM_ALLOW_LONG_MAX_MODEL_LEN), which returns a warning
// per length instead. A model that does not say its context passes.
std::vector<std::string> check_context(const ModelSpec& model,
                                       const std::vector<std::uint64_t>& lengths,
                                       bool allow_long_context);

}  // namespace llmsize
