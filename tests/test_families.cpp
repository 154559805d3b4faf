// The families added for issue 11, one TEST_CASE each: the count pinned to a published exact
// figure (source in the comment; data/model_sources.json has the full citation) and the KV
// cache or state derived by hand from the family's transformers modelling code.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "llmsize/config.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

using namespace llmsize;

namespace {
ModelSpec preset(std::string_view name) {
    return model_from_preset(find_preset(name));
}
}  // namespace

TEST_CASE("gpt_oss: experts with biases, sinks, alternating windows, MXFP4", "[config][gpt_oss]") {
    // gpt-oss-20b: 20,914,757,184 (Ollama general.parameter_count; unsloth/gpt-oss-20b-BF16
    // index total_parameters, total_size 41,829,514,368 = 2 B each).
    const ModelSpec small = preset("gpt-oss-20b");
    CHECK(small.parameters == 20'914'757'184);
    // gpt-oss-120b: 116,829,156,672 (HF parameter list; model card "116.83B").
    CHECK(preset("gpt-oss-120b").parameters == 116'829'156'672);
    SECTION("active: 4 of 32 experts, each 3 × 2880² weights + 2 × 2880 + 2880 biases") {
        REQUIRE(small.active_parameters);
        CHECK(*small.active_parameters ==
              20'914'757'184 - 24ULL * 28 * (3ULL * 2880 * 2880 + 3 * 2880));
    }
    SECTION("MXFP4 stores the experts' matrices at 4.25 bits, the rest at bf16") {
        // openai/gpt-oss-20b model.safetensors.index.json metadata.total_size: 13,761,264,768 B
        // = 24 × 32 × 3 × 2880² expert weights × 4.25 / 8 + the other 1,804,459,584 × 2 B.
        REQUIRE(small.checkpoint_format);
        CHECK(small.checkpoint_format->experts_only);
        CHECK(weight_bytes_for(small, *small.checkpoint_format) == 13'761'264'768);
    }
    SECTION("KV: 12 full layers and 12 layers with a 128-token window") {
        // modeling_gpt_oss.py: 8 KV heads × head_dim 64, K and V; sinks are weights, not cache.
        CHECK(kv_bytes_per_token(small, Dtype::bf16) == 24ULL * 2 * 8 * 64 * 2);
        CHECK(kv_bytes_per_sequence(small, Dtype::bf16, 4096) ==
              12ULL * 2 * 8 * 64 * 2 * 4096 + 12ULL * 2 * 8 * 64 * 2 * 128);
    }
}
