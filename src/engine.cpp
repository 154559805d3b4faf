#include "llmsize/engine.hpp"

#include <cmath>
#include <string>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

std::string_view engine_name(Engine engine) {
    switch (engine) {
        case Engine::raw:
            return "raw";
        case Engine::vllm:
            return "vllm";
        case Engine::tgi:
            return "tgi";
        case Engine::trtllm:
            return "trtllm";
        case Engine::llamacpp:
            return "llamacpp";
        case Engine::neuron:
            return "neuron";
    }
    return "vllm";
}

Engine parse_engine(std::string_view text) {
    const std::string lower = to_lower(text);
    for (const Engine engine : {Engine::vllm, Engine::tgi, Engine::trtllm, Engine::llamacpp,
                                Engine::neuron, Engine::raw}) {
        if (lower == engine_name(engine)) return engine;
    }
    throw Error("unknown engine " + quote_value(text) +
                ", expected vllm, tgi, trtllm, llamacpp, neuron or raw");
}

EngineSettings default_engine_settings(Engine engine) {
    // 1.5 GiB per GPU for CUDA context, NCCL and the profiling pass's activation peak: vLLM's own
    // logs show 0.57 GiB on 24 GB GPUs (PR #14447) and 3.05 GiB for Llama-3-8B on an H100 (PR
    // #10511); see docs/engines.md.
    const std::uint64_t reserve = k_bytes_per_gib * 3 / 2;
    switch (engine) {
        case Engine::raw:
            return {Engine::raw, 1.0, 0, 1};
        case Engine::vllm:
            return {Engine::vllm, 0.9, reserve, 16};
        case Engine::tgi:
            return {Engine::tgi, 1.0, reserve, 16};
        case Engine::trtllm:
            return {Engine::trtllm, 0.9, reserve, 64};
        // llama.cpp pads its context to a multiple of 256 cells (llama-context.cpp GGML_PAD).
        case Engine::llamacpp:
            return {Engine::llamacpp, 1.0, k_bytes_per_gib, 256};
        // Neuron: shapes are compiled; the KV cache for batch × n_positions is allocated up front
        // in every NeuronCore's 16 GiB. AWS's calculator counts no reserve (neuron-calculator.rst:
        // cores = ceil(footprint GB / 16)); the runtime's scratch is unpublished: --reserve.
        case Engine::neuron:
            return {Engine::neuron, 1.0, 0, 1};
    }
    return {};
}

namespace {
std::int64_t scaled(std::int64_t bytes, double fraction) {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(bytes) * fraction));
}
}  // namespace

std::int64_t kv_budget_per_gpu(const EngineSettings& settings, std::uint64_t device_bytes,
                               std::uint64_t weight_bytes_per_gpu) {
    const std::int64_t device = to_signed(device_bytes, "accelerator memory");
    const std::int64_t weights = to_signed(weight_bytes_per_gpu, "weight size");
    const std::int64_t reserve = to_signed(settings.reserve_bytes_per_gpu, "reserve");
    switch (settings.engine) {
        case Engine::raw:
            return device - weights;
        case Engine::llamacpp:
        case Engine::neuron:
            return device - weights - reserve;
        case Engine::vllm:  // requested = total × utilization; KV = requested − non-KV memory
            return scaled(device, settings.memory_fraction) - weights - reserve;
        case Engine::tgi: {  // TGI leaves 5 % of what is free after warm-up as wiggle room
            const std::int64_t free = scaled(device, settings.memory_fraction) - weights - reserve;
            return free > 0 ? scaled(free, 0.95) : free;
        }
        case Engine::trtllm: {  // a fraction of the memory free after weights and activations
            const std::int64_t free = device - weights - reserve;
            return free > 0 ? scaled(free, settings.memory_fraction) : free;
        }
    }
    return 0;
}

}  // namespace llmsize
