#include "llmsize/catalog.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "bundled_tables.hpp"
#include "embedded.hpp"
#include "field_reader.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {
// Bounds that catch unit mistakes (GiB typed as MiB) and absurd values.
constexpr std::uint64_t k_max_accelerators = 1024;
constexpr std::uint64_t k_max_accelerator_gb = 100'000;
constexpr std::uint64_t k_max_accelerator_mib = 100'000'000;
constexpr std::uint64_t k_max_host_gib = 1'000'000;
// Multi-node prices multiply this by up to 64 nodes: far from overflowing to "$inf/h".
constexpr std::uint64_t k_max_price_usd_per_hour = 1'000'000;

std::string strip_ml_prefix(std::string_view name) {
    const std::string lower = to_lower(name);
    return lower.starts_with("ml.") ? lower.substr(3) : lower;
}

// strip_ml_prefix(name) == wanted, without building a string: lookups stay cheap when a command
// line names thousands of instances.
bool same_stripped_name(std::string_view name, std::string_view wanted) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (name.size() >= 3 && lower(name[0]) == 'm' && lower(name[1]) == 'l' && name[2] == '.')
        name.remove_prefix(3);
    if (name.size() != wanted.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (lower(name[i]) != wanted[i]) return false;
    }
    return true;
}

// A citation given either in full or as a key of the document's "sources" table.
std::string resolve_source(const std::string& text, const nlohmann::json* sources) {
    if (sources != nullptr && sources->is_object()) {
        const auto it = sources->find(text);
        if (it != sources->end() && it->is_string()) return it->get<std::string>();
    }
    return text;
}

void add_cuda_visible_memory(Instance& instance);

// Every key a catalog file may use; keys that start with "_" are comments. Anything else is a
// typo that would otherwise be ignored silently ("acelerator_count"), so it is an error.
constexpr std::array k_document_keys = {"schema_version", "description",     "generated_from",
                                        "researched",     "replace_bundled", "sources",
                                        "instances"};
constexpr std::array k_instance_keys = {"name",
                                        "aliases",
                                        "family",
                                        "accelerator",
                                        "accelerator_count",
                                        "accelerator_memory_gb_marketed",
                                        "accelerator_memory_mib_usable",
                                        "accelerator_memory_mib_cuda_visible",
                                        "vcpus",
                                        "host_memory_gib",
                                        "interconnect",
                                        "neuron_cores",
                                        "price_usd_per_hour",
                                        "price_kind",
                                        "price_region",
                                        "price_date",
                                        "price_source",
                                        "ec2_price_usd_per_hour",
                                        "ec2_price_region",
                                        "ec2_price_date",
                                        "ec2_price_source",
                                        "price_note",
                                        "runtime",
                                        "source"};

template <std::size_t N>
void reject_unknown_keys(const nlohmann::json& object, const FieldReader& reader,
                         const std::array<const char*, N>& known) {
    const std::vector<std::string> names(known.begin(), known.end());
    for (const auto& [key, value] : object.items()) {
        if (key.starts_with("_") || std::find(names.begin(), names.end(), key) != names.end()) {
            continue;
        }
        std::string message = "is not a catalog key";
        message += did_you_mean(
            key, names, " (docs/catalog.md lists them; keys starting with '_' are comments)");
        reader.fail(printable_excerpt(key), message);
    }
}

