// Fuzzes the catalog reader: parse_json_text, then parse_catalog, then a sizing run of a fixed
// model against whatever catalog came out. Only llmsize::Error may come out.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_check.hpp"
#include "llmsize/catalog.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/params_model.hpp"
#include "llmsize/sizing.hpp"

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

        llmsize::SizingRequest request;
        request.model = llmsize::model_from_parameter_count(13'000'000'000, {});
        request.sequence_lengths = {1, 4096};
        const llmsize::SizingReport report = llmsize::size_deployment(request, catalog);
        LLMSIZE_FUZZ_CHECK(report.instances.size() == catalog.instances.size());
        for (const llmsize::InstanceFit& fit : report.instances) {
            // A fitting instance holds at least one token, and has a positive budget.
            if (fit.fits) LLMSIZE_FUZZ_CHECK(fit.kv_budget_bytes > 0 && fit.max_tokens > 0);
        }
        if (report.recommended) LLMSIZE_FUZZ_CHECK(report.instances.front().fits);
    } catch (const llmsize::Error& error) {
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(error.what()));
    }
    return 0;
}
