// Fuzzes the config.json path: parse_json_text, then model_from_config, then the KV arithmetic a
// sizing run does on the model. Only llmsize::Error may come out; anything else escaping (a
// nlohmann exception, std::out_of_range, ...) is a bug and crashes the run on purpose.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_check.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/quantity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const nlohmann::json config = llmsize::parse_json_text(text, "fuzz/config.json");
        const llmsize::ModelSpec model = llmsize::model_from_config(config, "fuzz/config.json");
        // A model read from a config always has weights and a shape to report.
        LLMSIZE_FUZZ_CHECK(model.parameters > 0);
        LLMSIZE_FUZZ_CHECK(model.source == llmsize::ModelSource::config);
        for (const llmsize::KvLayerGroup& group : model.kv_layers) {
            LLMSIZE_FUZZ_CHECK(group.layers > 0);
        }
        const std::uint64_t per_token = llmsize::kv_bytes_per_token(model, llmsize::Dtype::fp32);
        const std::uint64_t one = llmsize::kv_bytes_per_sequence(model, llmsize::Dtype::fp32, 1);
        const std::uint64_t longest = llmsize::kv_bytes_per_sequence(
            model, llmsize::Dtype::fp32, llmsize::k_max_sequence_length);
        // More tokens never cost less; one token costs at most a full token plus fixed state.
        LLMSIZE_FUZZ_CHECK(longest >= one);
        LLMSIZE_FUZZ_CHECK(
            one >= llmsize::recurrent_state_bytes_per_sequence(model, llmsize::Dtype::fp32));
        (void)per_token;
        (void)llmsize::cross_kv_bytes_per_token(model, llmsize::Dtype::int8);
    } catch (const llmsize::Error& error) {
        LLMSIZE_FUZZ_CHECK(llmsize::fuzz::is_one_line(error.what()));
    }
    return 0;
}
