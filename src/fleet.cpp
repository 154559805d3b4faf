#include "llmsize/fleet.hpp"

#include <algorithm>
#include <unordered_map>

#include "llmsize/config.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {
constexpr std::uintmax_t k_max_fleet_list_bytes = 16 * 1024 * 1024;

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}
}  // namespace

FleetInput classify_fleet_input(std::string_view text) {
    const std::filesystem::path path(text);
    std::error_code error;
    const std::string extension = to_lower(path.extension().string());
    const std::string owned(text);
    if (extension == ".gguf") return {owned, FleetInputKind::gguf};
    if (extension == ".json" || std::filesystem::is_directory(path, error))
        return {owned, FleetInputKind::config};
    // Spelled as a path but missing: reading it says so, which beats "unknown model".
    if (text.starts_with('/') || text.starts_with("./") || text.starts_with("../"))
        return {owned, FleetInputKind::config};
    return {owned, FleetInputKind::preset};
}

namespace {

std::vector<std::string> parse_fleet_list(std::string_view text, std::string_view source) {
    std::vector<std::string> inputs;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        const std::string_view line = trim(text.substr(start, end - start));
        if (!line.empty() && !line.starts_with('#')) inputs.emplace_back(line);
        start = end + 1;
    }
    if (inputs.empty()) throw Error("--from " + std::string(source) + " lists no models");
    return inputs;
}

}  // namespace

std::vector<std::string> read_fleet_list(const std::filesystem::path& path) {
    return parse_fleet_list(read_file_bounded(path, k_max_fleet_list_bytes),
                            quote_value(path.string()));
}

std::vector<std::string> read_fleet_list(std::istream& in) {
    return parse_fleet_list(
        read_stream_bounded(in, k_max_fleet_list_bytes, "reading standard input"), "-");
}

std::size_t FleetReport::count(FleetStatus status) const {
    return static_cast<std::size_t>(std::count_if(
        rows.begin(), rows.end(), [&](const FleetRow& row) { return row.status == status; }));
}

FleetReport size_fleet(std::span<const std::string> inputs,
                       const FleetRequestBuilder& build_request, const Catalog& catalog) {
    FleetReport report;
    std::unordered_map<std::string_view, std::size_t> column;
    for (const Instance& instance : catalog.instances) {
        column.emplace(instance.name, report.instances.size());
        report.instances.push_back(instance.name);
        report.price_usd_per_hour.push_back(instance.price_usd_per_hour);
    }
    report.rows.reserve(inputs.size());
    for (const std::string& text : inputs) {
        FleetRow row;
        row.input = text;
        try {
            const SizingRequest request = build_request(classify_fleet_input(text));
            const SizingReport sized = size_deployment(request, catalog);
            if (report.rows.empty() || report.sequence_lengths.empty()) {
                report.sequence_lengths = request.sequence_lengths;
                report.decimal_units =
                    engine_profile(request.engine.engine).memory == MemoryCounted::marketed;
            }
            row.name = sized.model.name;
            row.parameters = sized.model.parameters;
            row.weight_bytes = sized.weight_bytes;
            row.kv_bytes_per_token = sized.kv_bytes_per_token;
            row.fits.assign(report.instances.size(), false);
            row.max_batch.assign(report.instances.size(),
                                 std::vector<std::uint64_t>(request.sequence_lengths.size(), 0));
            for (const InstanceFit& fit : sized.instances) {
                const auto it = column.find(fit.instance.name);
                if (it == column.end()) continue;
                row.fits[it->second] = fit.fits;
                for (std::size_t s = 0;
                     s < fit.batches.size() && s < row.max_batch[it->second].size(); ++s)
                    row.max_batch[it->second][s] = fit.batches[s].max_batch;
            }
            if (sized.recommended) {
                const auto it = column.find(*sized.recommended);
                if (it != column.end()) row.best_instance = it->second;
            }
            row.status = sized.recommended ? FleetStatus::fits : FleetStatus::no_fit;
        } catch (const Error& error) {
            row.status = FleetStatus::error;
            row.error = error.what();
        } catch (const std::exception& error) {
            row.status = FleetStatus::error;
            row.error = std::string("internal error: ") + error.what();
        }
        report.rows.push_back(std::move(row));
    }
    return report;
}

}  // namespace llmsize
