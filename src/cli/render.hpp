// Renderers: turn a computed result into text. They format; they never compute.
#pragma once

#include <iosfwd>
#include <span>

#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize::cli {

// JSON document version; bump when a field changes meaning.
inline constexpr int k_schema_version = 1;

void render_json(const SizingReport& report, std::ostream& out);
void render_table(const SizingReport& report, std::ostream& out);

void render_instances_json(const Catalog& catalog, std::ostream& out);
void render_instances_table(const Catalog& catalog, std::ostream& out);

void render_models_json(std::span<const Preset> presets, std::ostream& out);
void render_models_table(std::span<const Preset> presets, std::ostream& out);

}  // namespace llmsize::cli
