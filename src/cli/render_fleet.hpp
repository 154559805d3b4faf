// Renderers for `llmsize fleet`: the models × instances matrix as a text table, CSV, Markdown or
// JSON. They format a FleetReport; they never compute.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string_view>

#include "llmsize/fleet.hpp"

namespace llmsize::cli {

enum class FleetFormat { table, csv, markdown, json };

// "table", "csv", "markdown", "json"; throws Error for anything else.
FleetFormat parse_fleet_format(std::string_view text);

// The text table is fitted to `columns` (shorter headers, then the last instances left out, with
// a line naming them); CSV, Markdown and JSON always hold every instance.
void render_fleet(const FleetReport& report, FleetFormat format, std::size_t columns,
                  std::ostream& out);

}  // namespace llmsize::cli
