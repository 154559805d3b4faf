#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "llmsize/presets.hpp"

using namespace llmsize;

TEST_CASE("llmsize::find_preset names which model it is", "[presets]") {
    SECTION("version-explicit Mistral names") {
        // v0.1: vocab 32000, sliding window 4096; v0.3: vocab 32768, no window (Hub configs).
        CHECK(find_preset("mistral-7b-v0.1").hf_id == "mistralai/Mistral-7B-v0.1");
        CHECK(find_preset("mistral-7b-v0.3").hf_id == "mistralai/Mistral-7B-v0.3");
        CHECK(find_preset("mistral-7b-v0.3").published_parameters == 7'248'023'552);
    }
    SECTION("a name that leaves the version open names every version") {
        CHECK_THROWS_WITH(find_preset("mistral-7b"),
                          "unknown model 'mistral-7b', did you mean 'mistral-7b-v0.1' or "
                          "'mistral-7b-v0.3'?");
    }
    SECTION("-instruct and -chat aliases share the base architecture") {
        CHECK(&find_preset("llama-3.1-8b-instruct") == &find_preset("llama-3.1-8b"));
        CHECK(&find_preset("Llama-2-13b-chat") == &find_preset("llama-2-13b"));
        CHECK(&find_preset("mistral-7b-instruct-v0.3") == &find_preset("mistral-7b-v0.3"));
    }
    SECTION("did you mean never offers another size") {
        // qwen2.5-14b was the example; it is a preset now (issue 11), so 3b stands in.
        CHECK_THROWS_WITH(find_preset("qwen2.5-3b"),
                          "unknown model 'qwen2.5-3b'; 'llmsize models' lists the bundled "
                          "presets");
        CHECK_THROWS_WITH(find_preset("llama-3-8b"),
                          "unknown model 'llama-3-8b', did you mean 'llama-3.1-8b'?");
    }
    SECTION("every alias is unique across presets") {
        std::vector<std::string> seen;
        for (const Preset& preset : bundled_presets()) {
            for (const std::string& alias : preset.aliases) {
                INFO(alias);
                CHECK(std::find(seen.begin(), seen.end(), alias) == seen.end());
                seen.push_back(alias);
            }
        }
    }
}

TEST_CASE("llmsize::summarize_presets: what `llmsize models` lists", "[presets]") {
    const std::vector<Preset> presets{find_preset("llama-2-13b")};
    const std::vector<PresetSummary> summaries = summarize_presets(presets);
    REQUIRE(summaries.size() == 1);
    CHECK(summaries[0].preset == &presets[0]);
    CHECK(summaries[0].model.layers == 40);
    // 2 (K,V) × 40 layers × 40 KV heads × 128 head_dim × 2 B = 819,200 B — the sizing guide's
    // Llama2-13b example.
    CHECK(summaries[0].kv_bytes_per_token_fp16 == 819'200);
}
