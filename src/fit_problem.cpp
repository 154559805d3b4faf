#include "llmsize/fit_problem.hpp"

namespace llmsize {

std::string_view problem_reason_name(ProblemReason reason) {
    switch (reason) {
        case ProblemReason::none:
            return "none";
        case ProblemReason::weights:
            return "weights";
        case ProblemReason::no_kv_block:
            return "no_kv_block";
        case ProblemReason::request_too_long:
            return "request_too_long";
        case ProblemReason::too_few_sequences:
            return "too_few_sequences";
        case ProblemReason::tp_exceeds_cores:
            return "tp_exceeds_cores";
        case ProblemReason::tp_not_divisor:
            return "tp_not_divisor";
        case ProblemReason::tp_attention_heads:
            return "tp_attention_heads";
        case ProblemReason::tp_kv_heads:
            return "tp_kv_heads";
        case ProblemReason::host_memory:
            return "host_memory";
        case ProblemReason::speed_tpot:
            return "speed_tpot";
        case ProblemReason::speed_ttft:
            return "speed_ttft";
        case ProblemReason::engine_rule:
            return "engine_rule";
        case ProblemReason::strict_warning:
            return "strict_warning";
    }
    return "none";
}

}  // namespace llmsize
