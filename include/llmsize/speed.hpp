// Serving speed of one model copy on one layout: time to first token, time per output token,
// tokens per second and cost per token. A roofline with efficiency factors and fixed overheads
// (../shared/reference/throughput.md section 2); every factor comes from data/speed_factors.json,
// every device fact from data/accelerators.json. Pure functions: no printing.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/device.hpp"
#include "llmsize/dtype.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/model.hpp"
#include "llmsize/weight_format.hpp"

namespace llmsize {

// How requests share the engine: `continuous` (every decode step also carries its share of other
// requests' prefill; vLLM, SGLang, TGI, TensorRT-LLM in-flight batching) or `static_batch` (a
// fixed batch prefills together, then decodes: FasterTransformer, older TensorRT-LLM benchmarks).
enum class Batching { continuous, static_batch };
std::string_view batching_name(Batching batching);  // "continuous", "static"
Batching parse_batching(std::string_view text);     // throws Error naming the accepted values

// Which term dominates the time per output token.
enum class SpeedBound { weights, kv, compute, communication };
std::string_view speed_bound_name(SpeedBound bound);  // "weights", "kv", ...

// Efficiency factors and overheads for one engine on one device class (data/speed_factors.json).
struct SpeedFactors {
    double mbu = 0;                   // achieved share of peak bandwidth reading weights
    double kv_efficiency = 0;         // achieved share of peak bandwidth reading the KV cache
    double mfu_16bit = 0;             // achieved share of the bf16/fp16 dense tensor peak
    double mfu_low_precision = 0;     // achieved share of the fp8/fp4 dense tensor peak
    double layer_overhead_s = 0;      // fixed cost per layer per step (kernel launches, norms)
    double moe_layer_overhead_s = 0;  // added per layer of a mixture-of-experts model (routing)
    double step_overhead_s = 0;       // fixed cost per step (scheduler, sampling)
    double sequence_overhead_s = 0;   // per running sequence per step
    double allreduce_latency_s = 0;   // per tensor-parallel all-reduce call (α)
    double prefill_interference = 0;  // share of other requests' prefill a decode step carries
    // "mbu 0.80" and the like, with what set each (a data row or a flag), for the notes.
    std::string summary;
};

// --mbu and --mfu: replace the data's factors (mfu replaces both MFUs).
struct SpeedOverrides {
    std::optional<double> mbu;
    std::optional<double> mfu;
    // Applied last, after the flags: how tests/test_speed.cpp fits factors on measurements.
    std::function<void(SpeedFactors&)> adjust;
};

// The factors for `engine` on `device` from data/speed_factors.json: its defaults, then each
// override row whose engine, device class (memory_kind) and link match, then `overrides`.
SpeedFactors speed_factors_for(Engine engine, const DeviceCapabilities& device,
                               const SpeedOverrides& overrides = {});

// The request: prompt and generated tokens per request, and how requests are batched.
struct Workload {
    std::uint64_t input_tokens = 0;
    std::uint64_t output_tokens = 0;
    Batching batching = Batching::continuous;
};

// One model copy on `gpus` accelerators, and how many copies the instance runs.
struct SpeedSetup {
    ModelSpec model;
    WeightFormat weights;
    std::uint64_t weight_bytes = 0;  // the whole copy's weights as stored
    Dtype kv_dtype = Dtype::fp16;
    DeviceCapabilities device;
    std::uint64_t gpus = 1;  // accelerators of one copy
    // Tensor parallel: weights and heads split, two all-reduces per layer. Otherwise whole layers
    // per GPU (llama.cpp), which run one after the other.
    bool tensor_parallel = true;
    std::uint64_t replicas = 1;
    std::optional<double> price_usd_per_hour;       // the whole instance
    std::uint64_t max_prefill_tokens_per_step = 0;  // chunked prefill budget; 0: unbounded
    SpeedFactors factors;
};

// True when the device has the facts the model needs (bandwidth and a 16-bit peak).
bool has_speed_facts(const DeviceCapabilities& device);

struct SpeedEstimate {
    std::uint64_t concurrency = 0;  // concurrent sequences over the whole instance
    double ttft_s = 0;              // time to first token at zero load (prefill + one step)
    double tpot_s = 0;              // time per output token after the first, at the concurrency
    double per_user_output_tokens_per_s = 0;
    double output_tokens_per_s = 0;  // aggregate over the instance, replicas counted
    std::optional<double> usd_per_million_output_tokens;
    std::optional<double> usd_per_million_tokens;  // input + output
    SpeedBound bound = SpeedBound::weights;
    Batching regime = Batching::continuous;
    // The decode step's terms, seconds: weights and compute overlap (the larger counts), the rest
    // add up.
    double weights_s = 0;
    double kv_s = 0;
    double compute_s = 0;
    double communication_s = 0;
    double overhead_s = 0;
    double prefill_s = 0;  // the zero-load prefill inside ttft_s
};

// The speed at `concurrency` sequences over the instance (spread evenly over its replicas).
SpeedEstimate estimate_speed(const SpeedSetup& setup, const Workload& workload,
                             std::uint64_t concurrency);

}  // namespace llmsize
