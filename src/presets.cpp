#include "llmsize/presets.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "embedded.hpp"
#include "field_reader.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/quantity.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {

std::vector<Preset> read_presets() {
    nlohmann::json document = parse_trusted_json(embedded::k_models_json);
    const FieldReader root(document, "reading 'data/models.json'");
    const nlohmann::json* models = root.raw("models");
    if (models == nullptr || !models->is_array()) root.fail("models", "must be an array");
    std::vector<Preset> presets;
    for (std::size_t i = 0; i < models->size(); ++i) {
        const FieldReader entry((*models)[i], "reading 'data/models.json'",
                                "models[" + std::to_string(i) + "].");
        Preset preset;
        preset.name = entry.string("name");
        preset.hf_id = entry.string("hf_id");
        const nlohmann::json* config = entry.raw("config");
        if (config == nullptr || !config->is_object()) entry.fail("config", "must be an object");
        // Moved, not copied: the document is thrown away afterwards.
        preset.config = std::move(document["models"][i]["config"]);
        preset.config_verbatim = entry.boolean_or("config_verbatim", true);
        preset.published_parameters =
            entry.optional_positive("published_parameters", k_max_parameters);
        preset.published_parameters_rounded =
            entry.optional_positive("published_parameters_rounded", k_max_parameters);
        if (!preset.published_parameters && !preset.published_parameters_rounded) {
            entry.fail("published_parameters", "is missing; every preset cites a published count");
        }
        if (const std::optional<FieldReader> extra = entry.optional_object("published_extra")) {
            preset.published_extra_parameters = extra->positive("parameters", k_max_parameters);
        }
        preset.guide_sample = entry.boolean_or("guide_sample", false);
        preset.guide_reference = entry.boolean_or("guide_reference", false);
        preset.guide_row_billions = entry.non_negative_or("guide_row_billions", 0);
        presets.push_back(std::move(preset));
    }
    return presets;
}

}  // namespace

std::span<const Preset> bundled_presets() {
    static const std::vector<Preset> presets = read_presets();
    return presets;
}

const PresetSources& sources_of(const Preset& preset) {
    static const std::map<std::string, PresetSources> sources = [] {
        const nlohmann::json document = parse_trusted_json(embedded::k_model_sources_json);
        const FieldReader root(document, "reading 'data/model_sources.json'");
        const std::optional<FieldReader> models = root.optional_object("models");
        if (!models) root.fail("models", "must be an object keyed by preset name");
        std::map<std::string, PresetSources> table;
        for (const auto& [name, value] : document["models"].items()) {
            const FieldReader entry(value, "reading 'data/model_sources.json'",
                                    "models." + name + ".");
            table[name] = PresetSources{entry.string("config_source"),
                                        entry.string("published_parameters_source"),
                                        entry.optional_string("published_extra_why").value_or("")};
        }
        return table;
    }();
    const auto it = sources.find(preset.name);
    if (it == sources.end())
        throw Error("data/model_sources.json has no entry for preset '" + preset.name + "'");
    return it->second;
}

const Preset& find_preset(std::string_view name) {
    const std::string lower = to_lower(name);
    std::vector<std::string> names;
    for (const Preset& preset : bundled_presets()) {
        if (to_lower(preset.name) == lower || to_lower(preset.hf_id) == lower) return preset;
        names.push_back(preset.name);
    }
    std::string message = "unknown model " + quote_value(name);
    if (const std::optional<std::string> suggestion = closest_name(name, names)) {
        message += ", did you mean '" + *suggestion + "'?";
    } else {
        message += "; 'llmsize models' lists the bundled presets";
    }
    throw Error(message);
}

namespace {

bool in_family(const Preset& preset, const std::string& family) {
    const std::string name = to_lower(preset.name);
    const std::string architecture = to_lower(preset.config.value("model_type", std::string{}));
    if (architecture == family) return true;
    if (!name.starts_with(family) || name.size() == family.size()) return false;
    const char next = name[family.size()];
    return next == '-' || next == '.' || (next >= '0' && next <= '9');
}

}  // namespace

std::vector<Preset> filter_preset_families(std::span<const Preset> presets,
                                           const std::vector<std::string>& families) {
    std::vector<Preset> filtered;
    for (const std::string& family : families) {
        const std::string lower = to_lower(family);
        bool found = false;
        for (const Preset& preset : presets) {
            if (!in_family(preset, lower)) continue;
            found = true;
            const bool listed =
                std::any_of(filtered.begin(), filtered.end(),
                            [&](const Preset& kept) { return kept.name == preset.name; });
            if (!listed) filtered.push_back(preset);
        }
        if (found) continue;
        std::vector<std::string> known;
        for (const Preset& preset : presets) {
            const std::string architecture = preset.config.value("model_type", std::string{});
            if (std::find(known.begin(), known.end(), architecture) == known.end())
                known.push_back(architecture);
        }
        std::string message = "no preset of family " + quote_value(family);
        if (const std::optional<std::string> suggestion = closest_name(family, known)) {
            message += ", did you mean '" + *suggestion + "'?";
        } else {
            message += "; 'llmsize models' lists the presets and their architectures";
        }
        throw Error(message);
    }
    // Keep data/models.json order.
    std::vector<Preset> ordered;
    for (const Preset& preset : presets) {
        for (const Preset& kept : filtered) {
            if (kept.name == preset.name) ordered.push_back(kept);
        }
    }
    return ordered;
}

ModelSpec model_from_preset(const Preset& preset) {
    ModelSpec model = model_from_config(preset.config, "preset '" + preset.name + "'");
    model.source = ModelSource::preset;
    model.name = preset.name;
    return model;
}

const Preset& nearest_guide_sample(std::uint64_t parameters) {
    const Preset* best = nullptr;
    double best_distance = 0;
    for (const Preset& preset : bundled_presets()) {
        if (!preset.guide_reference) continue;
        const double size = static_cast<double>(
            preset.published_parameters.value_or(preset.published_parameters_rounded.value_or(1)));
        const double distance = std::fabs(std::log(size / static_cast<double>(parameters)));
        if (best == nullptr || distance < best_distance) {
            best = &preset;
            best_distance = distance;
        }
    }
    if (best == nullptr) throw Error("data/models.json has no reference model of the sizing guide");
    return *best;
}

}  // namespace llmsize
