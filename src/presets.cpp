#include "llmsize/presets.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <mutex>
#include <vector>

#include "bundled_tables.hpp"
#include "embedded.hpp"
#include "field_reader.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/quantity.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

std::vector<Preset> parse_presets(nlohmann::json document) {
    const FieldReader root(document, reading_context("data/models.json"));
    const nlohmann::json* models = root.raw("models");
    if (models == nullptr || !models->is_array()) root.fail("models", "must be an array");
    std::vector<Preset> presets;
    for (std::size_t i = 0; i < models->size(); ++i) {
        const FieldReader entry((*models)[i], reading_context("data/models.json"),
                                "models[" + std::to_string(i) + "].");
        Preset preset;
        preset.name = entry.string("name");
        preset.hf_id = entry.string("hf_id");
        if (const nlohmann::json* aliases = entry.raw("aliases")) {
            if (!aliases->is_array()) entry.fail("aliases", "must be an array of names");
            for (const nlohmann::json& alias : *aliases) {
                if (!alias.is_string()) entry.fail("aliases", "must hold names");
                preset.aliases.push_back(alias.get<std::string>());
            }
        }
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

namespace {

// The compiled preset table (src/bundled_tables.hpp). A preset's config is parsed the first time
// the preset is asked for, so a run parses only the configs it uses.
class LazyPresets {
  public:
    LazyPresets()
        : m_presets(tables::bundled_presets_without_config()),
          m_configs(tables::bundled_preset_configs()),
          m_parsed(m_presets.size(), false) {}

    // Every preset, names and counts only: `config` may still be empty.
    std::span<const Preset> unparsed() const { return m_presets; }

    const Preset& at(std::size_t index) {
        const std::lock_guard lock(m_mutex);
        if (!m_parsed[index]) {
            m_presets[index].config = parse_trusted_json(m_configs[index]);
            m_parsed[index] = true;
        }
        return m_presets[index];
    }

    std::span<const Preset> all() {
        for (std::size_t i = 0; i < m_presets.size(); ++i)
            at(i);
        return m_presets;
    }

  private:
    std::vector<Preset> m_presets;
    std::span<const std::string_view> m_configs;
    std::vector<bool> m_parsed;
    std::mutex m_mutex;
};

LazyPresets& lazy_presets() {
    static LazyPresets presets;
    return presets;
}

}  // namespace

std::span<const Preset> bundled_presets() {
    return lazy_presets().all();
}

const PresetSources& sources_of(const Preset& preset) {
    static const std::map<std::string, PresetSources> sources = [] {
        const nlohmann::json document = parse_trusted_json(embedded::k_model_sources_json);
        const FieldReader root(document, reading_context("data/model_sources.json"));
        const std::optional<FieldReader> models = root.optional_object("models");
        if (!models) root.fail("models", "must be an object keyed by preset name");
        std::map<std::string, PresetSources> table;
        for (const auto& [name, value] : document["models"].items()) {
            const FieldReader entry(value, reading_context("data/model_sources.json"),
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

namespace {

// The size a preset name states: "14b" in "qwen2.5-14b", "8x7b" in "mixtral-8x7b", "a3b" in
// "qwen3-30b-a3b" counts too. Empty when the name states none.
std::string size_tokens(std::string_view name) {
    std::string sizes;
    std::string token;
    const auto flush = [&] {
        const bool digits_then_unit =
            token.size() >= 2 && (token.back() == 'b' || token.back() == 'm') &&
            std::isdigit(static_cast<unsigned char>(token[token.front() == 'a' ? 1 : 0])) != 0 &&
            token.find_first_not_of("0123456789.xabm") == std::string::npos;
        if (digits_then_unit) sizes += (sizes.empty() ? "" : "-") + token;
        token.clear();
    };
    for (const char c : to_lower(name)) {
        if (c == '-' || c == '_' || c == '/') {
            flush();
        } else {
            token += c;
        }
    }
    flush();
    return sizes;
}

}  // namespace

const Preset& find_preset(std::string_view name) {
    const std::string lower = to_lower(name);
    const std::string wanted_size = size_tokens(name);
    std::vector<std::string> names;
    const std::span<const Preset> presets = lazy_presets().unparsed();
    for (std::size_t i = 0; i < presets.size(); ++i) {
        const Preset& preset = presets[i];
        if (to_lower(preset.name) == lower || to_lower(preset.hf_id) == lower)
            return lazy_presets().at(i);
        for (const std::string& alias : preset.aliases) {
            if (to_lower(alias) == lower) return lazy_presets().at(i);
        }
        // Suggest only presets of the size asked for: another size is another model.
        if (wanted_size.empty() || size_tokens(preset.name) == wanted_size)
            names.push_back(preset.name);
    }
    std::string message = "unknown model " + quote_value(name);
    std::vector<std::string> containing;
    for (const std::string& candidate : names) {
        if (to_lower(candidate).starts_with(lower)) containing.push_back(candidate);
    }
    if (containing.size() > 1) {
        // "mistral-7b": the version decides the KV layout, so name every version.
        message += ", did you mean";
        for (std::size_t i = 0; i < containing.size(); ++i) {
            message += (i == 0                       ? " '"
                        : i + 1 == containing.size() ? " or '"
                                                     : ", '") +
                       containing[i] + "'";
        }
        message += "?";
    } else {
        message += did_you_mean(name, names, "; 'llmsize models' lists the bundled presets");
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
        message += did_you_mean(family, known,
                                "; 'llmsize models' lists the presets and their architectures");
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
    std::optional<std::size_t> best;
    double best_distance = 0;
    const std::span<const Preset> presets = lazy_presets().unparsed();
    for (std::size_t i = 0; i < presets.size(); ++i) {
        const Preset& preset = presets[i];
        if (!preset.guide_reference) continue;
        const double size = static_cast<double>(
            preset.published_parameters.value_or(preset.published_parameters_rounded.value_or(1)));
        const double distance = std::fabs(std::log(size / static_cast<double>(parameters)));
        if (!best || distance < best_distance) {
            best = i;
            best_distance = distance;
        }
    }
    if (!best) throw Error("data/models.json has no reference model of the sizing guide");
    return lazy_presets().at(*best);
}

std::vector<PresetSummary> summarize_presets(std::span<const Preset> presets) {
    std::vector<PresetSummary> summaries;
    summaries.reserve(presets.size());
    for (const Preset& preset : presets) {
        PresetSummary summary{&preset, model_from_preset(preset), 0};
        summary.kv_bytes_per_token_fp16 = kv_bytes_per_token(summary.model, Dtype::fp16);
        summaries.push_back(std::move(summary));
    }
    return summaries;
}

}  // namespace llmsize
