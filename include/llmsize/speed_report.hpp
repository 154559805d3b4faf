// Speed and cost per token for every instance of a sizing report, at the concurrency the request
// asks for or the largest that meets its latency targets; ranking by cost per output token.
#pragma once

#include <optional>

#include "llmsize/sizing.hpp"
#include "llmsize/speed.hpp"

namespace llmsize {

struct SpeedRequest {
    Workload workload;
    std::optional<double> max_ttft_s;  // --max-ttft: zero-load time to first token
    std::optional<double> max_tpot_s;  // --max-tpot: time per output token at the concurrency
    SpeedOverrides overrides;          // --mbu, --mfu
};

// Sets `speed` on every fitting instance that has speed facts. The concurrency is the report's
// --batch, else the largest within the KV capacity for input + output tokens and the engine's
// max_num_seqs (per copy) that meets the targets. An instance that misses a target no longer
// fits (ProblemKind::speed, the figures in FitProblem). Fitting instances are then ranked by $ per
// million output tokens (those without a speed estimate after), the recommendation is the first
// that fits, and the notes say what the estimates are and which factors they used.
void add_speed(SizingReport& report, const SpeedRequest& request);

// The speed setup of one fitting instance: the report's model and formats on its layout, with the
// factors for its engine and device.
SpeedSetup speed_setup_for(const SizingReport& report, const InstanceFit& fit,
                           const SpeedOverrides& overrides);

// Sequences the instance runs at once for requests of `length` tokens: its KV capacity, capped by
// the engine's max_num_seqs per copy.
std::uint64_t speed_capacity(const InstanceFit& fit, std::uint64_t length);

}  // namespace llmsize
