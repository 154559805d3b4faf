#include "render_speed.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <ostream>

#include "llmsize/error.hpp"
#include "text_table.hpp"

namespace llmsize::cli {

nlohmann::json workload_json(const Workload& workload) {
    return {{"input_tokens", workload.input_tokens},
            {"output_tokens", workload.output_tokens},
            {"batching", batching_name(workload.batching)}};
}

nlohmann::json speed_json(const SpeedEstimate& speed) {
    const auto optional = [](const std::optional<double>& value) {
        return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
    };
    return {
        {"concurrency", speed.concurrency},
        {"ttft_s", speed.ttft_s},
        {"tpot_s", speed.tpot_s},
        {"per_user_output_tokens_per_s", speed.per_user_output_tokens_per_s},
        {"output_tokens_per_s", speed.output_tokens_per_s},
        {"usd_per_million_output_tokens", optional(speed.usd_per_million_output_tokens)},
        {"usd_per_million_tokens", optional(speed.usd_per_million_tokens)},
        {"bound", speed_bound_name(speed.bound)},
        {"regime", batching_name(speed.regime)},
    };
}

void print_speed_table(const SizingReport& report, std::size_t columns, std::size_t max_rows,
                       std::ostream& out) {
    if (!report.workload) return;
    TextTable table;
    using Align = TextTable::Align;
    table.add_column("Instance", Align::left);
    table.add_column("Seqs", Align::right);
    table.add_column("TTFT [ms]", Align::right, "TTFT ms", 50);
    table.add_column("TPOT [ms]", Align::right, "TPOT ms");
    table.add_column("Tok/s/user", Align::right, "tok/s/u", 40);
    table.add_column("Tok/s", Align::right);
    table.add_column("$/M out", Align::right);
    table.add_column("$/M all", Align::right, "", 30);
    table.add_column("Bound", Align::left, "", 20);
    std::size_t rows = 0;
    std::size_t more = 0;
    for (const InstanceFit& fit : report.instances) {
        if (!fit.speed) continue;
        if (rows == max_rows) {
            ++more;
            continue;
        }
        const SpeedEstimate& speed = *fit.speed;
        const auto usd = [](const std::optional<double>& value) {
            return value ? fmt::format("{:.3f}", *value) : std::string("-");
        };
        table.add_row({printable_text(fit.instance.name), group_digits(speed.concurrency),
                       fmt::format("{:.0f}", speed.ttft_s * 1e3),
                       fmt::format("{:.1f}", speed.tpot_s * 1e3),
                       fmt::format("{:.1f}", speed.per_user_output_tokens_per_s),
                       group_digits(static_cast<std::uint64_t>(speed.output_tokens_per_s + 0.5)),
                       usd(speed.usd_per_million_output_tokens), usd(speed.usd_per_million_tokens),
                       std::string(speed_bound_name(speed.bound))});
        ++rows;
    }
    out << '\n';
    for (const std::string& line :
         wrap_words(fmt::format("Speed, estimated: {} input + {} output tokens per request, {} "
                                "batching",
                                group_digits(report.workload->input_tokens),
                                group_digits(report.workload->output_tokens),
                                batching_name(report.workload->batching)),
                    columns, "", "  "))
        out << line << '\n';
    if (rows == 0) {
        out << "  no instance that meets the requirements has an estimate\n";
        return;
    }
    table.print_fitted(out, columns);
    if (more > 0) out << fmt::format("{} more estimated: --top N or --all lists them\n", more);
}

std::string speed_recommendation_text(const SizingReport& report) {
    if (!report.recommended || report.instances.empty() || !report.instances.front().speed)
        return {};
    const SpeedEstimate& speed = *report.instances.front().speed;
    return fmt::format(
        "{} concurrent sequences: time to first token {:.0f} ms (zero load), {:.1f} ms per output "
        "token, {} output tokens/s{}",
        group_digits(speed.concurrency), speed.ttft_s * 1e3, speed.tpot_s * 1e3,
        group_digits(static_cast<std::uint64_t>(speed.output_tokens_per_s + 0.5)),
        speed.usd_per_million_output_tokens ? fmt::format(", ${:.3f} per million output tokens",
                                                          *speed.usd_per_million_output_tokens)
                                            : std::string());
}

}  // namespace llmsize::cli
