// Fuzzes the catalog reader: parse_json_text, then parse_catalog, then a sizing run of a fixed
// model with each engine against whatever catalog came out; and the same bytes as a --catalog
// file, merged into the bundled catalog by load_catalog_file. Only llmsize::Error may come out.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "llmsize/catalog.hpp"
#include "llmsize/config.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/error.hpp"
#include "llmsize/params_model.hpp"
#include "llmsize/sizing.hpp"

namespace {

const std::filesystem::path& input_path() {
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("llmsize-fuzz-catalog-" + std::to_string(::getpid()) + ".json");
    return path;
}

// Sizes a 13B model against `catalog` with every engine's defaults.
void size_against(const llmsize::Catalog& catalog) {
    for (const llmsize::Engine engine :
         {llmsize::Engine::raw, llmsize::Engine::vllm, llmsize::Engine::tgi,
          llmsize::Engine::trtllm, llmsize::Engine::llamacpp, llmsize::Engine::sglang,
          llmsize::Engine::neuron}) {
        llmsize::SizingRequest request;
        request.model = llmsize::model_from_parameter_count(13'000'000'000, {});
        request.sequence_lengths = {1, 4096};
        request.engine = llmsize::default_engine_settings(engine);
        const llmsize::SizingReport report = llmsize::size_deployment(request, catalog);
        LLMSIZE_FUZZ_CHECK(report.instances.size() <= catalog.instances.size());
        for (const llmsize::InstanceFit& fit : report.instances) {
            // A fitting instance has KV memory and holds at least one sequence of each length.
            if (!fit.fits) continue;
            LLMSIZE_FUZZ_CHECK(fit.kv_budget_bytes > 0 && fit.max_tokens > 0);
            for (const llmsize::BatchFit& batch : fit.batches) {
                LLMSIZE_FUZZ_CHECK(batch.max_batch > 0);
            }
        }
        if (report.recommended) LLMSIZE_FUZZ_CHECK(report.instances.front().fits);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const nlohmann::json document = llmsize::parse_json_text(text, "fuzz/catalog.json");
        const llmsize::Catalog catalog = llmsize::parse_catalog(document, "fuzz/catalog.json");
        for (const llmsize::Instance& instance : catalog.instances) {
            LLMSIZE_FUZZ_CHECK(catalog.find(instance.name) != nullptr);
            LLMSIZE_FUZZ_CHECK(instance.accelerator_count > 0);
        }
        (void)catalog.find("ml.g5.12xlarge");
        size_against(catalog);
    } catch (const llmsize::Error& error) {
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(error.what()));
    }

    {
        std::ofstream file(input_path(), std::ios::binary | std::ios::trunc);
        file.write(text.data(), static_cast<std::streamsize>(text.size()));
    }
    try {
        const llmsize::Catalog merged =
            llmsize::load_catalog_file(input_path(), llmsize::bundled_catalog());
        for (const llmsize::Instance& instance : merged.instances) {
            LLMSIZE_FUZZ_CHECK(merged.find(instance.name) != nullptr);
        }
    } catch (const llmsize::Error& error) {
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(error.what()));
    }
    return 0;
}
