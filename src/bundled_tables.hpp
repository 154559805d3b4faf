// The bundled data as compiled tables: data/models.json and data/instances.json are read at build
// time by llmsize_gen_tables (src/tables/gen_tables.cpp), which runs the core's own readers on them
// and writes the results out as C++ (bundled_tables.cpp in the build folder). The JSON files stay
// the source of truth; llmsize no longer parses them at every start.
// Internal to the core library.
#pragma once

#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "llmsize/catalog.hpp"
#include "llmsize/presets.hpp"

namespace llmsize {

// Reads data/models.json's document into presets (the generator's and the tests' reader).
std::vector<Preset> parse_presets(nlohmann::json document);

namespace tables {

// Every preset in data/models.json order, each with an empty `config`.
std::vector<Preset> bundled_presets_without_config();
// Each preset's config.json values as JSON text, in the same order: parsed on first use.
std::span<const std::string_view> bundled_preset_configs();
// The catalog data/instances.json describes.
Catalog bundled_catalog();

}  // namespace tables
}  // namespace llmsize
