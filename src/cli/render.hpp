// Renderers: turn a computed result into text. They format; they never compute.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <span>

#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize::cli {

// JSON document version; bump when a field changes meaning.
inline constexpr int k_schema_version = 1;

// How the human-readable text is laid out.
struct TextStyle {
    std::size_t columns = 100;  // no line wider than this (but a single unbreakable word)
    std::size_t top = 10;       // instances listed in the table
    bool all = false;           // every instance, every reason, a memory bar for each
    bool unicode = true;        // block characters in the memory bar; ASCII otherwise
    bool color = false;         // ANSI colour in the memory bar
};

void render_json(const SizingReport& report, std::ostream& out);
// Several weight dtypes: {"schema_version": 1, "reports": [one document per dtype]}.
void render_json(std::span<const SizingReport> reports, std::ostream& out);
// Several weight dtypes compared in one compact table: weights, KV, recommendation per dtype.
void render_dtype_comparison(std::span<const SizingReport> reports, const TextStyle& style,
                             std::ostream& out);
void render_table(const SizingReport& report, const TextStyle& style, std::ostream& out);
void render_table(const SizingReport& report, std::ostream& out);  // the default style
// One line: instance, layout, batch per length, price; for CI logs.
void render_brief(const SizingReport& report, std::ostream& out);
// The instance table alone: CSV (every instance, with fits and the reason) or Markdown.
void render_csv(const SizingReport& report, std::ostream& out);
void render_markdown(const SizingReport& report, const TextStyle& style, std::ostream& out);

void render_instances_json(const Catalog& catalog, std::ostream& out);
// The listings, fitted to `columns`.
void render_instances_table(const Catalog& catalog, std::size_t columns, std::ostream& out);

void render_models_json(std::span<const PresetSummary> presets, std::ostream& out);
void render_models_table(std::span<const PresetSummary> presets, std::size_t columns,
                         std::ostream& out);

}  // namespace llmsize::cli
