// A model from disk with its exact weight bytes (src/checkpoint.cpp): config.json alone, a folder
// with safetensors shards, --dtype over the headers, and a GGUF file. The files are written here;
// the byte counts are arithmetic checks (shape × bytes per element), with the sums in comments.
#include <catch2/catch.hpp>
#include <string>

#include "checkpoint_writers.hpp"
#include "describe_weight_source.hpp"
#include "llmsize/checkpoint.hpp"
#include "temp_folder.hpp"

using namespace llmsize;
using namespace llmsize::testing;

namespace {

// A small Llama: 2 layers, hidden 256, 8 heads (2 KV), MLP 512, vocabulary 1,000.
constexpr const char* k_config = R"({"model_type": "llama", "num_hidden_layers": 2,
    "hidden_size": 256, "num_attention_heads": 8, "num_key_value_heads": 2,
    "intermediate_size": 512, "vocab_size": 1000, "max_position_embeddings": 4096,
    "torch_dtype": "bfloat16"})";

}  // namespace

TEST_CASE("llmsize::load_config_or_checkpoint", "[checkpoint]") {
    TempFolder folder;
    SECTION("config.json alone: parameters × dtype, no exact bytes, no note") {
        folder.write("plain/config.json", k_config);
        const CheckpointModel input = load_config_or_checkpoint(folder / "plain", false);
        CHECK_FALSE(input.exact_weight_bytes);
        CHECK(input.weight_source.origin == WeightOrigin::none);
        CHECK(cli::describe_weight_source(input.weight_source).empty());
        CHECK_FALSE(input.dominant_dtype);
        CHECK(input.model.layers == 2);
    }
    SECTION("a safetensors shard: the headers' exact bytes, the dominant dtype, a note") {
        folder.write("shard/config.json", k_config);
        // embed BF16 [32768, 16384] = 536,870,912 elements × 2 B = 1,073,741,824 B (1.00 GiB)
        // norm  F32  [256]          = 256 × 4 B = 1,024 B           total 1,073,742,848 B
        write_safetensors(folder / "shard/model.safetensors",
                          R"({"embed.weight":{"dtype":"BF16","shape":[32768,16384],)"
                          R"("data_offsets":[0,1073741824]},)"
                          R"("norm.weight":{"dtype":"F32","shape":[256],)"
                          R"("data_offsets":[1073741824,1073742848]}})",
                          1'073'742'848);
        const CheckpointModel input = load_config_or_checkpoint(folder / "shard", false);
        CHECK(input.exact_weight_bytes == 1'073'742'848);
        CHECK(input.dominant_dtype == Dtype::bf16);
        const WeightSource& source = input.weight_source;
        CHECK(source.origin == WeightOrigin::safetensors);
        CHECK(source.files == 1);
        CHECK(source.total_bytes == 1'073'742'848);
        REQUIRE(source.by_type.size() == 2);  // by dtype name
        CHECK(source.by_type[0].type == "BF16");
        CHECK(source.by_type[0].bytes == 1'073'741'824);
        CHECK(source.by_type[1].type == "F32");
        CHECK(source.by_type[1].bytes == 1'024);
        CHECK(source.checkpoint_parameters == 536'871'168);  // 536,870,912 + 256
        CHECK(source.config_parameters == input.model.parameters);
        // The note the command line words from these figures.
        const std::string note = cli::describe_weight_source(source);
        CHECK_THAT(note, Catch::Matchers::StartsWith("weights: exact tensor bytes from 1 "
                                                     "safetensors header (BF16 1.00 GiB, F32 0.00 "
                                                     "GiB)"));
        // 1,073,742,848 B × 8 / 536,871,168 parameters = 16.00 bits per weight
        CHECK_THAT(note, Catch::Matchers::Contains(", 16.00 bits per weight"));
        CHECK_THAT(note, Catch::Matchers::Contains("the checkpoint holds 536871168 parameters"));
    }
    SECTION("--dtype given: parameters × dtype, and a note that says the tensors were not used") {
        folder.write("typed/config.json", k_config);
        write_safetensors(folder / "typed/model.safetensors",
                          R"({"w":{"dtype":"BF16","shape":[64],"data_offsets":[0,128]}})", 128);
        const CheckpointModel input = load_config_or_checkpoint(folder / "typed", true);
        CHECK_FALSE(input.exact_weight_bytes);
        CHECK(input.weight_source.origin == WeightOrigin::none);
        REQUIRE_FALSE(input.model.notes.empty());
        CHECK(input.model.notes.back() ==
              "--dtype given: weights sized as parameters × dtype, not from the checkpoint's "
              "tensors");
    }
}

TEST_CASE("llmsize::cli::describe_weight_source", "[checkpoint]") {
    // Arithmetic checks of the wording: 2^30 B = 1.00 GiB; the difference is counted − config.
    WeightSource source;
    source.origin = WeightOrigin::safetensors_index;
    source.total_bytes = std::uint64_t{1} << 30;
    CHECK(cli::describe_weight_source(source) ==
          "weights: 1.00 GiB from model.safetensors.index.json metadata.total_size (shards "
          "absent)");
    source.origin = WeightOrigin::safetensors;
    source.files = 2;
    source.by_type = {{"BF16", std::uint64_t{3} << 29}, {"F8_E4M3", std::uint64_t{1} << 29}};
    source.bits_per_weight = 12.346;
    source.checkpoint_parameters = 1'000;
    source.quantization_scale_elements = 8;
    source.config_parameters = 990;
    CHECK(cli::describe_weight_source(source) ==
          "weights: exact tensor bytes from 2 safetensors headers (BF16 1.50 GiB, F8_E4M3 0.50 "
          "GiB), 12.35 bits per weight; the checkpoint holds 1000 parameters + 8 quantisation "
          "scale elements, config.json counts 990 (difference 10: vision towers, MTP layers or "
          "buffers explain such gaps)");
    source.quantization_scale_elements = 0;
    source.config_parameters = 1'000;
    CHECK_THAT(cli::describe_weight_source(source),
               Catch::Matchers::EndsWith("holds 1000 parameters, config.json counts 1000 "
                                         "(difference 0)"));
}

TEST_CASE("llmsize::load_gguf_model", "[checkpoint][gguf]") {
    TempFolder folder;
    GgufWriter writer;
    add_llama_metadata(writer, 1);
    // F16 [256, 256] = 65,536 × 2 B = 131,072 B;  F32 [256] = 1,024 B;  total 132,096 B over
    // 65,792 parameters: 132,096 × 8 / 65,792 = 16.06 bits per weight
    writer.add_tensor("blk.0.attn_q.weight", {256, 256}, k_f16, 131'072);
    writer.add_tensor("output_norm.weight", {256}, k_f32, 1'024);
    const std::filesystem::path path = writer.write(folder / "tiny.gguf");
    const CheckpointModel input = load_gguf_model(path);
    CHECK(input.exact_weight_bytes == 132'096);
    CHECK(input.model.source == ModelSource::gguf);
    CHECK(input.weight_source.origin == WeightOrigin::gguf);
    CHECK(input.weight_source.path == path.string());
    const std::string note = cli::describe_weight_source(input.weight_source);
    CHECK_THAT(
        note, Catch::Matchers::StartsWith("weights: exact tensor bytes from the GGUF header of '"));
    // ggml type order: F32 (0) before F16 (1).
    CHECK_THAT(note,
               Catch::Matchers::EndsWith("(F32 0.00 GiB, F16 0.00 GiB; 16.06 bits per weight)"));
}
