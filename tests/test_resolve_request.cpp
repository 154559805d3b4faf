// resolve_request: every default of a sizing request decided in the core, with its rule.
#include <catch2/catch.hpp>

#include "llmsize/error.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/resolve_request.hpp"

using namespace llmsize;

namespace {
const RequestDefault* find_default(const SizingRequest& request, std::string_view setting) {
    for (const RequestDefault& entry : request.defaults)
        if (entry.setting == setting) return &entry;
    return nullptr;
}

RequestInput preset_input(std::string_view name) {
    RequestInput input;
    input.model.model = model_from_preset(find_preset(name));
    return input;
}
}  // namespace

TEST_CASE("resolve_request: the defaults a user does not give, each with its rule",
          "[resolve_request]") {
    RequestInput input = preset_input("llama-3.1-8b");
    input.sequence_lengths = {8192};
    const SizingRequest request = resolve_request(input);
    CHECK(request.engine.engine == Engine::vllm);
    REQUIRE(find_default(request, "engine"));
    CHECK(find_default(request, "engine")->value == "vllm");
    // Llama-3.1-8B's config says bfloat16: vLLM dtype=auto loads it as such, KV alike.
    CHECK(request.weights.dtype == Dtype::bf16);
    REQUIRE(find_default(request, "weights"));
    CHECK(find_default(request, "weights")->value == "bf16");
    CHECK(request.kv_dtype == Dtype::bf16);
    CHECK(find_default(request, "kv_dtype")->rule ==
          "the weights' dtype (vLLM kv_cache_dtype=auto)");
    CHECK(request.sequence_lengths == std::vector<std::uint64_t>{8192});
    CHECK(find_default(request, "sequence_lengths") == nullptr);  // given

    SECTION("what the user gives is not a default") {
        input.engine = Engine::sglang;
        input.weights = parse_weight_format("int4");
        input.weights_text = "int4";
        const SizingRequest given = resolve_request(input);
        CHECK(given.engine.engine == Engine::sglang);
        CHECK(find_default(given, "engine") == nullptr);
        CHECK(find_default(given, "weights") == nullptr);
        // Quantised weights keep KV in the activation dtype, and say so.
        CHECK(given.kv_dtype == Dtype::fp16);
        CHECK_THAT(find_default(given, "kv_dtype")->rule, Catch::Contains("quantised weights"));
    }
    SECTION("no --seq: the model's whole context, as vLLM does with no max_model_len") {
        input.sequence_lengths.clear();
        const SizingRequest whole = resolve_request(input);
        CHECK(whole.sequence_lengths == std::vector<std::uint64_t>{131072});
        REQUIRE(find_default(whole, "sequence_lengths"));
        CHECK(find_default(whole, "sequence_lengths")->value == "131072");
    }
    SECTION("a length beyond the model's context is refused unless allowed") {
        input.sequence_lengths = {262144};
        CHECK_THROWS_AS(resolve_request(input), Error);
        input.allow_long_context = true;
        CHECK(resolve_request(input).warnings.size() == 1);
    }
    SECTION("a GGUF file defaults to llama.cpp and its f16 cache") {
        input.model.model.source = ModelSource::gguf;
        const SizingRequest gguf = resolve_request(input);
        CHECK(gguf.engine.engine == Engine::llamacpp);
        CHECK(gguf.kv_dtype == Dtype::fp16);
        CHECK(find_default(gguf, "kv_dtype")->rule == "llama.cpp's default --cache-type-k/-v f16");
    }
    SECTION("a float32 checkpoint's exact bytes halve under an engine that loads 16 bits") {
        input.model.exact_weight_bytes = 32'000'000'000;
        input.model.dominant_dtype = Dtype::fp32;
        const SizingRequest halved = resolve_request(input);
        REQUIRE(halved.exact_weight_bytes);
        CHECK(*halved.exact_weight_bytes == 16'000'000'000);
        CHECK(halved.weights.dtype == Dtype::bf16);
        CHECK(find_default(halved, "weights")->rule ==
              "a float32 checkpoint loads in 16 bits (vLLM dtype=auto)");
        input.engine = Engine::raw;
        CHECK(*resolve_request(input).exact_weight_bytes == 32'000'000'000);
    }
}
