// Sizes many models against one catalog in one run (`llmsize fleet`): a models × instances
// matrix of max batch per sequence length, the best instance per model, and the models that fit
// nowhere. One bad model becomes one error row; it does not end the run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/catalog.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize {

// What a fleet argument names, decided by classify_fleet_input.
enum class FleetInputKind {
    config,  // a config.json, or a folder holding one (checkpoint folders included)
    gguf,    // a llama.cpp GGUF file
    preset,  // a bundled preset name or its HuggingFace id (ORG/NAME)
};

struct FleetInput {
    std::string text;  // as given
    FleetInputKind kind = FleetInputKind::preset;
};

// A *.gguf name is a GGUF file; a *.json name, an existing folder or a path starting with '/',
// './' or '../' is a config; anything else is a preset name or ORG/NAME id (an unknown one fails
// later, as its model's error row).
FleetInput classify_fleet_input(std::string_view text);

// The inputs listed in a `--from` file: one per line; blank lines and lines starting with '#'
// are skipped, surrounding spaces trimmed. Relative paths are taken as given (from the current
// folder). Throws Error when the file cannot be read or lists nothing.
std::vector<std::string> read_fleet_list(const std::filesystem::path& path);
// The same for `--from -`: the list on standard input, read with the same bound.
std::vector<std::string> read_fleet_list(std::istream& in);

enum class FleetStatus {
    fits,    // at least one instance meets every requirement
    no_fit,  // the model was sized, but no instance meets them
    error,   // the input was bad: `error` says why
};

// One model's row. `max_batch` is indexed [instance][sequence], in catalog and --seq order;
// 0 where the instance does not fit.
struct FleetRow {
    std::string input;
    FleetStatus status = FleetStatus::error;
    std::string error;
    std::optional<std::string> name;  // the model's name, when it has one
    std::uint64_t parameters = 0;
    std::uint64_t weight_bytes = 0;
    std::uint64_t kv_bytes_per_token = 0;
    std::vector<bool> fits;                             // per instance
    std::vector<std::vector<std::uint64_t>> max_batch;  // per instance, per sequence length
    std::optional<std::size_t> best_instance;           // index into FleetReport::instances
};

struct FleetReport {
    std::vector<std::string> instances;                     // catalog order: the matrix's columns
    std::vector<std::optional<double>> price_usd_per_hour;  // per instance
    std::vector<std::uint64_t> sequence_lengths;
    bool decimal_units = false;  // the engine counts memory in decimal GB (engine raw)
    std::vector<FleetRow> rows;  // input order

    std::size_t count(FleetStatus status) const;
};

// Builds the request for one input; throws Error when the input is bad.
using FleetRequestBuilder = std::function<SizingRequest(const FleetInput&)>;

// Sizes every input against `catalog`. An Error from `build_request` or from sizing becomes that
// input's error row. The best instance is the one size_deployment recommends.
FleetReport size_fleet(std::span<const std::string> inputs,
                       const FleetRequestBuilder& build_request, const Catalog& catalog);

}  // namespace llmsize
