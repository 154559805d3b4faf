// Speed and cost per token (issue 12): the table section and the JSON object per instance.
#pragma once

#include <iosfwd>
#include <nlohmann/json_fwd.hpp>

#include "llmsize/sizing.hpp"

namespace llmsize::cli {

// JSON `workload`: input_tokens, output_tokens, batching.
nlohmann::json workload_json(const Workload& workload);

// JSON `instances[].speed`, with the field names.
nlohmann::json speed_json(const SpeedEstimate& speed);

// "Speed" table: one row per instance with an estimate, in the report's order (cheapest per
// output token first). Prints nothing when the report has no workload.
void print_speed_table(const SizingReport& report, std::ostream& out);

// "Speed: ..." under the recommendation: its concurrency, latencies and cost per token.
void print_speed_recommendation(const SizingReport& report, std::ostream& out);

}  // namespace llmsize::cli
