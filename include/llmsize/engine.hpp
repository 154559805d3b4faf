// Serving engines' memory rules: how much of an accelerator's memory becomes KV cache.
// Each rule, its defaults and its sources are documented in docs/engines.md.
#pragma once

#include <cstdint>
#include <string_view>

namespace llmsize {

enum class Engine {
    raw,  // the sizing guide's arithmetic: marketed memory − weights, one pool, no overhead
    vllm,  // vLLM: usable × gpu_memory_utilization − weights − activation peak − non-torch memory
    tgi,  // TGI: (usable × cuda_memory_fraction − weights − warm-up peak) × 0.95 wiggle room
    trtllm,  // TensorRT-LLM: kv_cache_free_gpu_mem_fraction × (usable − weights − activations)
    llamacpp,  // llama.cpp: layers split across GPUs; usable − weights − compute buffers
    neuron,  // AWS Neuron (NxD Inference, TGI/vLLM on Neuron): 16 GiB per NeuronCore, TP over cores
};

std::string_view engine_name(Engine engine);
Engine parse_engine(std::string_view text);  // throws Error listing the engines

struct EngineSettings {
    Engine engine = Engine::vllm;
    // vLLM gpu_memory_utilization (of total memory), TGI cuda_memory_fraction (of total),
    // TensorRT-LLM kv_cache_free_gpu_mem_fraction (of memory left after weights and activations).
    double memory_fraction = 0.9;
    // Per GPU: CUDA context, NCCL buffers and the activation peak of the engine's profiling run.
    std::uint64_t reserve_bytes_per_gpu = 0;
    // KV cache is allocated in blocks of this many tokens (vLLM and TGI 16, TensorRT-LLM 64).
    std::uint64_t block_tokens = 1;
};

// The engine's documented defaults.
EngineSettings default_engine_settings(Engine engine);

// The part of each GPU's memory left for KV cache, before it is cut into blocks. Negative when
// the weights and the reserve do not fit. `device_bytes` is what the engine sees as the GPU's
// memory (marketed for raw, usable for the others).
std::int64_t kv_budget_per_gpu(const EngineSettings& settings, std::uint64_t device_bytes,
                               std::uint64_t weight_bytes_per_gpu);

}  // namespace llmsize
