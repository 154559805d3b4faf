// Empty tables for llmsize_gen_tables, the program that writes the real ones.
#include "bundled_tables.hpp"

namespace llmsize::tables {

std::vector<Preset> bundled_presets_without_config() {
    return {};
}

std::span<const std::string_view> bundled_preset_configs() {
    return {};
}

Catalog bundled_catalog() {
    return {};
}

}  // namespace llmsize::tables
