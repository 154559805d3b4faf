// The workload flags (issue 12): --input-tokens, --output-tokens, --max-ttft, --max-tpot, --mbu,
// --mfu, --batching. They turn a sizing run into a speed and cost-per-token run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llmsize/speed_report.hpp"

namespace CLI {
class App;
}

namespace llmsize::cli {

struct SpeedFlags {
    std::string input_tokens;
    std::string output_tokens;
    std::string max_ttft;
    std::string max_tpot;
    std::string mbu;
    std::string mfu;
    std::string batching;
};

void add_speed_options(CLI::App& app, SpeedFlags& flags);

// The speed request the flags ask for; nullopt without --input-tokens and --output-tokens.
// Throws Error for a flag that needs the workload, or a bad value.
std::optional<SpeedRequest> build_speed_request(const SpeedFlags& flags);

// --seq defaults to input + output tokens when a workload is given and --seq is not.
void default_sequence_to_workload(const std::optional<SpeedRequest>& speed,
                                  std::vector<std::string>& sequences);

}  // namespace llmsize::cli
