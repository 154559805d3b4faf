#include <catch2/catch.hpp>

#include "bundled_tables.hpp"
#include "embedded.hpp"

using namespace llmsize;

// The compiled tables are what the readers make of data/*.json: a field added to Preset or
// Instance but not written by src/tables/gen_tables.cpp makes these differ.
TEST_CASE("llmsize::tables", "[tables]") {
    SECTION("the bundled catalog equals data/instances.json read at run time") {
        const Catalog parsed =
            parse_catalog(parse_trusted_json(embedded::k_instances_json), "data/instances.json");
        const Catalog compiled = tables::bundled_catalog();
        CHECK(compiled.description == parsed.description);
        REQUIRE(compiled.instances.size() == parsed.instances.size());
        for (std::size_t i = 0; i < parsed.instances.size(); ++i) {
            INFO(parsed.instances[i].name);
            CHECK(compiled.instances[i] == parsed.instances[i]);
        }
    }
    SECTION("the bundled presets equal data/models.json read at run time") {
        const std::vector<Preset> parsed =
            parse_presets(parse_trusted_json(embedded::k_models_json));
        const std::span<const Preset> compiled = bundled_presets();
        REQUIRE(compiled.size() == parsed.size());
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            INFO(parsed[i].name);
            CHECK(compiled[i] == parsed[i]);
        }
    }
    SECTION("a preset's config is parsed when it is asked for") {
        const std::span<const std::string_view> configs = tables::bundled_preset_configs();
        REQUIRE(configs.size() == tables::bundled_presets_without_config().size());
        CHECK(find_preset("mistral-7b-v0.1").config.at("model_type") == "mistral");
    }
}
