#include "llmsize/speed.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "embedded.hpp"
#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

std::string_view batching_name(Batching batching) {
    return batching == Batching::static_batch ? "static" : "continuous";
}

Batching parse_batching(std::string_view text) {
    const std::string lower = to_lower(text);
    if (lower == "continuous") return Batching::continuous;
    if (lower == "static") return Batching::static_batch;
    throw Error("unknown batching " + quote_value(text) + ", expected continuous or static");
}

std::string_view speed_bound_name(SpeedBound bound) {
    switch (bound) {
        case SpeedBound::weights:
            return "weights";
        case SpeedBound::kv:
            return "kv";
        case SpeedBound::compute:
            return "compute";
        case SpeedBound::communication:
            return "communication";
    }
    return "weights";
}

namespace {

const nlohmann::json& factor_table() {
    static const nlohmann::json table = parse_trusted_json(embedded::k_speed_factors_json);
    return table;
}

// Sets the factor `name` of `factors` to `value`; unknown names are a data error.
void set_factor(SpeedFactors& factors, const std::string& name, double value) {
    if (name == "mbu") {
        factors.mbu = value;
    } else if (name == "kv_efficiency") {
        factors.kv_efficiency = value;
    } else if (name == "mfu_16bit") {
        factors.mfu_16bit = value;
    } else if (name == "mfu_low_precision") {
        factors.mfu_low_precision = value;
    } else if (name == "layer_overhead_us") {
        factors.layer_overhead_s = value * 1e-6;
    } else if (name == "moe_layer_overhead_us") {
        factors.moe_layer_overhead_s = value * 1e-6;
    } else if (name == "step_overhead_us") {
        factors.step_overhead_s = value * 1e-6;
    } else if (name == "sequence_overhead_us") {
        factors.sequence_overhead_s = value * 1e-6;
    } else if (name == "allreduce_latency_us") {
        factors.allreduce_latency_s = value * 1e-6;
    } else if (name == "prefill_interference") {
        factors.prefill_interference = value;
    } else {
        throw Error("data/speed_factors.json: unknown factor " + quote_value(name));
    }
}

bool row_matches(const nlohmann::json& row, const char* key, std::string_view actual) {
    const auto found = row.find(key);
    if (found == row.end()) return true;
    const std::string wanted = found->get<std::string>();
    return wanted == "*" || to_lower(wanted) == to_lower(actual);
}

// Compute peak (FLOP/s) and whether it is a low-precision one, for the weights' format.
struct ComputeRate {
    double flops_per_s = 0;
    bool low_precision = false;
};

ComputeRate compute_rate(const DeviceCapabilities& device, const WeightFormat& weights) {
    if (weights.float4 && device.fp4 && device.dense_tflops_fp4 > 0)
        return {device.dense_tflops_fp4 * 1e12, true};
    if (weights.dtype == Dtype::fp8 && device.fp8 && device.dense_tflops_fp8 > 0)
        return {device.dense_tflops_fp8 * 1e12, true};
    // Everything else computes in 16 bits: int8/int4 and FP8/FP4 without hardware support are
    // dequantised to the activation dtype (weight-only), so only their bytes shrink.
    const double peak = device.bf16 && device.dense_tflops_bf16 > 0 ? device.dense_tflops_bf16
                                                                    : device.dense_tflops_fp16;
    return {peak * 1e12, false};
}

// Query heads × head size: the attention FLOPs' width (latent attention is approximated by it).
double attention_width(const ModelSpec& model) {
    return static_cast<double>(model.attention_heads) * static_cast<double>(model.head_dim);
}

// FLOPs of attention (QKᵀ and AV, 2 FLOPs per multiply-add each) for `tokens` new tokens that
// attend to `context` tokens on average; sliding-window layers cap the context at their window.
double attention_flops(const ModelSpec& model, double tokens, double context) {
    double layer_contexts = 0;
    for (const KvLayerGroup& group : model.kv_layers) {
        const double kept = group.window_tokens != 0
                                ? std::min(context, static_cast<double>(group.window_tokens))
                                : context;
        layer_contexts += static_cast<double>(group.layers) * kept;
    }
    return 4.0 * tokens * layer_contexts * attention_width(model);
}

// The model's layers with attention or a mixer: what fixed per-layer costs count.
double layer_count(const ModelSpec& model) {
    return static_cast<double>(std::max<std::uint64_t>(model.layers, 1));
}

struct Copy {
    const SpeedSetup& setup;
    double bandwidth_bytes_per_s = 0;  // of the GPUs that read at once
    double parallel = 1;               // GPUs that share one step's reads and FLOPs
    ComputeRate rate;
    double mfu = 0;
    double active_params = 0;
    double step_weight_bytes_dense = 0;  // everything but the routed experts and the embedding
    double routed_expert_bytes = 0;      // all routed experts
    double expert_share = 0;             // k / E

