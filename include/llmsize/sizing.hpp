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
#include "llmsize/model.hpp"

namespace llmsize {

enum class Engine {
    raw,  // the sizing guide's arithmetic: marketed memory − weights, no runtime overhead
};
std::string_view engine_name(Engine engine);
Engine parse_engine(std::string_view text);  // throws Error listing the engines

struct SizingRequest {
    ModelSpec model;
    Dtype weight_dtype = Dtype::fp16;
    Dtype kv_dtype = Dtype::fp16;
    std::vector<std::uint64_t> sequence_lengths;
    Engine engine = Engine::raw;
};

struct BatchFit {
    std::uint64_t sequence_length = 0;
    std::uint64_t max_batch = 0;  // whole sequences of this length that fit at once
};

struct InstanceFit {
    const Instance* instance = nullptr;
    std::uint64_t memory_bytes = 0;    // what the engine counts as the instance's memory
    bool fits = false;                 // at least one sequence of every length fits
    std::int64_t kv_budget_bytes = 0;  // memory left for KV cache; negative: weights do not fit
    std::uint64_t max_tokens = 0;      // KV-cache tokens the instance holds
    std::vector<BatchFit> batches;     // one per requested sequence length
};

struct SequenceCost {
    std::uint64_t sequence_length = 0;
    std::uint64_t kv_bytes = 0;  // KV cache of one sequence of this length
};

struct SizingReport {
    ModelSpec model;
    Dtype weight_dtype = Dtype::fp16;
    Dtype kv_dtype = Dtype::fp16;
    Engine engine = Engine::raw;
    std::uint64_t weight_bytes = 0;
    std::uint64_t kv_bytes_per_token = 0;
    std::vector<SequenceCost> sequences;
    std::vector<InstanceFit> instances;  // ranked: fitting first, cheapest first
    std::optional<std::string> recommended;
    std::vector<std::string> notes;  // every assumption, in words
};

// Weight bytes for `parameters` stored as `dtype`.
std::uint64_t weight_bytes_for(std::uint64_t parameters, Dtype dtype);

// Sizes the request against every instance of `catalog`.
SizingReport size_deployment(const SizingRequest& request, const Catalog& catalog);

}  // namespace llmsize
