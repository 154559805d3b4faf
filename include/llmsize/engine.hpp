// Serving engines: one profile per engine (which memory it counts, how it splits a model, its
// defaults, the flags that apply) and the KV budget it leaves, as an ordered list of named terms.
// Every rule and its source lines are documented in docs/engines.md; nothing outside this file
// and engine.cpp decides by engine.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/model.hpp"

namespace llmsize {

enum class Engine {
    raw,  // the sizing guide's arithmetic: marketed memory − weights, one pool, no overhead
    vllm,  // vLLM V1: ceil(total × util) − weights − activation peak − non-torch − CUDA graphs
    tgi,  // TGI: (total × cuda_memory_fraction − weights − context − warm-up peak) × 0.95
    trtllm,  // TensorRT-LLM: free_gpu_memory_fraction × (total − weights − context − activations)
    llamacpp,  // llama.cpp: layers split across GPUs; total − weights − compute buffers
    sglang,    // SGLang: mem_fraction_static × free memory before loading − weights
    neuron,  // AWS Neuron (NxD Inference, TGI/vLLM on Neuron): 16 GiB per NeuronCore, TP over cores
    lmi,     // DJL LMI (SageMaker's LMI container): vLLM with the container's defaults
};

std::string_view engine_name(Engine engine);
Engine parse_engine(std::string_view text);  // throws Error listing the engines
// The engine a model implies when --engine is not given: llama.cpp for GGUF files, else vLLM.
Engine default_engine_for(ModelSource source);

// Which memory figure an engine multiplies: the marketed decimal GB (the guide's raw
// arithmetic) or what cudaMemGetInfo reports as the device total (every CUDA engine).
enum class MemoryCounted { marketed, cuda_visible };

// How one model copy is spread over GPUs.
enum class MemorySplit {
    pooled,           // all accelerators' memory as one pool (raw)
    tensor_parallel,  // weights and attention heads split over a TP group; copies on the rest
    layers,  // whole layers per GPU, one copy over every GPU (llama.cpp --split-mode layer)
};

// A release as major.minor.patch ("0.14" is 0.14.0).
struct EngineRelease {
    std::uint32_t major = 0;
    std::uint32_t minor = 0;
    std::uint32_t patch = 0;
    auto operator<=>(const EngineRelease&) const = default;
};
std::string release_name(const EngineRelease& release);  // "0.14.0"
// "X.Y" or "X.Y.Z"; throws Error naming the accepted form.
EngineRelease parse_engine_release(std::string_view text);

// The command-line settings an engine accepts; every other one is an error naming the engine.
struct EngineFlags {
    bool gpu_util = false;
    bool reserve = false;
    bool tensor_parallel = false;
    bool engine_version = false;
    bool max_num_seqs = false;
    bool max_num_batched_tokens = false;
    bool block_size = false;
    bool offline = false;
    bool llamacpp_cache_types = false;
};

struct EngineProfile {
    Engine engine = Engine::vllm;
    std::string_view name;          // "vllm", as --engine takes it
    std::string_view display_name;  // "vLLM", as its users know it
    MemoryCounted memory = MemoryCounted::cuda_visible;
    MemorySplit split = MemorySplit::tensor_parallel;
    double default_memory_fraction = 1.0;
    std::string_view memory_fraction_name;  // "gpu_memory_utilization"; empty: no fraction
    std::uint64_t default_block_tokens = 1;
    // Engines refuse to start when one request of the longest length does not fit in the cache.
    bool refuses_unservable_length = false;
    // Layers of different cache kinds share block tensors in padded groups (vLLM's hybrid KV
    // cache manager, kv_cache_utils.py); otherwise every layer's bytes simply add up.
    bool hybrid_kv_groups = false;
    // A request never exceeds max_num_seqs sequences at once.
    bool caps_batch_at_max_num_seqs = false;
    // The engine logs "Available KV cache memory", "GPU KV cache size" and "Maximum concurrency"
    // lines at start-up (vLLM's kv_cache_utils.py _report_kv_cache_config); the report repeats
    // them so a user can diff them against the server's log.
    bool logs_kv_cache_lines = false;
    // Containers that run another engine (DJL LMI runs vLLM): the engine whose budget, device
    // support and speed rules apply; the engine itself otherwise.
    Engine runs_as = Engine::vllm;
    std::string_view backend;  // "vllm" for LMI; empty for engines that are their own back end
    // The engine's own names for the tokens of one forward pass (vLLM max_num_batched_tokens,
    // TGI max_batch_prefill_tokens, TensorRT-LLM max_num_tokens) and for its sequence limit
    // (vLLM max_num_seqs, LMI max_rolling_batch_size); empty where not modelled.
    std::string_view forward_tokens_name;
    std::string_view max_seqs_name;
    // The engine sets its tensor-parallel degree to every GPU of the instance unless told
    // otherwise (LMI's option.tensor_parallel_degree "max").
    bool tp_all_gpus_by_default = false;
    // max_model_len is the model's maximum unless the user sets it (LMI's option.max_model_len).
    bool max_model_len_is_model_max = false;
    // A float32 checkpoint is served in 16 bits (vLLM dtype=auto, SGLang, TGI, TensorRT-LLM);
    // raw keeps the guide's arithmetic and llama.cpp runs the GGUF file's own types.
    bool loads_float32_in_16_bits = true;
    // Sizes a Neuron instance per NeuronCore rather than per accelerator (neuron.hpp).
    bool sizes_by_neuron_core = false;
    // The budget in one line, for the report's notes.
    std::string_view budget_summary;
    // Non-empty where the engine's budget is not modelled from its source: the report carries
    // this as a warning, so a flat estimate is never presented as the engine's own figure.
    std::string_view unmodelled_warning;
    // Oldest and newest release modelled term by term; nullopt: not versioned.
    std::optional<EngineRelease> oldest_release;
    std::optional<EngineRelease> newest_release;
    EngineFlags flags;
};

const EngineProfile& engine_profile(Engine engine);

struct EngineSettings {
    Engine engine = Engine::vllm;
    // vLLM gpu_memory_utilization (of total memory), TGI cuda_memory_fraction (of total),
    // TensorRT-LLM kv_cache_free_gpu_mem_fraction (of memory left after weights and activations).
    double memory_fraction = 0.9;
    // --reserve: memory per GPU kept back on top of every modelled term (default 0).
    std::uint64_t extra_reserve_bytes_per_gpu = 0;
    // KV cache is allocated in blocks of this many tokens (--block-size); nullopt: the default of
    // the engine's release (kv_block_tokens).
    std::optional<std::uint64_t> block_tokens;
    std::optional<EngineRelease> release;       // versioned engines: the release modelled
    std::optional<std::uint64_t> max_num_seqs;  // user-set; nullopt: engine default
    // user-set; nullopt: engine default. TGI's max_batch_prefill_tokens and TensorRT-LLM's
    // max_num_tokens play the same part (the tokens of one forward pass) and take this too.
    std::optional<std::uint64_t> max_num_batched_tokens;
    bool offline = false;  // vLLM's LLM class (offline) defaults instead of `vllm serve`
};

// The engine's documented defaults (the newest modelled release for versioned engines).
EngineSettings default_engine_settings(Engine engine);
// The KV block size in tokens: the user's, else the release's default: the profile's (vLLM 16,
// TGI 1, TensorRT-LLM 32), except TGI 2.x, whose paged attention allocates blocks of 16 tokens
// (3.x's flashinfer: 1).
std::uint64_t kv_block_tokens(const EngineSettings& settings);

// What one GPU (rank) of a layout looks like to the engine.
struct GpuContext {
    std::uint64_t device_bytes = 0;  // the memory the engine counts (profile.memory)
    std::uint64_t usable_bytes = 0;  // nvidia-smi's memory.total (SGLang keys its defaults on it)
    std::string accelerator;         // "H100-80GB": vLLM keys some defaults on the name
    std::uint64_t sm_count = 0;      // streaming multiprocessors; 0 when unknown
    std::uint64_t weight_bytes = 0;  // this rank's share of the weights
    std::uint64_t tensor_parallel = 1;
    std::uint64_t max_model_len = 0;  // the longest requested sequence
};

// How the sampler of vLLM's profiling run allocates (vllm/v1/sample/ops/topk_topp_sampler.py).
enum class SamplerPath {
    none,                // not a vLLM profile
    torch_sort,          // 38 bytes per logit: fp32 copy, sort values, indices and cub temporaries
    flashinfer_or_sort,  // v0.9.1–v0.11.0: FlashInfer (14 B) when installed, else torch sort (38 B)
    triton,              // v0.17+: 14 bytes per logit plus a [min(next_pow2(N), SMs), vocab] buffer
};
std::string_view sampler_path_name(SamplerPath path);

// The settings an engine actually runs with on one GPU: defaults resolved.
struct ResolvedEngineSettings {
    std::optional<EngineRelease> release;
    std::uint64_t max_num_seqs = 0;  // 0: the engine has no such limit modelled
    // vLLM max_num_batched_tokens, TGI max_batch_prefill_tokens (its warm-up prefill),
    // TensorRT-LLM max_num_tokens (its memory-estimation forward); 0: not modelled.
    std::uint64_t max_num_batched_tokens = 0;
    std::uint64_t block_tokens = 1;
    SamplerPath sampler = SamplerPath::none;
    bool offline = false;
    // SGLang: the static memory fraction and the defaults it is derived from (server_args.py).
    double memory_fraction = 0;
    std::uint64_t chunked_prefill_size = 0;
    std::uint64_t cuda_graph_max_bs = 0;
    // TGI: the launcher's max_input_tokens (the warm-up requests' length).
    std::uint64_t max_input_tokens = 0;
    std::string_view backend;              // LMI: the engine it runs ("vllm"); empty otherwise
    std::string_view forward_tokens_name;  // the profile's names, for the report
    std::string_view max_seqs_name;
};

ResolvedEngineSettings resolve_engine_settings(const EngineSettings& settings,
                                               const GpuContext& gpu);

// A named term of the budget, in the engine's order. `bytes` is its signed contribution: the
// first term (the memory the engine may use) is positive, each later one negative; the terms
// add up exactly to the KV bytes.
enum class BudgetTermKind {
    memory,           // what the engine counts as the GPU's memory (raw, llama.cpp, TensorRT-LLM)
    requested,        // memory × the engine's fraction (vLLM: ceil(total × utilization))
    weights,          // this rank's weights plus buffers the engine adds (vLLM: RoPE cache)
    activation,       // the profiling / warm-up peak
    non_torch,        // memory outside PyTorch's allocator that appears while profiling
    cuda_graph,       // vLLM ≥ 0.21: the CUDA-graph memory estimate
    extra_reserve,    // --reserve
    free_fraction,    // TensorRT-LLM and SGLang: the (1 − fraction) of free memory they leave
    wiggle_room,      // TGI: 5 % of what is free after its warm-up (2.x) or of the requested memory
                      // (3.x)
    compute_buffers,  // llama.cpp: compute buffers and CUDA context
};
std::string_view budget_term_name(BudgetTermKind kind);  // "requested", "weights", ...

struct BudgetTerm {
    BudgetTermKind kind = BudgetTermKind::memory;
    std::int64_t bytes = 0;
};

struct EngineBudget {
    std::vector<BudgetTerm> terms;  // add up to kv_bytes
    std::int64_t kv_bytes = 0;      // negative: the rest does not fit
    // Where the engine's behaviour cannot be known from the inputs, the other end of the range
    // (more KV); equal to kv_bytes otherwise. Fit decisions use kv_bytes.
    std::int64_t kv_bytes_high = 0;
    std::string range_assumption;  // what moves kv_bytes to kv_bytes_high; empty: no range
    ResolvedEngineSettings settings;
};

// The part of one GPU's memory left for KV cache, before it is cut into blocks.
EngineBudget engine_budget(const EngineSettings& settings, const GpuContext& gpu,
                           const ModelSpec& model);

// Engines whose max_model_len is the model's own rather than the longest --seq (LMI leaves
// option.max_model_len unset, so vLLM takes the model's maximum and refuses to start when one
// request of it does not fit): the warning for a copy holding `kv_tokens`, or "" where none.
std::string model_length_warning(const EngineSettings& settings, const ModelSpec& model,
                                 std::uint64_t kv_tokens);

// The sum of the terms of one kind (0 when absent), as a positive amount.
std::uint64_t budget_term_bytes(const EngineBudget& budget, BudgetTermKind kind);

}  // namespace llmsize