    explicit Copy(const SpeedSetup& s) : setup(s) {
        const ModelSpec& model = s.model;
        parallel = s.tensor_parallel ? static_cast<double>(s.gpus) : 1.0;
        bandwidth_bytes_per_s = s.device.memory_bandwidth_gb_per_s * 1e9 * parallel;
        rate = compute_rate(s.device, s.weights);
        mfu = rate.low_precision ? s.factors.mfu_low_precision : s.factors.mfu_16bit;
        const double params = static_cast<double>(model.parameters);
        active_params = static_cast<double>(model.active_parameters.value_or(model.parameters));
        const double weight_bytes = static_cast<double>(s.weight_bytes);
        // The input embedding is a gather, not a read; a tied table is read as the output layer.
        double embedding_bytes = 0;
        if (model.vocab_size && model.hidden_size > 0) {
            const double table =
                static_cast<double>(*model.vocab_size) * static_cast<double>(model.hidden_size);
            if (static_cast<double>(model.embedding_parameters) >= 2 * table) {
                const double per_param = s.weights.embeddings_16bit || s.weights.experts_only
                                             ? 2.0
                                             : dtype_bytes(s.weights.dtype);
                embedding_bytes = table * per_param;
            }
        }
        if (model.routed_experts > 0 && model.experts_per_token > 0 &&
            model.experts_per_token < model.routed_experts && params > active_params) {
            expert_share = static_cast<double>(model.experts_per_token) /
                           static_cast<double>(model.routed_experts);
            // inactive = (1 − k/E) × routed parameters.
            const double routed_params = (params - active_params) / (1.0 - expert_share);
            double per_param = params > 0 ? weight_bytes / params : 0;
            if (s.weights.experts_only) {
                per_param = (dtype_bits(s.weights.dtype) +
                             (s.weights.group_size > 0
                                  ? static_cast<double>(s.weights.group_overhead_bits) /
                                        static_cast<double>(s.weights.group_size)
                                  : 0.0)) /
                            8.0;
            }
            routed_expert_bytes = std::min(weight_bytes, routed_params * per_param);
        }
        step_weight_bytes_dense =
            std::max(0.0, weight_bytes - routed_expert_bytes - embedding_bytes);
    }

    // Weight bytes one step of `tokens` tokens reads: the routed experts they touch under uniform
    // routing, E × (1 − (1 − k/E)^tokens) (inference-sim roofline.go).
    double step_weight_bytes(double tokens) const {
        if (routed_expert_bytes <= 0) return step_weight_bytes_dense;
        const double touched = 1.0 - std::pow(1.0 - expert_share, std::max(tokens, 1.0));
        return step_weight_bytes_dense + routed_expert_bytes * touched;
    }

    double weights_time(double tokens) const {
        return step_weight_bytes(tokens) / (bandwidth_bytes_per_s * setup.factors.mbu);
    }

    double compute_time(double flops) const { return flops / (rate.flops_per_s * parallel * mfu); }

    // Two all-reduces per layer of tokens × hidden activations (16-bit) under tensor parallelism;
    // whole-layer splits pass activations between GPUs once per GPU boundary.
    double communication_time(double tokens) const {
        if (setup.gpus <= 1) return 0;
        const double gpus = static_cast<double>(setup.gpus);
        const double link = setup.device.link_gb_per_s_one_way * 1e9;
        const double message = tokens * static_cast<double>(setup.model.hidden_size) * 2.0;
        if (!setup.tensor_parallel)
            return (gpus - 1) * (setup.factors.allreduce_latency_s + message / link);
        const double calls = 2.0 * layer_count(setup.model);
        return calls *
               (setup.factors.allreduce_latency_s + 2.0 * (gpus - 1) / gpus * message / link);
    }

