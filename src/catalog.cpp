#include "llmsize/catalog.hpp"

#include <nlohmann/json.hpp>

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

std::string strip_ml_prefix(std::string_view name) {
    const std::string lower = to_lower(name);
    return lower.starts_with("ml.") ? lower.substr(3) : lower;
}

// A citation given either in full or as a key of the document's "sources" table.
std::string resolve_source(const std::string& text, const nlohmann::json* sources) {
    if (sources != nullptr && sources->is_object()) {
        const auto it = sources->find(text);
        if (it != sources->end() && it->is_string()) return it->get<std::string>();
    }
    return text;
}

Instance read_instance(const FieldReader& entry, const nlohmann::json* sources) {
    Instance instance;
    instance.name = entry.string("name");
    if (const nlohmann::json* aliases = entry.raw("aliases")) {
        if (!aliases->is_array()) entry.fail("aliases", "must be an array of names, " + describe_json_value(*aliases));
        for (const nlohmann::json& alias : *aliases) {
            if (!alias.is_string()) entry.fail("aliases", "must hold names, " + describe_json_value(alias));
            instance.aliases.push_back(alias.get<std::string>());
        }
    }
    instance.family = entry.optional_string("family").value_or(strip_ml_prefix(instance.name).substr(0, strip_ml_prefix(instance.name).find('.')));
    instance.accelerator = entry.string("accelerator");
    instance.accelerator_count = entry.positive("accelerator_count", k_max_accelerators);
    instance.accelerator_memory_bytes_marketed =
        checked_mul(entry.positive("accelerator_memory_gb_marketed", k_max_accelerator_gb),
                    k_bytes_per_gb, "accelerator memory");
    instance.accelerator_memory_bytes_usable =
        checked_mul(entry.positive("accelerator_memory_mib_usable", k_max_accelerator_mib),
                    k_bytes_per_mib, "accelerator memory");
    instance.vcpus = entry.non_negative_or("vcpus", 0);
    instance.host_memory_bytes = checked_mul(entry.non_negative_or("host_memory_gib", 0, k_max_host_gib),
                                             k_bytes_per_gib, "host memory");
    instance.interconnect = entry.optional_string("interconnect").value_or("");
    instance.price_usd_per_hour = entry.optional_non_negative_number("price_usd_per_hour");
    instance.price_region = entry.optional_string("price_region").value_or("");
    instance.price_date = entry.optional_string("price_date").value_or("");
    instance.price_source = resolve_source(entry.optional_string("price_source").value_or(""), sources);
    instance.source = resolve_source(entry.string("source"), sources);
    return instance;
}
}  // namespace

Catalog parse_catalog(const nlohmann::json& document, std::string_view origin) {
    const std::string context = "reading catalog '" + std::string(origin) + "'";
    const FieldReader root(document, context);
    if (!document.is_object()) root.fail("expected a JSON object with an 'instances' array");
    const nlohmann::json* list = root.raw("instances");
    if (list == nullptr || !list->is_array()) root.fail("instances", "must be an array of instances");
    Catalog catalog;
    catalog.description = root.optional_string("description").value_or(std::string(origin));
    for (std::size_t i = 0; i < list->size(); ++i) {
        const FieldReader entry((*list)[i], context, "instances[" + std::to_string(i) + "].");
        if (!(*list)[i].is_object()) root.fail("'instances[" + std::to_string(i) + "]' must be an object");
        Instance instance = read_instance(entry, root.raw("sources"));
        if (catalog.find(instance.name) != nullptr) {
            entry.fail("name", "'" + instance.name + "' appears twice");
        }
        catalog.instances.push_back(std::move(instance));
    }
    return catalog;
}

const Instance* Catalog::find(std::string_view name) const {
    const std::string wanted = strip_ml_prefix(name);
    for (const Instance& instance : instances) {
        if (strip_ml_prefix(instance.name) == wanted) return &instance;
        for (const std::string& alias : instance.aliases) {
            if (strip_ml_prefix(alias) == wanted) return &instance;
        }
    }
    return nullptr;
}

const Instance& Catalog::get(std::string_view name) const {
    if (const Instance* instance = find(name)) return *instance;
    std::vector<std::string> names;
    for (const Instance& instance : instances) names.push_back(instance.name);
    std::string message = "unknown instance '" + std::string(name) + "'";
    if (const std::optional<std::string> suggestion = closest_name(name, names)) {
        message += ", did you mean '" + *suggestion + "'?";
    } else {
        message += "; 'llmsize instances' lists the catalog";
    }
    throw Error(message);
}

const Catalog& bundled_catalog() {
    static const Catalog catalog =
        parse_catalog(parse_trusted_json(embedded::k_instances_json), "data/instances.json");
    return catalog;
}

}  // namespace llmsize
