#include "describe_problem.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "llmsize/units.hpp"

namespace llmsize::cli {

namespace {

// The figures are byte counts far below 2^63: the units module takes them signed.
std::string gib(std::uint64_t bytes) {
    return units::gib_text(static_cast<std::int64_t>(bytes));
}
std::string gb(std::uint64_t bytes) {
    return units::gb_text(static_cast<std::int64_t>(bytes));
}

std::string weights_text(const FitProblem& problem) {
    std::string text = problem.pooled_memory
                           ? "weights (" + gb(problem.needed_bytes) + ") exceed the instance's " +
                                 gb(problem.available_bytes)
                           : "weights do not fit: " + gib(problem.needed_bytes) +
                                 " per GPU at TP " + std::to_string(problem.tensor_parallel) +
                                 " exceed the " + gib(problem.available_bytes) +
                                 " the engine leaves for weights and KV cache";
    if (!problem.engine.empty()) {
        text += "; " + problem.engine +
                " would not start: \"No available memory for the cache blocks\"";
    }
    return text;
}

}  // namespace

std::string duration_text(double seconds) {
    if (seconds < 1.0) return fmt::format("{:.0f} ms", seconds * 1e3);
    return fmt::format("{:.2f} s", seconds);
}

std::string describe_problem(const FitProblem& problem) {
    const std::string tp = "TP " + std::to_string(problem.tensor_parallel);
    switch (problem.reason) {
        case ProblemReason::none:
            return "";
        case ProblemReason::weights:
            return weights_text(problem);
        case ProblemReason::no_kv_block:
            return problem.engine +
                   " would not start: the KV budget holds no whole block of every layer group";
        case ProblemReason::request_too_long:
            return problem.engine + " would not start: one request of " +
                   std::to_string(problem.sequence_length) + " tokens needs " +
                   gib(problem.needed_bytes) + " of KV cache per GPU, more than the " +
                   gib(problem.available_bytes) + " available (estimated maximum model length " +
                   std::to_string(problem.estimated_max_model_length) + ")";
        case ProblemReason::too_few_sequences:
            return "KV cache holds only " + std::to_string(problem.sequences_held) + " sequence" +
                   (problem.sequences_held == 1 ? "" : "s") + " of " +
                   std::to_string(problem.sequence_length) + " tokens, " +
                   std::to_string(problem.sequences_required) + " required";
        case ProblemReason::tp_exceeds_cores:
            return tp + " exceeds the instance's " + std::to_string(problem.device_count) +
                   " NeuronCores";
        case ProblemReason::tp_not_divisor:
            return tp + " does not divide the instance's " + std::to_string(problem.device_count) +
                   " accelerators";
        case ProblemReason::tp_attention_heads:
            return tp + " is invalid: " + std::to_string(problem.heads) +
                   " attention heads do not divide by " + std::to_string(problem.tensor_parallel);
        case ProblemReason::tp_kv_heads:
            return tp + " is invalid: " + std::to_string(problem.heads) +
                   " KV heads neither divide by " + std::to_string(problem.tensor_parallel) +
                   " nor divide it";
        case ProblemReason::host_memory:
            return "host memory " + gib(problem.available_bytes) + " is smaller than the " +
                   gib(problem.needed_bytes) + " of weights that load through it";
        case ProblemReason::speed_tpot:
            return "time per output token " + duration_text(problem.seconds) + " at " +
                   std::to_string(problem.concurrency) + " concurrent sequence" +
                   (problem.concurrency == 1 ? "" : "s") + " exceeds " +
                   duration_text(problem.limit_seconds);
        case ProblemReason::speed_ttft:
            return "time to first token " + duration_text(problem.seconds) +
                   (problem.static_batch ? " for a batch of " + std::to_string(problem.concurrency)
                                         : std::string(" at zero load")) +
                   " exceeds " + duration_text(problem.limit_seconds);
        case ProblemReason::engine_rule:
            return problem.words;
        case ProblemReason::strict_warning:
            return "--strict: " + problem.words;
    }
    return "";
}

}  // namespace llmsize::cli