    // KV bytes one GPU reads for one sequence holding `context` tokens.
    double kv_bytes_per_sequence(std::uint64_t context) const {
        const std::uint64_t kv_tp = setup.tensor_parallel ? setup.gpus : 1;
        return static_cast<double>(
            kv_bytes_per_sequence_per_rank(setup.model, setup.kv_dtype, context, kv_tp, 1));
    }

    double kv_time(double sequences, std::uint64_t context) const {
        // A whole-layer split reads each GPU's share one after the other: the whole cache over one
        // GPU's bandwidth, the same as parallel reads of per-GPU shares under tensor parallelism.
        const double per_gpu_bandwidth = setup.device.memory_bandwidth_gb_per_s * 1e9;
        return sequences * kv_bytes_per_sequence(context) /
               (per_gpu_bandwidth * setup.factors.kv_efficiency);
    }

    double overhead_time(double sequences) const {
        const double per_layer =
            setup.factors.layer_overhead_s +
            (routed_expert_bytes > 0 ? setup.factors.moe_layer_overhead_s : 0.0);
        return layer_count(setup.model) * per_layer + setup.factors.step_overhead_s +
               sequences * setup.factors.sequence_overhead_s;
    }

    // Zero-load prefill of `sequences` prompts of `prompt` tokens each, chunked by the engine's
    // per-step token budget; each chunk reads the weights at least once.
    double prefill_time(double sequences, std::uint64_t prompt) const {
        const double tokens = sequences * static_cast<double>(prompt);
        const double budget = setup.max_prefill_tokens_per_step > 0
                                  ? static_cast<double>(setup.max_prefill_tokens_per_step)
                                  : tokens;
        const double chunks = std::max(1.0, std::ceil(tokens / budget));
        const double chunk_tokens = tokens / chunks;
        const double flops = 2.0 * active_params * tokens +
                             sequences * attention_flops(setup.model, static_cast<double>(prompt),
                                                         static_cast<double>(prompt) / 2.0);
        const double memory = chunks * weights_time(chunk_tokens);
        return std::max(memory, compute_time(flops)) +
               chunks * (communication_time(chunk_tokens) + overhead_time(sequences / chunks));
    }
};

}  // namespace

SpeedFactors speed_factors_for(Engine engine, const DeviceCapabilities& device,
                               const SpeedOverrides& overrides) {
    const nlohmann::json& table = factor_table();
    SpeedFactors factors;
    std::vector<std::string> set_by;
    for (const auto& [name, entry] : table["defaults"].items())
        set_factor(factors, name, entry["value"].get<double>());
    for (const nlohmann::json& row : table["overrides"]) {
        if (!row_matches(row, "engine", engine_name(engine_profile(engine).runs_as)) ||
            !row_matches(row, "device_class", device.memory_kind) ||
            !row_matches(row, "link", device.link))
            continue;
        for (const auto& [name, value] : row["factors"].items())
            set_factor(factors, name, value.get<double>());
        std::string which;
        for (const char* key : {"engine", "device_class", "link"}) {
            if (!row.contains(key)) continue;
            if (!which.empty()) which += ' ';
            which += row[key].get<std::string>();
        }
        set_by.push_back(which);
    }
    if (overrides.mbu) factors.mbu = *overrides.mbu;
    if (overrides.mfu) factors.mfu_16bit = factors.mfu_low_precision = *overrides.mfu;
    if (overrides.adjust) overrides.adjust(factors);
    factors.summary = fmt::format(
        "MBU {:.2f}{}, KV-read efficiency {:.2f}, MFU {:.2f} (16-bit) / {:.2f} (fp8, fp4){}, "
        "{:.0f} us per layer and {:.0f} us per step, all-reduce {:.0f} us per call",
        factors.mbu, overrides.mbu ? " (--mbu)" : "", factors.kv_efficiency, factors.mfu_16bit,
        factors.mfu_low_precision, overrides.mfu ? " (--mfu)" : "", factors.layer_overhead_s * 1e6,
        factors.step_overhead_s * 1e6, factors.allreduce_latency_s * 1e6);
    if (!set_by.empty()) {
        factors.summary += "; rows for";
        for (const std::string& which : set_by)
            factors.summary += " " + which;
    }
    return factors;
}

bool has_speed_facts(const DeviceCapabilities& device) {
    return device.memory_bandwidth_gb_per_s > 0 &&
           (device.dense_tflops_bf16 > 0 || device.dense_tflops_fp16 > 0);
}