Instance read_instance(const FieldReader& entry, const nlohmann::json* sources) {
    Instance instance;
    instance.name = entry.string("name");
    if (const nlohmann::json* aliases = entry.raw("aliases")) {
        if (!aliases->is_array())
            entry.fail("aliases", "must be an array of names, " + describe_json_value(*aliases));
        for (const nlohmann::json& alias : *aliases) {
            if (!alias.is_string())
                entry.fail("aliases", "must hold names, " + describe_json_value(alias));
            instance.aliases.push_back(alias.get<std::string>());
        }
    }
    instance.family = entry.optional_string("family").value_or(
        strip_ml_prefix(instance.name).substr(0, strip_ml_prefix(instance.name).find('.')));
    instance.accelerator = entry.string("accelerator");
    instance.accelerator_count = entry.positive("accelerator_count", k_max_accelerators);
    instance.accelerator_memory_bytes_marketed =
        checked_mul(entry.positive("accelerator_memory_gb_marketed", k_max_accelerator_gb),
                    k_bytes_per_gb, "accelerator memory");
    instance.accelerator_memory_bytes_usable =
        checked_mul(entry.positive("accelerator_memory_mib_usable", k_max_accelerator_mib),
                    k_bytes_per_mib, "accelerator memory");
    instance.vcpus = entry.non_negative_or("vcpus", 0);
    instance.host_memory_bytes =
        checked_mul(entry.non_negative_or("host_memory_gib", 0, k_max_host_gib), k_bytes_per_gib,
                    "host memory");
    instance.interconnect = entry.optional_string("interconnect").value_or("");
    instance.neuron_cores = entry.non_negative_or("neuron_cores", 0, 4096);
    instance.price_usd_per_hour = entry.optional_non_negative_number("price_usd_per_hour");
    if (instance.price_usd_per_hour && *instance.price_usd_per_hour > k_max_price_usd_per_hour) {
        entry.fail("price_usd_per_hour", "must be at most " +
                                             std::to_string(k_max_price_usd_per_hour) +
                                             " dollars per hour, " +
                                             describe_json_value(*entry.raw("price_usd_per_hour")));
    }
    instance.price_region = entry.optional_string("price_region").value_or("");
    instance.price_date = entry.optional_string("price_date").value_or("");
    instance.price_source =
        resolve_source(entry.optional_string("price_source").value_or(""), sources);
    instance.source = resolve_source(entry.string("source"), sources);
    add_cuda_visible_memory(instance);
    if (entry.raw("accelerator_memory_mib_cuda_visible")) {
        instance.accelerator_memory_bytes_cuda_visible = checked_mul(
            entry.positive("accelerator_memory_mib_cuda_visible", k_max_accelerator_mib),
            k_bytes_per_mib, "accelerator memory");
    }
    instance.ec2_price_usd_per_hour = entry.optional_non_negative_number("ec2_price_usd_per_hour");
    instance.ec2_price_region = entry.optional_string("ec2_price_region").value_or("");
    instance.ec2_price_date = entry.optional_string("ec2_price_date").value_or("");
    instance.ec2_price_source =
        resolve_source(entry.optional_string("ec2_price_source").value_or(""), sources);
    instance.price_note = entry.optional_string("price_note").value_or("");
    instance.device = device_capabilities(instance.accelerator);
    if (const std::optional<std::string> runtime = entry.optional_string("runtime")) {
        try {
            instance.device.runtime = parse_runtime(*runtime);
        } catch (const Error& error) {
            entry.fail("runtime", error.what());
        }
        if (!instance.device.known) {
            instance.device.known = true;
            instance.device.architecture = instance.accelerator;
        }
    }
    return instance;
}
}  // namespace

Catalog parse_catalog(const nlohmann::json& document, std::string_view origin) {
    if (!document.is_object()) {
        throw Error("reading catalog " + quote_value(origin) +
                    ": expected a JSON object with an 'instances' array");
    }
    const std::string context = "reading catalog " + quote_value(origin);
    const FieldReader root(document, context);
    const nlohmann::json* list = root.raw("instances");
    if (list == nullptr || !list->is_array())
        root.fail("instances", "must be an array of instances");
    reject_unknown_keys(document, root, k_document_keys);
    Catalog catalog;
    catalog.description = root.optional_string("description").value_or(std::string(origin));
    std::unordered_set<std::string> names;  // by strip_ml_prefix: near-linear for any size
    for (std::size_t i = 0; i < list->size(); ++i) {
        const FieldReader entry((*list)[i], context, "instances[" + std::to_string(i) + "].");
        if (!(*list)[i].is_object())
            root.fail("'instances[" + std::to_string(i) + "]' must be an object");
        reject_unknown_keys((*list)[i], entry, k_instance_keys);
        Instance instance = read_instance(entry, root.raw("sources"));
        instance.catalog_origin = std::string(origin);
        if (!names.insert(strip_ml_prefix(instance.name)).second) {
            entry.fail("name", quote_value(instance.name) + " appears twice");
        }
        catalog.instances.push_back(std::move(instance));
    }
    return catalog;
}

std::string_view pricing_name(Pricing pricing) {
    return pricing == Pricing::ec2 ? "ec2" : "sagemaker";
}

Pricing parse_pricing(std::string_view text) {
    const std::string lower = to_lower(text);
    if (lower == "sagemaker") return Pricing::sagemaker;
    if (lower == "ec2") return Pricing::ec2;
    throw Error("unknown pricing " + quote_value(text) + ", expected sagemaker or ec2");
}

