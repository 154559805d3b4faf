// Fits a model onto instances: the one computation behind every llmsize answer.
// Compute here, render elsewhere: the result is a SizingReport that renderers only format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/catalog.hpp"
#include "llmsize/dtype.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/engine_support.hpp"
#include "llmsize/fit_problem.hpp"
#include "llmsize/model.hpp"
#include "llmsize/speed.hpp"
#include "llmsize/weight_format.hpp"

namespace llmsize {

// Most different sequence lengths one request sizes (--seq): each is a table column and a loop
// over every instance, so the bound keeps the report small.
inline constexpr std::size_t k_max_sequence_lengths = 64;

// A default the request resolution decided (resolve_request.hpp): the setting, the value chosen
// and the rule that chose it.
struct RequestDefault {
    std::string setting;  // "engine", "weights", "kv_dtype", "sequence_lengths"
    std::string value;
    std::string rule;
};

struct SizingRequest {
    ModelSpec model;
    WeightFormat weights = default_weight_format(Dtype::fp16);
    Dtype kv_dtype = Dtype::fp16;
    std::vector<std::uint64_t> sequence_lengths;
    EngineSettings engine = default_engine_settings(Engine::vllm);
    // Concurrent sequences required at every length (CI gates); nullopt: at least one.
    std::optional<std::uint64_t> batch;
    // Forces one tensor-parallel degree; nullopt: the best valid layout per instance.
    std::optional<std::uint64_t> tensor_parallel;
    // Exact weight bytes read from a checkpoint's headers; replaces parameters × dtype.
    std::optional<std::uint64_t> exact_weight_bytes;
    std::string weight_source;  // where exact_weight_bytes came from, for notes
    // No --dtype: the engine's default rule chose the 16-bit dtype, so a device without bf16
    // serves fp16 (default_dtype.hpp).
    bool dtype_chosen_by_engine = false;
    // Any warning fails: an instance with one does not meet the requirements (--strict).
    bool strict = false;
    Pricing pricing = Pricing::sagemaker;  // which price ranks the instances
    // Warnings about the request as a whole (a --seq beyond the model's context, ...).
    std::vector<std::string> warnings;
    // Every default resolve_request decided, with its rule (JSON "defaults").
    std::vector<RequestDefault> defaults;
};

struct BatchFit {
    std::uint64_t sequence_length = 0;
    std::uint64_t max_batch = 0;  // whole sequences of this length the instance holds at once
};

// How one tensor-parallel group's memory divides, per GPU: the engine's budget terms, in order,
// and the named amounts they hold.
struct GpuBudget {
    std::uint64_t device_bytes = 0;      // memory the engine counts per GPU
    std::uint64_t engine_cap_bytes = 0;  // what it may use: device × its fraction (or device)
    std::uint64_t weight_bytes = 0;      // this GPU's weights, with buffers the engine adds
    std::uint64_t activation_bytes = 0;  // profiling / warm-up peak
    std::uint64_t non_torch_bytes = 0;   // memory outside the allocator that profiling sees
    std::uint64_t cuda_graph_bytes = 0;  // CUDA-graph estimate, where the engine subtracts it
    std::uint64_t reserve_bytes = 0;     // every term between the weights and the KV cache
    std::vector<BudgetTerm> terms;       // the engine's order; they add up to kv_bytes
    std::int64_t kv_bytes = 0;           // left for KV cache; negative: the rest does not fit
    std::int64_t kv_bytes_high = 0;      // the high end of a range (= kv_bytes without one)
    std::string range_assumption;        // what moves kv_bytes to kv_bytes_high
    std::uint64_t kv_tokens = 0;         // the engine's "GPU KV cache size" per copy
    std::uint64_t kv_tokens_high = 0;
    // Requests of the longest length the cache holds at once (vLLM's "Maximum concurrency").
    double max_concurrency = 0;
    ResolvedEngineSettings settings;  // defaults as resolved on this GPU
};

// One GPU's memory in four shares that add up to device_bytes (the memory bar): the weights and
// the engine's own overhead (activation peak, memory outside the allocator, CUDA graphs,
// --reserve, compute buffers) from the budget's terms, the KV cache, and what the engine leaves
// unused (its memory fraction, TensorRT-LLM's kept-free share, TGI's wiggle room). Each is
// clamped to what the earlier ones leave.
struct MemoryShares {
    std::uint64_t weights = 0;
    std::uint64_t overhead = 0;
    std::uint64_t kv = 0;
    std::uint64_t free = 0;
};
MemoryShares memory_shares(const GpuBudget& gpu);

struct InstanceFit {
    Instance instance;
    std::uint64_t memory_bytes = 0;     // what the engine counts as the instance's memory
    bool fits = false;                  // weights fit and every requirement is met
    std::int64_t kv_budget_bytes = 0;   // KV memory over the whole instance (all replicas)
    std::uint64_t max_tokens = 0;       // KV-cache tokens the whole instance holds (low end)
    std::uint64_t max_tokens_high = 0;  // the high end where the engine's range applies
    std::vector<BatchFit> batches;      // one per requested sequence length
    std::uint64_t tensor_parallel = 1;  // GPUs per model copy
    std::uint64_t replicas = 1;         // model copies on the instance
    GpuBudget per_gpu;
    FitProblem problem;  // why it does not fit, as figures (empty when it fits)
    ProblemKind problem_kind = ProblemKind::none;
    std::string problem_source;  // the engine-support rule's source, when one decided it
    std::vector<std::string> warnings;
    std::optional<double> usd_per_hour_per_sequence;  // price / sequences at the longest length
    // Serving speed and cost per token when a workload is given (speed_report.hpp); absent when
    // the instance does not fit or its accelerator has no speed facts.
    std::optional<SpeedEstimate> speed;
};

// Several instances joined by pipeline parallelism, when no single one holds the model.
struct MultiNodeFit {
    Instance instance;
    std::uint64_t nodes = 0;
    std::uint64_t tensor_parallel = 0;    // within a node
    std::uint64_t pipeline_parallel = 0;  // across nodes
    std::vector<BatchFit> batches;
    std::optional<double> price_usd_per_hour;  // all nodes together
};

struct SequenceCost {
    std::uint64_t sequence_length = 0;
    std::uint64_t kv_bytes = 0;  // KV cache of one sequence of this length (whole model)
};

struct SizingReport {
    ModelSpec model;
    WeightFormat weights;
    Dtype kv_dtype = Dtype::fp16;
    EngineSettings engine;
    std::optional<std::uint64_t> batch;
    std::optional<std::uint64_t> tensor_parallel;
    std::uint64_t weight_bytes = 0;
    bool weight_bytes_exact = false;  // read from checkpoint headers
    std::uint64_t kv_bytes_per_token = 0;
    // Cross-attention K and V per encoder token (encoder-decoder models only, else 0).
    std::uint64_t cross_kv_bytes_per_encoder_token = 0;
    // The fixed recurrent (Mamba / linear-attention) state of one sequence (else 0).
    std::uint64_t recurrent_state_bytes_per_sequence = 0;
    std::vector<SequenceCost> sequences;
    std::vector<InstanceFit> instances;  // ranked: fitting first, cheapest first
    Pricing pricing = Pricing::sagemaker;
    std::optional<std::string> recommended;  // the cheapest priced instance that fits
    // The fitting instance with the lowest $/h per sequence at the longest length, when it is
    // not the recommended one.
    std::optional<std::string> best_value;
    // About the request as a whole: a context beyond the model's (--allow-long-context) and
    // what was sized approximately on request (--approximate): the model's unmodelled parts.
    std::vector<std::string> warnings;
    // Every default the request resolution decided, with its rule (JSON "defaults").
    std::vector<RequestDefault> defaults;
    std::optional<MultiNodeFit> multi_node;  // only when nothing fits one instance
    std::vector<std::string> notes;          // every assumption, in words
    // The workload speed was estimated for (--input-tokens, --output-tokens); nullopt: none.
    std::optional<Workload> workload;

    // The longest requested sequence length (0 without one): the length vLLM's start-up check
    // and its "Maximum concurrency" line are about.
    std::uint64_t longest_sequence_length() const;
};

// Bytes of the model's weights stored in `format`.
std::uint64_t weight_bytes_for(const ModelSpec& model, const WeightFormat& format);

// Sizes the request against every instance of `catalog`.
SizingReport size_deployment(const SizingRequest& request, const Catalog& catalog);

}  // namespace llmsize
