// The instance catalog: accelerators, their memory, prices, each figure with its source and date.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/device.hpp"

namespace llmsize {

struct Instance {
    std::string name;                  // "ml.g5.12xlarge"
    std::vector<std::string> aliases;  // "g5.12xlarge" (the EC2 name)
    std::string family;                // "g5"
    std::string accelerator;           // "A10G"
    std::uint64_t accelerator_count = 0;
    // Per accelerator: as marketed (decimal GB, the guide's figure) and as nvidia-smi reports it.
    std::uint64_t accelerator_memory_bytes_marketed = 0;
    std::uint64_t accelerator_memory_bytes_usable = 0;
    // The device total CUDA reports (cudaMemGetInfo), what CUDA engines multiply by their memory
    // fraction; looked up in data/accelerators.json by accelerator name. 0 when unknown (Neuron).
    std::uint64_t accelerator_memory_bytes_cuda_visible = 0;
    std::uint64_t accelerator_sm_count = 0;  // streaming multiprocessors; 0 when unknown
    std::uint64_t vcpus = 0;
    std::uint64_t host_memory_bytes = 0;
    std::string interconnect;
    std::uint64_t neuron_cores = 0;  // AWS Neuron devices (inf2, trn1): NeuronCores in all
    std::optional<double> price_usd_per_hour;  // on-demand
    std::string price_region;
    std::string price_date;  // YYYY-MM-DD, or empty when the source is undated
    std::string price_source;
    std::string source;  // where the hardware figures come from
    // EC2 on-demand price of the same machine (--pricing ec2), with its own date and source.
    std::optional<double> ec2_price_usd_per_hour;
    std::string ec2_price_region;
    std::string ec2_price_date;
    std::string ec2_price_source;
    // Why a price is absent ("reserved capacity only"), or how it was derived; may be empty.
    std::string price_note;
    std::string catalog_origin;  // "data/instances.json" or the --catalog file it came from
    // What the accelerator runs (data/accelerators.json "capabilities"; "runtime" in an entry
    // overrides the table's).
    DeviceCapabilities device;

    // The instance's accelerator memory in all, as marketed and as nvidia-smi reports it: per
    // accelerator × accelerator_count. Throws Error on overflow.
    std::uint64_t total_accelerator_memory_bytes_marketed() const;
    std::uint64_t total_accelerator_memory_bytes_usable() const;

    bool operator==(const Instance&) const = default;
};

enum class Pricing { sagemaker, ec2 };
std::string_view pricing_name(Pricing pricing);  // "sagemaker", "ec2"
Pricing parse_pricing(std::string_view text);    // throws Error naming the accepted values

// The instance with its price fields set from `pricing` (SageMaker's are the catalog's own).
Instance priced_as(const Instance& instance, Pricing pricing);

struct Catalog {
    std::vector<Instance> instances;
    std::string description;  // what the catalog is and its date

    // Accepts the name with or without "ml." and EC2 aliases; case-insensitive. Null if unknown.
    const Instance* find(std::string_view name) const;
    // Like find, but throws Error with a "did you mean" suggestion.
    const Instance& get(std::string_view name) const;
};

// Validates and reads a catalog document (schema in docs/catalog.md); `origin` names it in errors.
Catalog parse_catalog(const nlohmann::json& document, std::string_view origin);

// The catalog compiled into the binary from data/instances.json.
const Catalog& bundled_catalog();

// Reads a catalog file (same schema as data/instances.json). Its entries replace bundled ones
// of the same name and add the others; with "replace_bundled": true it is the whole catalog.
Catalog load_catalog_file(const std::filesystem::path& path, const Catalog& bundled);

// A catalog of one configuration: `count` bare accelerators of a kind from data/accelerators.json
// ("h100-80gb", "a10g", ...), unpriced. Throws Error with a suggestion for an unknown kind.
Catalog bare_accelerators(std::string_view kind, std::uint64_t count);

// Names of the bare accelerator kinds, for help and errors.
std::vector<std::string> accelerator_kinds();

// The instances whose family (the name's first part, "g5" in ml.g5.12xlarge) is one of
// `families`; throws Error for a family the catalog does not have.
Catalog filter_families(const Catalog& catalog, const std::vector<std::string>& families);

// The named instances, in the order given; throws Error with a suggestion for an unknown name.
Catalog filter_instances(const Catalog& catalog, const std::vector<std::string>& names);

}  // namespace llmsize