Instance priced_as(const Instance& instance, Pricing pricing) {
    if (pricing == Pricing::sagemaker) return instance;
    Instance priced = instance;
    priced.price_usd_per_hour = instance.ec2_price_usd_per_hour;
    priced.price_region = instance.ec2_price_region;
    priced.price_date = instance.ec2_price_date;
    priced.price_source = instance.ec2_price_source;
    priced.price_note = instance.ec2_price_usd_per_hour ? "" : "no EC2 on-demand price";
    return priced;
}

const Instance* Catalog::find(std::string_view name) const {
    const std::string wanted = strip_ml_prefix(name);
    for (const Instance& instance : instances) {
        if (same_stripped_name(instance.name, wanted)) return &instance;
        for (const std::string& alias : instance.aliases) {
            if (same_stripped_name(alias, wanted)) return &instance;
        }
    }
    return nullptr;
}

const Instance& Catalog::get(std::string_view name) const {
    if (const Instance* instance = find(name)) return *instance;
    std::vector<std::string> names;
    for (const Instance& instance : instances)
        names.push_back(instance.name);
    std::string message = "unknown instance " + quote_value(name);
    message += did_you_mean(name, names, "; 'llmsize instances' lists the catalog");
    throw Error(message);
}

const Catalog& bundled_catalog() {
    static const Catalog catalog = tables::bundled_catalog();  // compiled from data/instances.json
    return catalog;
}

}  // namespace llmsize

