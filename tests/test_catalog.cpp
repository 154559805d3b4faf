#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "llmsize/catalog.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

using namespace llmsize;

TEST_CASE("llmsize::bundled_catalog", "[catalog]") {
    const Catalog& catalog = bundled_catalog();
    SECTION("holds every SageMaker ml.g5 size, ml.p4d.24xlarge and ml.p4de.24xlarge") {
        for (const char* name : {"ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge", "ml.g5.8xlarge",
                                 "ml.g5.12xlarge", "ml.g5.16xlarge", "ml.g5.24xlarge",
                                 "ml.g5.48xlarge", "ml.p4d.24xlarge", "ml.p4de.24xlarge"}) {
            INFO(name);
            CHECK(catalog.find(name) != nullptr);
        }
    }
    SECTION("the guide's figures: 4 × A10G = 96 GB, 8 × A10G = 192 GB, p4d 320 GB, p4de 640 GB") {
        const Instance& g5_12 = catalog.get("ml.g5.12xlarge");
        CHECK(g5_12.accelerator == "A10G");
        CHECK(g5_12.accelerator_count == 4);
        CHECK(g5_12.total_accelerator_memory_bytes_marketed() == 96'000'000'000);
        const Instance& g5_48 = catalog.get("ml.g5.48xlarge");
        CHECK(g5_48.total_accelerator_memory_bytes_marketed() == 192'000'000'000);
        const Instance& p4d = catalog.get("ml.p4d.24xlarge");
        CHECK(p4d.total_accelerator_memory_bytes_marketed() == 320'000'000'000);
        const Instance& p4de = catalog.get("ml.p4de.24xlarge");
        CHECK(p4de.total_accelerator_memory_bytes_marketed() == 640'000'000'000);
    }
    SECTION("usable memory is what nvidia-smi reports (A10G 23028 MiB, instances.md evidence)") {
        CHECK(catalog.get("ml.g5.xlarge").accelerator_memory_bytes_usable ==
              23'028 * k_bytes_per_mib);
        CHECK(catalog.get("ml.p4d.24xlarge").accelerator_memory_bytes_usable ==
              40'960 * k_bytes_per_mib);
        // The instance listing's total: 8 × 40,960 MiB (arithmetic on the figure above).
        CHECK(catalog.get("ml.p4d.24xlarge").total_accelerator_memory_bytes_usable() ==
              8 * 40'960 * k_bytes_per_mib);
    }
    SECTION("every entry carries its source, and every price its source") {
        for (const Instance& instance : catalog.instances) {
            INFO(instance.name);
            CHECK_FALSE(instance.source.empty());
            if (instance.price_usd_per_hour) CHECK_FALSE(instance.price_source.empty());
        }
    }
    SECTION("names are accepted with or without ml., in any case") {
        CHECK(&catalog.get("g5.12xlarge") == &catalog.get("ml.g5.12xlarge"));
        CHECK(&catalog.get("ML.G5.12XLARGE") == &catalog.get("ml.g5.12xlarge"));
    }
    SECTION("an unknown name suggests the closest") {
        CHECK_THROWS_WITH(catalog.get("p4d.24xl"),
                          "unknown instance 'p4d.24xl', did you mean 'ml.p4d.24xlarge'?");
        CHECK_THROWS_WITH(catalog.get("ml.g5.12xlarg"),
                          "unknown instance 'ml.g5.12xlarg', did you mean 'ml.g5.12xlarge'?");
        CHECK_THROWS_WITH(
            catalog.get("zzzzzzzzzzzzzzzzzz"),
            "unknown instance 'zzzzzzzzzzzzzzzzzz'; 'llmsize instances' lists the catalog");
    }
}

TEST_CASE("llmsize::parse_catalog", "[catalog][errors]") {
    const nlohmann::json entry = {{"name", "ml.x.1"},
                                  {"accelerator", "X"},
                                  {"accelerator_count", 2},
                                  {"accelerator_memory_gb_marketed", 24},
                                  {"accelerator_memory_mib_usable", 23028},
                                  {"source", "test"}};
    SECTION("reads a valid entry") {
        const Catalog catalog = parse_catalog({{"instances", {entry}}}, "test.json");
        REQUIRE(catalog.instances.size() == 1);
        CHECK(catalog.instances[0].accelerator_memory_bytes_marketed == 24'000'000'000);
        CHECK_FALSE(catalog.instances[0].price_usd_per_hour);
    }
    SECTION("errors name the file, the entry and the key") {
        nlohmann::json bad = entry;
        bad["accelerator_count"] = "four";
        CHECK_THROWS_WITH(parse_catalog({{"instances", {bad}}}, "test.json"),
                          "reading catalog 'test.json': 'instances[0].accelerator_count' must be a "
                          "positive integer, got \"four\"");
        bad = entry;
        bad["price_usd_per_hour"] = -1;
        CHECK_THROWS_WITH(parse_catalog({{"instances", {bad}}}, "test.json"),
                          "reading catalog 'test.json': 'instances[0].price_usd_per_hour' must be "
                          "a non-negative number, got -1");
        CHECK_THROWS_WITH(
            parse_catalog({{"instances", {entry, entry}}}, "test.json"),
            "reading catalog 'test.json': 'instances[1].name' 'ml.x.1' appears twice");
        CHECK_THROWS_WITH(parse_catalog({{"machines", {}}}, "test.json"),
                          "reading catalog 'test.json': 'instances' must be an array of instances");
    }
    SECTION("an unknown key is an error with a suggestion; '_' keys are comments") {
        nlohmann::json typo = entry;
        typo["acelerator_count"] = 2;
        CHECK_THROWS_WITH(parse_catalog({{"instances", {typo}}}, "test.json"),
                          "reading catalog 'test.json': 'instances[0].acelerator_count' is not "
                          "a catalog key, did you mean 'accelerator_count'?");
        CHECK_THROWS_WITH(
            parse_catalog({{"instances", {entry}}, {"replace_bundle", true}}, "test.json"),
            "reading catalog 'test.json': 'replace_bundle' is not a catalog key, did you mean "
            "'replace_bundled'?");
        // Every key the bundled catalog uses is accepted, the deployment keys included.
        nlohmann::json full = entry;
        full["accelerator_memory_mib_cuda_visible"] = 22'579;
        full["runtime"] = "cuda";
        full["price_note"] = "no published price";
        full["ec2_price_usd_per_hour"] = 1.0;
        full["ec2_price_region"] = "us-east-1";
        full["ec2_price_date"] = "2026-01-21";
        full["ec2_price_source"] = "https://instances.vantage.sh";
        CHECK(parse_catalog({{"instances", {full}}}, "test.json").instances.size() == 1);
        nlohmann::json region_typo = entry;
        region_typo["ec2_price_regoin"] = "us-east-1";
        CHECK_THROWS_WITH(parse_catalog({{"instances", {region_typo}}}, "test.json"),
                          "reading catalog 'test.json': 'instances[0].ec2_price_regoin' is not "
                          "a catalog key, did you mean 'ec2_price_region'?");
        // The bundled file itself, key by key (the build's table generator reads it too).
        std::ifstream file(LLMSIZE_TEST_DATA_DIR "/../data/instances.json");
        REQUIRE(file);
        CHECK_NOTHROW(parse_catalog(nlohmann::json::parse(file), "data/instances.json"));
        nlohmann::json commented = entry;
        commented["_note"] = "measured by hand";
        CHECK(parse_catalog({{"instances", {commented}}, {"_about", "x"}}, "test.json")
                  .instances.size() == 1);
    }
}

TEST_CASE("Neuron instances carry their NeuronCores", "[catalog]") {
    // Neuron architecture docs: 2 NeuronCores-v2 per Inferentia2 or Trainium1 chip.
    CHECK(bundled_catalog().get("ml.inf2.48xlarge").neuron_cores == 24);
    CHECK(bundled_catalog().get("ml.trn1.32xlarge").neuron_cores == 32);
    CHECK(bundled_catalog().get("ml.g5.48xlarge").neuron_cores == 0);
}

TEST_CASE("the catalog's prices are dated or say why they are absent", "[catalog][prices]") {
    // Reads data/instances.json itself: no hard-coded count, so a refresh needs no test edit.
    std::ifstream file(LLMSIZE_TEST_DATA_DIR "/../data/instances.json");
    const nlohmann::json document = nlohmann::json::parse(file);
    const Catalog& catalog = bundled_catalog();
    REQUIRE(catalog.instances.size() == document["instances"].size());
    SECTION("every instance: a dated price under each pricing, or a note saying it has none") {
        for (const Instance& instance : catalog.instances) {
            INFO(instance.name);
            for (const Pricing pricing : {Pricing::sagemaker, Pricing::ec2}) {
                const Instance priced = priced_as(instance, pricing);
                if (priced.price_usd_per_hour) {
                    CHECK_FALSE(priced.price_source.empty());
                    CHECK((!priced.price_date.empty() || !priced.price_note.empty()));
                } else {
                    CHECK_FALSE(priced.price_note.empty());
                }
            }
        }
    }
    SECTION("the June-2025 P-family cut (catalog-audit.md [L2], 2026-09-27)") {
        CHECK(catalog.get("ml.p5.48xlarge").price_usd_per_hour == 63.296);
        CHECK(catalog.get("ml.p4d.24xlarge").price_usd_per_hour == 25.2513);
        CHECK(catalog.get("ml.p4de.24xlarge").price_usd_per_hour == 31.5641);
        CHECK(catalog.get("ml.p5.48xlarge").ec2_price_usd_per_hour == 55.04);
    }
    SECTION("types SageMaker hosts today (aws-sdk-go-v2 sagemaker CHANGELOG)") {
        for (const char* name :
             {"ml.g7e.2xlarge", "ml.g7e.48xlarge", "ml.p5.4xlarge", "ml.p6-b300.48xlarge"}) {
            INFO(name);
            REQUIRE(catalog.find(name) != nullptr);
            CHECK(catalog.get(name).device.known);
        }
        // RTX PRO 6000 Blackwell Server: nvidia-smi 97887 MiB (catalog-audit.md section 5).
        CHECK(catalog.get("ml.g7e.2xlarge").accelerator_memory_bytes_usable ==
              97'887 * k_bytes_per_mib);
    }
    SECTION("every Neuron instance says so, from the data") {
        for (const Instance& instance : catalog.instances) {
            INFO(instance.name);
            CHECK((instance.neuron_cores > 0) == (instance.device.runtime == Runtime::neuron));
        }
    }
}
