#include "speed_options.hpp"

#include <CLI/CLI.hpp>

#include "llmsize/error.hpp"
#include "llmsize/quantity.hpp"

namespace llmsize::cli {

void add_speed_options(CLI::App& app, SpeedFlags& flags) {
    app.add_option("--input-tokens", flags.input_tokens,
                   "Prompt tokens per request (2k = 2048): with --output-tokens, estimate speed "
                   "and $ per million tokens on every instance; --seq defaults to their sum")
        ->type_name("N");
    app.add_option("--output-tokens", flags.output_tokens,
                   "Generated tokens per request (with --input-tokens)")
        ->type_name("M");
    app.add_option("--max-ttft", flags.max_ttft,
                   "Time to first token target at zero load (500ms, 2s): an instance that misses "
                   "it does not meet the requirements")
        ->type_name("DURATION");
    app.add_option("--max-tpot", flags.max_tpot,
                   "Time per output token target (50ms); without --batch, the concurrency is the "
                   "largest that meets it")
        ->type_name("DURATION");
    app.add_option("--mbu", flags.mbu,
                   "Weight-read bandwidth efficiency, 0-1 (default: data/speed_factors.json)")
        ->type_name("FRACTION");
    app.add_option("--mfu", flags.mfu,
                   "Tensor-core efficiency of prefill, 0-1 (default: data/speed_factors.json)")
        ->type_name("FRACTION");
    app.add_option("--batching", flags.batching,
                   "continuous (default: in-flight batching, each step also prefills) or static "
                   "(a fixed batch prefills together, as older benchmarks ran)")
        ->type_name("MODE");
}

namespace {

double parse_efficiency(std::string_view flag, const std::string& text) {
    double value = 0;
    std::size_t used = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || text.empty() || !(value > 0) || value > 1) {
        throw Error(std::string(flag) + ": expected a fraction above 0 and at most 1, got " +
                    quote_value(text));
    }
    return value;
}

template <typename Parse>
auto for_flag(std::string_view flag, Parse parse) {
    try {
        return parse();
    } catch (const Error& error) {
        throw Error(std::string(flag) + ": " + error.what());
    }
}

}  // namespace

std::optional<SpeedRequest> build_speed_request(const SpeedFlags& flags) {
    const bool workload = !flags.input_tokens.empty() || !flags.output_tokens.empty();
    if (!workload) {
        for (const auto& [text, name] :
             {std::pair{&flags.max_ttft, "--max-ttft"}, std::pair{&flags.max_tpot, "--max-tpot"},
              std::pair{&flags.mbu, "--mbu"}, std::pair{&flags.mfu, "--mfu"},
              std::pair{&flags.batching, "--batching"}}) {
            if (!text->empty()) {
                throw Error(std::string(name) +
                            " needs a workload: give --input-tokens and --output-tokens");
            }
        }
        return std::nullopt;
    }
    if (flags.input_tokens.empty()) throw Error("--output-tokens needs --input-tokens too");
    if (flags.output_tokens.empty()) throw Error("--input-tokens needs --output-tokens too");
    SpeedRequest request;
    request.workload.input_tokens =
        for_flag("--input-tokens", [&] { return parse_sequence_length(flags.input_tokens); });
    request.workload.output_tokens =
        for_flag("--output-tokens", [&] { return parse_sequence_length(flags.output_tokens); });
    if (!flags.batching.empty()) {
        request.workload.batching =
            for_flag("--batching", [&] { return parse_batching(flags.batching); });
    }
    if (!flags.max_ttft.empty()) {
        request.max_ttft_s =
            for_flag("--max-ttft", [&] { return parse_duration_seconds(flags.max_ttft); });
    }
    if (!flags.max_tpot.empty()) {
        request.max_tpot_s =
            for_flag("--max-tpot", [&] { return parse_duration_seconds(flags.max_tpot); });
    }
    if (!flags.mbu.empty()) request.overrides.mbu = parse_efficiency("--mbu", flags.mbu);
    if (!flags.mfu.empty()) request.overrides.mfu = parse_efficiency("--mfu", flags.mfu);
    return request;
}

void default_sequence_to_workload(const std::optional<SpeedRequest>& speed,
                                  std::vector<std::string>& sequences) {
    if (!speed || !sequences.empty()) return;
    sequences.push_back(
        std::to_string(speed->workload.input_tokens + speed->workload.output_tokens));
}

}  // namespace llmsize::cli
