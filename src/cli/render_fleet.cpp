#include "render_fleet.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "llmsize/error.hpp"
#include "render.hpp"
#include "text_table.hpp"

namespace llmsize::cli {

namespace {

std::string_view status_name(FleetStatus status) {
    switch (status) {
        case FleetStatus::fits:
            return "fits";
        case FleetStatus::no_fit:
            return "fits_nowhere";
        case FleetStatus::error:
            return "error";
    }
    return "error";
}

std::string model_label(const FleetRow& row) {
    return row.input;
}

// "16/32".
std::string join_numbers(const std::vector<std::uint64_t>& numbers) {
    std::string text;
    for (const std::uint64_t number : numbers) {
        if (!text.empty()) text += '/';
        text += std::to_string(number);
    }
    return text;
}

// "16/32": the max batch at each --seq length; "-" where the instance does not fit.
std::string cell(const FleetRow& row, std::size_t instance) {
    if (row.status == FleetStatus::error) return "";
    if (!row.fits[instance]) return "-";
    return join_numbers(row.max_batch[instance]);
}

std::string best(const FleetReport& report, const FleetRow& row) {
    if (row.status == FleetStatus::error) return "error";
    return row.best_instance ? report.instances[*row.best_instance] : "none";
}

std::string price(const FleetReport& report, const FleetRow& row) {
    if (!row.best_instance || !report.price_usd_per_hour[*row.best_instance]) return "";
    return fmt::format("{:.2f}", *report.price_usd_per_hour[*row.best_instance]);
}

std::string weights(const FleetReport& report, const FleetRow& row) {
    if (row.status == FleetStatus::error) return "";
    return report.decimal_units ? format_gb(static_cast<std::int64_t>(row.weight_bytes))
                                : format_gib(static_cast<std::int64_t>(row.weight_bytes));
}

std::string lengths(const FleetReport& report) {
    return join_numbers(report.sequence_lengths);
}

std::vector<std::string> matrix_header(const FleetReport& report) {
    std::vector<std::string> header = {"Model",
                                       report.decimal_units ? "Weights [GB]" : "Weights [GiB]",
                                       "Best instance", "Price [$/h]"};
    for (const std::string& instance : report.instances)
        header.push_back(instance);
    return header;
}

std::vector<std::string> matrix_row(const FleetReport& report, const FleetRow& row) {
    std::vector<std::string> cells = {model_label(row), weights(report, row), best(report, row),
                                      price(report, row)};
    for (std::size_t i = 0; i < report.instances.size(); ++i)
        cells.push_back(cell(row, i));
    return cells;
}

// What the matrix cannot show: the models that fit nowhere and each bad input's message.
// Lines are wrapped to `columns` (the text table) or not at all (Markdown: npos).
void print_summary(const FleetReport& report, std::ostream& out, std::string_view bullet,
                   std::size_t columns) {
    std::string nowhere;
    for (const FleetRow& row : report.rows) {
        if (row.status == FleetStatus::no_fit) {
            if (!nowhere.empty()) nowhere += ", ";
            nowhere += model_label(row);
        }
    }
    out << '\n';
    for (const std::string& line :
         wrap_words(fmt::format("Fits nowhere ({}): {}", report.count(FleetStatus::no_fit),
                                nowhere.empty() ? "none" : nowhere),
                    columns, "", "  "))
        out << line << '\n';
    if (report.count(FleetStatus::error) == 0) return;
    out << fmt::format("\nErrors ({}):\n", report.count(FleetStatus::error));
    for (const FleetRow& row : report.rows) {
        if (row.status != FleetStatus::error) continue;
        for (const std::string& line : wrap_words(model_label(row) + ": " + row.error, columns,
                                                  bullet, std::string(bullet) + "  "))
            out << line << '\n';
    }
}

void render_fleet_table(const FleetReport& report, std::size_t columns, std::ostream& out) {
    for (const std::string& line : wrap_words(
             fmt::format("Max batch at --seq {} per instance ('-': does not fit)", lengths(report)),
             columns))
        out << line << '\n';
    out << '\n';
    TextTable table;
    const std::vector<std::string> header = matrix_header(report);
    for (std::size_t i = 0; i < header.size(); ++i) {
        const bool instance = i >= 4;
        std::string short_header = header[i];
        if (i == 1) short_header = report.decimal_units ? "GB" : "GiB";
        if (i == 2) short_header = "Best";
        if (i == 3) short_header = "$/h";
        if (instance && short_header.starts_with("ml.")) short_header.erase(0, 3);
        // A narrow terminal loses the last instances first; the model and its best stay.
        table.add_column(
            header[i], i == 0 || i == 2 ? TextTable::Align::left : TextTable::Align::right,
            short_header,
            instance
                ? TextTable::k_keep_always / 2 - static_cast<int>(std::min<std::size_t>(i, 400))
                : TextTable::k_keep_always);
    }
    for (const FleetRow& row : report.rows)
        table.add_row(matrix_row(report, row));
    std::vector<std::string> dropped = table.print_fitted(out, columns);
    std::reverse(dropped.begin(), dropped.end());  // catalog order
    if (!dropped.empty()) {
        std::string names;
        for (const std::string& name : dropped)
            names += (names.empty() ? "" : ", ") + name;
        for (const std::string& line :
             wrap_words(fmt::format("(not shown at {} columns: {}; --format csv has them all)",
                                    columns, names),
                        columns, "", " "))
            out << line << '\n';
    }
    print_summary(report, out, "  ", columns);
}

void render_fleet_markdown(const FleetReport& report, std::ostream& out) {
    out << fmt::format("Max batch at `--seq {}` per instance (`-`: does not fit)\n\n",
                       lengths(report));
    const std::vector<std::string> header = matrix_header(report);
    std::string line = "|";
    std::string rule = "|";
    for (std::size_t i = 0; i < header.size(); ++i) {
        line += fmt::format(" {} |", markdown_cell(header[i]));
        rule += i == 0 || i == 2 ? "---|" : "---:|";
    }
    out << line << '\n' << rule << '\n';
    for (const FleetRow& row : report.rows) {
        line.assign(1, '|');
        for (const std::string& text : matrix_row(report, row))
            line += fmt::format(" {} |", markdown_cell(text));
        out << line << '\n';
    }
    print_summary(report, out, "- ", std::string_view::npos);
}

// One line per model and instance (one per bad model), so that every cell is one value.
void render_fleet_csv(const FleetReport& report, std::ostream& out) {
    std::string header = "model,status,instance,fits,best,price_usd_per_hour,weight_bytes";
    for (const std::uint64_t length : report.sequence_lengths)
        header += fmt::format(",max_batch_{}", length);
    out << header << ",error\n";
    const std::string no_batches(report.sequence_lengths.size(), ',');
    for (const FleetRow& row : report.rows) {
        const std::string model = csv_field(model_label(row));
        if (row.status == FleetStatus::error) {
            out << model << ",error,,,,,," << no_batches
                << csv_field(printable_excerpt(row.error, 4096)) << '\n';
            continue;
        }
        for (std::size_t i = 0; i < report.instances.size(); ++i) {
            std::string line = fmt::format(
                "{},{},{},{},{},{},{}", model, status_name(row.status),
                csv_field(report.instances[i]), row.fits[i] ? "true" : "false",
                row.best_instance == i ? "true" : "false",
                report.price_usd_per_hour[i] ? fmt::format("{}", *report.price_usd_per_hour[i])
                                             : "",
                row.weight_bytes);
            for (const std::uint64_t batch : row.max_batch[i])
                line += fmt::format(",{}", batch);
            out << line << ",\n";
        }
    }
}

void render_fleet_json(const FleetReport& report, std::ostream& out) {
    nlohmann::json instances = nlohmann::json::array();
    for (std::size_t i = 0; i < report.instances.size(); ++i) {
        instances.push_back(
            {{"name", report.instances[i]},
             {"price_usd_per_hour", report.price_usd_per_hour[i]
                                        ? nlohmann::json(*report.price_usd_per_hour[i])
                                        : nlohmann::json(nullptr)}});
    }
    nlohmann::json models = nlohmann::json::array();
    nlohmann::json nowhere = nlohmann::json::array();
    for (const FleetRow& row : report.rows) {
        nlohmann::json entry = {{"input", row.input}, {"status", status_name(row.status)}};
        if (row.status == FleetStatus::error) {
            entry["error"] = row.error;
            models.push_back(std::move(entry));
            continue;
        }
        if (row.status == FleetStatus::no_fit) nowhere.push_back(row.input);
        entry["name"] = row.name ? nlohmann::json(*row.name) : nlohmann::json(nullptr);
        entry["parameters"] = row.parameters;
        entry["weight_bytes"] = row.weight_bytes;
        entry["kv_bytes_per_token"] = row.kv_bytes_per_token;
        entry["best_instance"] = row.best_instance
                                     ? nlohmann::json(report.instances[*row.best_instance])
                                     : nlohmann::json(nullptr);
        nlohmann::json max_batch = nlohmann::json::array();
        for (std::size_t i = 0; i < report.instances.size(); ++i)
            max_batch.push_back(row.fits[i] ? nlohmann::json(row.max_batch[i])
                                            : nlohmann::json(nullptr));
        entry["max_batch"] = std::move(max_batch);
        models.push_back(std::move(entry));
    }
    const nlohmann::json document = {{"schema_version", k_schema_version},
                                     {"sequence_lengths", report.sequence_lengths},
                                     {"instances", std::move(instances)},
                                     {"models", std::move(models)},
                                     {"fits_nowhere", std::move(nowhere)}};
    // Inputs are paths as given: bytes that are not UTF-8 become U+FFFD rather than an error.
    out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace

FleetFormat parse_fleet_format(std::string_view text) {
    if (text == "table") return FleetFormat::table;
    if (text == "csv") return FleetFormat::csv;
    if (text == "markdown") return FleetFormat::markdown;
    if (text == "json") return FleetFormat::json;
    throw Error("--format: unknown format " + quote_value(text) +
                ", expected table, json, csv or markdown");
}

void render_fleet(const FleetReport& report, FleetFormat format, std::size_t columns,
                  std::ostream& out) {
    switch (format) {
        case FleetFormat::table:
            render_fleet_table(report, columns, out);
            break;
        case FleetFormat::csv:
            render_fleet_csv(report, out);
            break;
        case FleetFormat::markdown:
            render_fleet_markdown(report, out);
            break;
        case FleetFormat::json:
            render_fleet_json(report, out);
            break;
    }
}

}  // namespace llmsize::cli
