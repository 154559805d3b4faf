// --catalog FILE over the bundled catalog (load_catalog_file, src/catalog.cpp): a user entry
// replaces the bundled one of the same name (with or without the "ml." prefix), a new one is
// added at the end, and "replace_bundled": true makes the file the whole catalog. The instance
// figures are made up for the test; only their placement is checked.
#include <catch2/catch.hpp>
#include <string>

#include "llmsize/catalog.hpp"
#include "llmsize/checked.hpp"
#include "temp_folder.hpp"

using namespace llmsize;

namespace {

// One instance entry of the catalog schema (data/instances.json).
std::string entry(const std::string& name, int count, double price) {
    return R"({"name": ")" + name + R"(", "accelerator": "A10G", "accelerator_count": )" +
           std::to_string(count) +
           R"(, "accelerator_memory_gb_marketed": 24, "accelerator_memory_mib_usable": 23028,
              "price_usd_per_hour": )" +
           std::to_string(price) + R"(, "source": "test"})";
}

}  // namespace

TEST_CASE("llmsize::load_catalog_file merges over the bundled catalog", "[catalog][merge]") {
    const Catalog& bundled = bundled_catalog();
    testing::TempFolder folder;
    SECTION("the same name replaces in place, with or without 'ml.'; a new name is appended") {
        const auto path =
            folder.write("mine.json", R"({"instances": [)" + entry("g5.xlarge", 1, 9.5) + ", " +
                                          entry("ml.custom.box", 2, 1.25) + "]}");
        const Catalog merged = load_catalog_file(path, bundled);
        CHECK(merged.instances.size() == bundled.instances.size() + 1);
        // ml.g5.xlarge keeps its place and takes the user's figures (and name).
        std::size_t bundled_at = 0;
        while (bundled.instances[bundled_at].name != "ml.g5.xlarge")
            ++bundled_at;
        const Instance& replaced = merged.instances[bundled_at];
        CHECK(replaced.name == "g5.xlarge");
        CHECK(replaced.price_usd_per_hour == 9.5);
        CHECK(replaced.catalog_origin == path.string());
        const Instance& added = merged.instances.back();
        CHECK(added.name == "ml.custom.box");
        CHECK(added.accelerator_count == 2);
        CHECK(added.total_accelerator_memory_bytes_marketed() == 48 * k_bytes_per_gb);  // 2 × 24
        CHECK(merged.description == bundled.description + "; with " + path.string());
        // Every other bundled instance is untouched.
        for (std::size_t i = 0; i < bundled.instances.size(); ++i) {
            if (i != bundled_at) CHECK(merged.instances[i] == bundled.instances[i]);
        }
    }
    SECTION("replace_bundled: the file is the whole catalog") {
        const auto path = folder.write("only.json", R"({"replace_bundled": true, "instances": [)" +
                                                        entry("ml.custom.box", 1, 1.0) + "]}");
        const Catalog only = load_catalog_file(path, bundled);
        REQUIRE(only.instances.size() == 1);
        CHECK(only.instances.front().name == "ml.custom.box");
    }
}
