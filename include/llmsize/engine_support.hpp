// What each serving engine runs where: engine × device × format × model rules, each with its
// source. One table for every rule, so a new engine or accelerator touches one place.
// sizing.cpp asks check_engine_support for every instance; docs/engines.md lists the rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "llmsize/device.hpp"
#include "llmsize/dtype.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/model.hpp"

namespace llmsize {

// Why an instance does not meet the requirements (JSON `instances[].problem_kind`).
enum class ProblemKind {
    none,
    weights,        // the weights do not fit the engine's memory
    kv,             // too few sequences of a requested length fit the KV cache
    tp,             // no valid tensor-parallel layout
    engine_device,  // the engine does not run on this accelerator
    format_device,  // the engine cannot serve this weight or KV format on this accelerator
    engine_model,   // the engine does not serve this model architecture
    host_memory,    // host RAM cannot stage the weights as the engine loads them
    context,        // a sequence is longer than the model's context
    warning,        // --strict: a warning counts as a failure
    speed,          // the estimated speed misses --max-ttft or --max-tpot
};
std::string_view problem_kind_name(ProblemKind kind);  // "engine_device", ...

// The formats one request serves.
struct ServedFormat {
    Dtype weights = Dtype::fp16;
    Dtype kv = Dtype::fp16;
    // True when no --dtype was given and the engine's own default chose a 16-bit dtype: such a
    // request is served in fp16 where the device has no bf16, as the engine does.
    bool dtype_chosen_by_engine = false;
};

struct SupportVerdict {
    ProblemKind kind = ProblemKind::none;  // none, engine_device, format_device or engine_model
    std::string problem;                   // in words, naming engine, device and format
    std::string source;                    // where the rule comes from (docs, code, issue)
    std::vector<std::string> warnings;     // runs, but with a caveat worth knowing
};

// Whether `engine` can serve `model` in `format` on `accelerator` (the catalog's name, for the
// words) with `device` capabilities. An unknown device passes every device rule. The raw engine
// is the sizing guide's arithmetic: only the Neuron rule applies to it (it does not model
// NeuronCores).
SupportVerdict check_engine_support(Engine engine, std::string_view accelerator,
                                    const DeviceCapabilities& device, const ServedFormat& format,
                                    const ModelSpec& model);

// For a vision-language model (ModelSpec::vision_parameters) under an engine whose budget has a
// multimodal term llmsize does not model (vllm: the profiling run encodes dummy items of the
// largest size and reserves an encoder cache; sglang: its multimodal memory adjustments), the
// warning that the KV figure is an upper bound; empty otherwise.
std::string multimodal_budget_warning(Engine engine, const ModelSpec& model);

// One row per rule, for docs and tests: what it says and its source.
struct SupportRule {
    std::string_view id;
    std::string_view text;
    std::string_view source;
};
std::vector<SupportRule> engine_support_rules();

}  // namespace llmsize