namespace llmsize {

std::uint64_t Instance::total_accelerator_memory_bytes_marketed() const {
    return checked_mul(accelerator_memory_bytes_marketed, accelerator_count, "instance memory");
}

std::uint64_t Instance::total_accelerator_memory_bytes_usable() const {
    return checked_mul(accelerator_memory_bytes_usable, accelerator_count, "instance memory");
}

Catalog load_catalog_file(const std::filesystem::path& path, const Catalog& bundled) {
    const std::string text = read_file_bounded(path, k_max_config_file_bytes);
    const nlohmann::json document = parse_json_text(text, path.string());
    Catalog added = parse_catalog(document, path.string());
    const FieldReader root(document, "reading catalog " + quote_value(path.string()));
    const bool replace = root.boolean_or("replace_bundled", false);
    if (replace) return added;
    Catalog merged = bundled;
    merged.description += "; with " + path.string();
    std::unordered_map<std::string, std::size_t> position;  // strip_ml_prefix(name) → index
    for (std::size_t i = 0; i < merged.instances.size(); ++i)
        position.emplace(strip_ml_prefix(merged.instances[i].name), i);
    for (Instance& instance : added.instances) {
        const std::string key = strip_ml_prefix(instance.name);
        if (const auto same = position.find(key); same != position.end()) {
            merged.instances[same->second] = std::move(instance);
        } else {
            position.emplace(key, merged.instances.size());
            merged.instances.push_back(std::move(instance));
        }
    }
    return merged;
}

namespace {
// One bare accelerator of data/accelerators.json ("accelerators"), for --gpu.
struct AcceleratorRow {
    std::string name;  // "h100-80gb"
    std::vector<std::string> aliases;
    std::string accelerator;  // "H100-80GB", as catalog instances name it
    std::uint64_t memory_gb_marketed = 0;
    std::uint64_t memory_mib_usable = 0;
    std::optional<std::uint64_t> memory_mib_cuda_visible;
    std::optional<std::uint64_t> sm_count;
    std::string evidence;
};

// The rows, read once through FieldReader like every other data file.
const std::vector<AcceleratorRow>& accelerator_table() {
    static const std::vector<AcceleratorRow> table = [] {
        const nlohmann::json document = parse_trusted_json(embedded::k_accelerators_json);
        const FieldReader root(document, reading_context("data/accelerators.json"));
        const nlohmann::json* entries = root.raw("accelerators");
        if (entries == nullptr || !entries->is_array())
            root.fail("accelerators", "must be an array");
        std::vector<AcceleratorRow> rows;
        rows.reserve(entries->size());
        for (std::size_t i = 0; i < entries->size(); ++i) {
            const FieldReader entry((*entries)[i], root.context(),
                                    "accelerators[" + std::to_string(i) + "].");
            AcceleratorRow row;
            row.name = entry.string("name");
            if (const nlohmann::json* aliases = entry.raw("aliases")) {
                if (!aliases->is_array()) entry.fail("aliases", "must be an array of names");
                for (const nlohmann::json& alias : *aliases) {
                    if (!alias.is_string()) entry.fail("aliases", "must hold names");
                    row.aliases.push_back(alias.get<std::string>());
                }
            }
            row.accelerator = entry.string("accelerator");
            row.memory_gb_marketed = entry.positive("memory_gb_marketed");
            row.memory_mib_usable = entry.positive("memory_mib_usable");
            row.memory_mib_cuda_visible = entry.optional_positive("memory_mib_cuda_visible");
            row.sm_count = entry.optional_positive("sm_count");
            row.evidence = entry.string("evidence");
            rows.push_back(std::move(row));
        }
        return rows;
    }();
    return table;
}

void copy_cuda_fields(Instance& instance, const AcceleratorRow& row) {
    if (row.memory_mib_cuda_visible)
        instance.accelerator_memory_bytes_cuda_visible =
            *row.memory_mib_cuda_visible * k_bytes_per_mib;
    if (row.sm_count) instance.accelerator_sm_count = *row.sm_count;
}

// Catalog instances name their accelerator ("H100-80GB"); the CUDA-visible total and the SM
// count come from data/accelerators.json, the one place each accelerator is described.
void add_cuda_visible_memory(Instance& instance) {
    const std::string wanted = to_lower(instance.accelerator);
    for (const AcceleratorRow& row : accelerator_table()) {
        if (to_lower(row.accelerator) == wanted) {
            copy_cuda_fields(instance, row);
            return;
        }
    }
}
}  // namespace

std::vector<std::string> accelerator_kinds() {
    std::vector<std::string> names;
    for (const AcceleratorRow& row : accelerator_table())
        names.push_back(row.name);
    return names;
}

Catalog bare_accelerators(std::string_view kind, std::uint64_t count) {
    if (count == 0 || count > k_max_accelerators) {
        throw Error("--gpus must be between 1 and " + std::to_string(k_max_accelerators) +
                    ", got " + std::to_string(count));
    }
    const std::string wanted = to_lower(kind);
    for (const AcceleratorRow& row : accelerator_table()) {
        const bool match = row.name == wanted || std::find(row.aliases.begin(), row.aliases.end(),
                                                           wanted) != row.aliases.end();
        if (!match) continue;
        Instance instance;
        instance.accelerator = row.accelerator;
        instance.name = std::to_string(count) + " x " + instance.accelerator;
        instance.family = "bare";
        instance.accelerator_count = count;
        instance.accelerator_memory_bytes_marketed = row.memory_gb_marketed * k_bytes_per_gb;
        instance.accelerator_memory_bytes_usable = row.memory_mib_usable * k_bytes_per_mib;
        instance.source = "data/accelerators.json: " + row.evidence;
        copy_cuda_fields(instance, row);
        instance.catalog_origin = "data/accelerators.json";
        instance.device = device_capabilities(instance.accelerator);
        return Catalog{{instance}, "bare accelerators"};
    }
    std::string message = "unknown accelerator " + quote_value(kind);
    const std::vector<std::string> names = accelerator_kinds();
    std::string accepted = ", expected one of";
    for (const std::string& name : names)
        accepted += " " + name;
    message += did_you_mean(kind, names, accepted);
    throw Error(message);
}

Catalog filter_families(const Catalog& catalog, const std::vector<std::string>& families) {
    Catalog filtered{{}, catalog.description};
    for (const std::string& family : families) {
        bool found = false;
        for (const Instance& instance : catalog.instances) {
            if (to_lower(instance.family) != to_lower(family)) continue;
            found = true;
            filtered.instances.push_back(instance);
        }
        if (!found) {
            std::vector<std::string> known;
            for (const Instance& instance : catalog.instances) {
                if (std::find(known.begin(), known.end(), instance.family) == known.end())
                    known.push_back(instance.family);
            }
            std::string message = "unknown instance family " + quote_value(family);
            std::string accepted = ", expected one of";
            for (const std::string& name : known)
                accepted += " " + name;
            message += did_you_mean(family, known, accepted);
            throw Error(message);
        }
    }
    return filtered;
}

Catalog filter_instances(const Catalog& catalog, const std::vector<std::string>& names) {
    Catalog filtered{{}, catalog.description};
    std::unordered_set<std::string> kept;
    for (const std::string& name : names) {
        const Instance& instance = catalog.get(name);
        if (kept.insert(instance.name).second) filtered.instances.push_back(instance);
    }
    return filtered;
}

}  // namespace llmsize