SpeedEstimate estimate_speed(const SpeedSetup& setup, const Workload& workload,
                             std::uint64_t concurrency) {
    if (!has_speed_facts(setup.device)) throw Error("no speed facts for this accelerator");
    if (workload.output_tokens == 0) throw Error("--output-tokens must be positive");
    const Copy copy(setup);
    SpeedEstimate estimate;
    estimate.concurrency = std::max<std::uint64_t>(concurrency, 1);
    estimate.regime = workload.batching;
    const double replicas = static_cast<double>(std::max<std::uint64_t>(setup.replicas, 1));
    // Sequences on one copy: the instance's concurrency spread evenly over the copies.
    const double per_copy = std::ceil(static_cast<double>(estimate.concurrency) / replicas);
    const double input = static_cast<double>(workload.input_tokens);
    const double output = static_cast<double>(workload.output_tokens);
    const std::uint64_t mean_context = workload.input_tokens + workload.output_tokens / 2;

    // Decode step of `per_copy` sequences, plus (continuous batching) the prefill of the requests
    // that replace finished ones: per_copy × input / output prompt tokens per step. Their FLOPs
    // join the step's GEMMs (weights and compute overlap); their weight reads beyond the decode
    // step's own (the experts a whole prompt chunk touches) are spread over the output tokens.
    const bool continuous = workload.batching == Batching::continuous;
    const double share = continuous ? setup.factors.prefill_interference * per_copy / output : 0.0;
    const double prefill_tokens = share * input;
    estimate.weights_s = copy.weights_time(per_copy);
    estimate.kv_s = copy.kv_time(per_copy, mean_context);
    const double flops = 2.0 * copy.active_params * (per_copy + prefill_tokens) +
                         attention_flops(setup.model, per_copy, static_cast<double>(mean_context)) +
                         share * attention_flops(setup.model, input, input / 2.0);
    estimate.compute_s = copy.compute_time(flops);
    double prefill_reads_s = 0;
    if (share > 0 && copy.routed_expert_bytes > 0) {
        const double budget = setup.max_prefill_tokens_per_step > 0
                                  ? static_cast<double>(setup.max_prefill_tokens_per_step)
                                  : input;
        const double chunks = std::max(1.0, std::ceil(input / budget));
        prefill_reads_s =
            share * chunks * std::max(0.0, copy.weights_time(input / chunks) - estimate.weights_s);
    }
    estimate.communication_s = copy.communication_time(per_copy + prefill_tokens);
    estimate.overhead_s = copy.overhead_time(per_copy);
    estimate.tpot_s = std::max(estimate.weights_s, estimate.compute_s) + prefill_reads_s +
                      estimate.kv_s + estimate.communication_s + estimate.overhead_s;

    // Zero load: one prompt alone, then one decode step. A static batch prefills together.
    const double prefilled = continuous ? 1.0 : per_copy;
    estimate.prefill_s = copy.prefill_time(prefilled, workload.input_tokens);
    const double first_step = copy.weights_time(prefilled) +
                              copy.kv_time(prefilled, workload.input_tokens) +
                              copy.communication_time(prefilled) + copy.overhead_time(prefilled);
    estimate.ttft_s = estimate.prefill_s + first_step;

    estimate.per_user_output_tokens_per_s = 1.0 / estimate.tpot_s;
    const double request_s = estimate.ttft_s + (output - 1.0) * estimate.tpot_s;
    estimate.output_tokens_per_s = per_copy * replicas * output / request_s;

    // Weights and compute overlap: the larger of the two is the candidate.
    const bool compute_bound = estimate.compute_s > estimate.weights_s;
    estimate.bound = compute_bound ? SpeedBound::compute : SpeedBound::weights;
    double largest = std::max(estimate.weights_s, estimate.compute_s);
    if (estimate.kv_s > largest) {
        estimate.bound = SpeedBound::kv;
        largest = estimate.kv_s;
    }
    if (estimate.communication_s > largest) estimate.bound = SpeedBound::communication;

    if (setup.price_usd_per_hour && estimate.output_tokens_per_s > 0) {
        const double usd_per_s = *setup.price_usd_per_hour / 3600.0;
        estimate.usd_per_million_output_tokens = usd_per_s / estimate.output_tokens_per_s * 1e6;
        estimate.usd_per_million_tokens =
            usd_per_s / (estimate.output_tokens_per_s * (1.0 + input / output)) * 1e6;
    }
    return estimate;
}

}  // namespace llmsize
