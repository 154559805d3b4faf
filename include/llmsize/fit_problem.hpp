// Why an instance does not fit, as the figures behind the reason (issue 14): the core decides
// and measures, the command line words it (src/cli/describe_problem.cpp, the text and JSON
// "problem") and JSON lists the figures ("problem_figures").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llmsize {

// Which reason, finer than ProblemKind: each has its own sentence and its own figures. The
// figures each reason fills are listed with it; the others stay zero.
enum class ProblemReason {
    none,
    // The weights do not fit: needed_bytes of weights per GPU at tensor_parallel against the
    // available_bytes the engine leaves for weights and KV cache; pooled_memory: the instance's
    // whole marketed memory (decimal GB) instead. engine: the engine would not start either.
    weights,
    // engine would not start: the KV budget holds no whole block of every layer group.
    no_kv_block,
    // engine would not start: one request of sequence_length tokens needs needed_bytes of KV cache
    // per GPU, more than the available_bytes; estimated_max_model_length is what it holds.
    request_too_long,
    // The KV cache holds sequences_held sequences of sequence_length, sequences_required required.
    too_few_sequences,
    // tensor_parallel exceeds the instance's device_count NeuronCores.
    tp_exceeds_cores,
    // tensor_parallel does not divide the instance's device_count accelerators.
    tp_not_divisor,
    // heads attention heads do not divide by tensor_parallel.
    tp_attention_heads,
    // heads KV heads neither divide by tensor_parallel nor divide it.
    tp_kv_heads,
    // Host memory of available_bytes is smaller than the needed_bytes of weights loading through
    // it.
    host_memory,
    // Time per output token of seconds at concurrency sequences exceeds limit_seconds (--max-tpot).
    speed_tpot,
    // Time to first token of seconds (for a static batch of concurrency, else at zero load)
    // exceeds limit_seconds (--max-ttft).
    speed_ttft,
    // An engine-support rule refuses: words is the rule's reason (engine_support.hpp).
    engine_rule,
    // --strict: words is the warning that counts as a failure.
    strict_warning,
};
std::string_view problem_reason_name(ProblemReason reason);  // "too_few_sequences", ...

struct FitProblem {
    ProblemReason reason = ProblemReason::none;
    std::uint64_t needed_bytes = 0;
    std::uint64_t available_bytes = 0;
    bool pooled_memory = false;  // weights: the engine pools the instance's memory (decimal GB)
    std::uint64_t tensor_parallel = 0;
    std::uint64_t device_count = 0;  // accelerators, or NeuronCores
    std::uint64_t heads = 0;         // attention or KV heads
    std::uint64_t sequences_held = 0;
    std::uint64_t sequences_required = 0;
    std::uint64_t sequence_length = 0;
    std::uint64_t estimated_max_model_length = 0;
    double seconds = 0;        // speed: the estimate that misses the target
    double limit_seconds = 0;  // speed: the target
    std::uint64_t concurrency = 0;
    bool static_batch = false;  // speed_ttft: for a static batch, not at zero load
    std::string engine;         // display name of the engine that would not start ("vLLM")
    std::string words;          // engine_rule and strict_warning: the reason as the core words it

    bool empty() const { return reason == ProblemReason::none; }
};

}  // namespace llmsize
