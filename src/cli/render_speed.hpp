// Speed and cost per token (issue 12): the table section and the JSON object per instance.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <string>

#include "llmsize/sizing.hpp"

namespace llmsize::cli {

// JSON `workload`: input_tokens, output_tokens, batching.
nlohmann::json workload_json(const Workload& workload);

// JSON `instances[].speed`, with the field names.
nlohmann::json speed_json(const SpeedEstimate& speed);

// "Speed" table: one row per instance with an estimate, in the report's order (cheapest per
// output token first), at most `max_rows`, fitted to `columns`. Prints nothing when the report
// has no workload.
void print_speed_table(const SizingReport& report, std::size_t columns, std::size_t max_rows,
                       std::ostream& out);

// The recommendation's concurrency, latencies and cost per token, for a "Speed" row under it;
// empty when it has no estimate.
std::string speed_recommendation_text(const SizingReport& report);

}  // namespace llmsize::cli
