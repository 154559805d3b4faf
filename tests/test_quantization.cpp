// weight_format_from_config (src/quantization.cpp): config.json "quantization_config" → how the
// checkpoint stores its weights. The configs are the quantization_config blocks of published
// Hugging Face checkpoints (named per section, abridged to the keys that matter); the bits per
// group are the loaders' layouts (vLLM awq.py / gptq_marlin.py, bitsandbytes functional.py).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <optional>

#include "field_reader.hpp"
#include "llmsize/error.hpp"
#include "quantization.hpp"

using namespace llmsize;

namespace {

std::optional<WeightFormat> format_of(const nlohmann::json& quantization_config) {
    const nlohmann::json config = {{"quantization_config", quantization_config}};
    return weight_format_from_config(FieldReader(config, "reading 'config.json'"));
}

}  // namespace

TEST_CASE("llmsize::weight_format_from_config", "[quantization]") {
    SECTION("no quantization_config: nullopt (the torch_dtype decides)") {
        CHECK_FALSE(weight_format_from_config(
            FieldReader(nlohmann::json{{"torch_dtype", "bfloat16"}}, "reading 'config.json'")));
    }
    SECTION("AWQ int4, group 128 (TheBloke/Llama-2-7B-AWQ): a 16-bit scale and a 4-bit zero") {
        const auto format = format_of({{"quant_method", "awq"},
                                       {"bits", 4},
                                       {"group_size", 128},
                                       {"zero_point", true},
                                       {"version", "gemm"}});
        REQUIRE(format);
        CHECK(format->dtype == Dtype::int4);
        CHECK(format->group_size == 128);
        CHECK(format->group_overhead_bits == 20);  // 16 + 4
        CHECK(format->embeddings_16bit);
        CHECK(format->description ==
              "AWQ int4, group 128 (16-bit scale and 4-bit zero per group), embeddings and output "
              "layer at 16 bits");
    }
    SECTION(
        "GPTQ int8 with group_size -1 (per-channel scales, not counted); the method in any "
        "case") {
        const auto format = format_of({{"quant_method", "GPTQ"}, {"bits", 8}, {"group_size", -1}});
        REQUIRE(format);
        CHECK(format->dtype == Dtype::int8);
        CHECK(format->group_size == 0);
        CHECK(format->group_overhead_bits == 0);
        CHECK(format->description ==
              "GPTQ int8, per-channel scales (16-bit scale and 8-bit zero per group), embeddings "
              "and output layer at 16 bits");
    }
    SECTION("fp8 with 128 x 128 block scales (deepseek-ai/DeepSeek-V3): one fp32 per block") {
        // Unsigned, as the JSON parser reads a non-negative integer from config.json.
        const auto format = format_of({{"quant_method", "fp8"},
                                       {"activation_scheme", "dynamic"},
                                       {"fmt", "e4m3"},
                                       {"weight_block_size", {128U, 128U}}});
        REQUIRE(format);
        CHECK(format->dtype == Dtype::fp8);
        CHECK(format->block_elements == 16'384);  // 128 × 128
        CHECK(format->scale_bits_per_block == 32);
        CHECK(format->description ==
              "fp8, one fp32 scale per 128 x 128 block, embeddings and output layer at 16 bits");
    }
    SECTION("fp8 without blocks (fbgemm_fp8, meta-llama/Llama-3.1-405B-Instruct-FP8)") {
        const auto format = format_of({{"quant_method", "fbgemm_fp8"}});
        REQUIRE(format);
        CHECK(format->dtype == Dtype::fp8);
        CHECK(format->block_elements == 0);
        CHECK(format->description == "fp8, embeddings and output layer at 16 bits");
    }
    SECTION(
        "compressed-tensors: float 8 bits is fp8, int 4 bits with groups is integer "
        "(neuralmagic FP8 and W4A16 checkpoints)") {
        const auto fp8 =
            format_of({{"quant_method", "compressed-tensors"},
                       {"config_groups",
                        {{"group_0", {{"weights", {{"num_bits", 8}, {"type", "float"}}}}}}}});
        REQUIRE(fp8);
        CHECK(fp8->dtype == Dtype::fp8);
        const auto w4 = format_of(
            {{"quant_method", "compressed-tensors"},
             {"config_groups",
              {{"group_0",
                {{"weights", {{"num_bits", 4}, {"type", "int"}, {"group_size", 128}}}}}}}});
        REQUIRE(w4);
        CHECK(w4->dtype == Dtype::int4);
        CHECK(w4->group_size == 128);
        CHECK(w4->group_overhead_bits == 20);
    }
    SECTION("MXFP4 (openai/gpt-oss-120b): experts only, 4 bits + an 8-bit scale per 32") {
        const auto format =
            format_of({{"quant_method", "mxfp4"},
                       {"modules_to_not_convert", {"model.layers.*.self_attn", "lm_head"}}});
        REQUIRE(format);
        CHECK(format->dtype == Dtype::int4);
        CHECK(format->float4);
        CHECK(format->experts_only);
        CHECK(format->group_size == 32);
        CHECK(format->group_overhead_bits == 8);  // 4 + 8 / 32 = 4.25 bits per weight
        CHECK_FALSE(format->embeddings_16bit);
    }
    SECTION("bitsandbytes: 4-bit with one fp32 absmax per 64, 8-bit plain") {
        const auto nf4 = format_of({{"quant_method", "bitsandbytes"},
                                    {"load_in_4bit", true},
                                    {"bnb_4bit_quant_type", "nf4"}});
        REQUIRE(nf4);
        CHECK(nf4->dtype == Dtype::int4);
        CHECK(nf4->group_size == 64);
        CHECK(nf4->group_overhead_bits == 32);  // 4 + 32 / 64 = 4.5 bits per weight
        const auto int8 = format_of({{"quant_method", "bitsandbytes"}, {"load_in_8bit", true}});
        REQUIRE(int8);
        CHECK(int8->dtype == Dtype::int8);
        CHECK_FALSE(format_of({{"quant_method", "bitsandbytes"}}));  // neither: not known
    }
    SECTION("an unknown method: nullopt, for the caller to note") {
        CHECK_FALSE(format_of({{"quant_method", "hqq"}, {"nbits", 4}}));
    }
}

TEST_CASE("llmsize::weight_format_from_config refuses malformed known configs",
          "[quantization][errors]") {
    SECTION("AWQ bits other than 4 or 8") {
        CHECK_THROWS_MATCHES(
            format_of({{"quant_method", "awq"}, {"bits", 3}, {"group_size", 128}}), Error,
            Catch::Matchers::Message("reading 'config.json': 'quantization_config.bits' must be "
                                     "4 or 8 for AWQ, got 3"));
    }
    SECTION("compressed-tensors without config_groups, or without a weights scheme") {
        CHECK_THROWS_MATCHES(format_of({{"quant_method", "compressed-tensors"}}), Error,
                             Catch::Matchers::Message("reading 'config.json': "
                                                      "'quantization_config.config_groups' is "
                                                      "missing for compressed-tensors"));
        CHECK_THROWS_MATCHES(
            format_of({{"quant_method", "compressed-tensors"},
                       {"config_groups", {{"group_0", {{"input_activations", nullptr}}}}}}),
            Error,
            Catch::Matchers::Message("reading 'config.json': 'quantization_config.config_groups' "
                                     "has no weights scheme"));
    }
}
