// Renderers for `llmsize fleet`: the models × instances matrix as a text table, CSV, Markdown or
// JSON. They format a FleetReport; they never compute.
#pragma once

#include <iosfwd>
#include <string_view>

#include "llmsize/fleet.hpp"

namespace llmsize::cli {

enum class FleetFormat { table, csv, markdown, json };

// "table", "csv", "markdown", "json"; throws Error for anything else.
FleetFormat parse_fleet_format(std::string_view text);

void render_fleet(const FleetReport& report, FleetFormat format, std::ostream& out);

}  // namespace llmsize::cli
