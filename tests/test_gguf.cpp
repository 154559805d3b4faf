#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "checkpoint_writers.hpp"
#include "llmsize/error.hpp"
#include "llmsize/gguf.hpp"
#include "temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using namespace llmsize::testing;
using llmsize::testing::TempFolder;
using llmsize::testing::write_bytes;

std::string context(const fs::path& path) {
    return "reading '" + path.string() + "': ";
}

}  // namespace

TEST_CASE("llmsize::ggml_types", "[gguf]") {
    // gguf-py GGML_QUANT_SIZES (block elements, bytes per block); engines.md §4.7.
    CHECK(llmsize::find_ggml_type(12)->name == "Q4_K");
    CHECK(llmsize::find_ggml_type(12)->block_bytes == 144);  // 2 + 2 + 256/2 + 12
    CHECK(llmsize::find_ggml_type(14)->block_bytes == 210);  // 2 + 256/2 + 256/4 + 256/16
    CHECK(llmsize::find_ggml_type(8)->block_bytes == 34);    // 2 + 32
    CHECK(llmsize::find_ggml_type(39)->block_bytes == 17);   // MXFP4: 1 + 16
    CHECK(llmsize::find_ggml_type(4) == nullptr);            // Q4_2: removed
    CHECK(llmsize::ggml_types().size() == 32);
}

TEST_CASE("llmsize::read_gguf_header", "[gguf]") {
    TempFolder folder;

    SECTION("a v3 file: exact bytes of F16, Q8_0, Q4_K and Q6_K tensors") {
        GgufWriter writer;
        add_llama_metadata(writer, 2);
        writer.add_u32("llama.attention.head_count_kv", 2);
        writer.add_string_array("tokenizer.ggml.tokens", {"<s>", "</s>", "a"});
        // Q4_K [256, 10]:  2'560 elements / 256 = 10 blocks × 144 B =   1'440 B
        // Q8_0 [256, 256]: 65'536 / 32 = 2'048 blocks × 34 B          =  69'632 B
        // Q6_K [512, 256]: 131'072 / 256 = 512 blocks × 210 B         = 107'520 B
        // F16  [256]:      256 × 2 B                                   =     512 B
        writer.add_tensor("token_embd.weight", {256, 10}, k_q4_k, 1'440);
        writer.add_tensor("blk.0.attn_q.weight", {256, 256}, k_q8_0, 69'632);
        writer.add_tensor("blk.0.ffn_down.weight", {512, 256}, k_q6_k, 107'520);
        writer.add_tensor("output_norm.weight", {256}, k_f16, 512);
        const fs::path path = writer.write(folder / "tiny.gguf");

        const llmsize::GgufSummary gguf = llmsize::read_gguf_header(path);
        CHECK(gguf.version == 3);
        CHECK(gguf.architecture == "llama");
        CHECK(gguf.name == "tiny-llama");
        CHECK(gguf.alignment_bytes == 32);
        CHECK(gguf.tensors.size() == 4);
        CHECK(gguf.parameters == 199'424);    // 2'560 + 65'536 + 131'072 + 256
        CHECK(gguf.tensor_bytes == 179'104);  // 1'440 + 69'632 + 107'520 + 512
        REQUIRE(gguf.by_type.size() == 4);
        CHECK(gguf.by_type[0].type == "F16");  // ordered by ggml id: 1, 8, 12, 14
        CHECK(gguf.by_type[1].type == "Q8_0");
        CHECK(gguf.by_type[2].type == "Q4_K");
        CHECK(gguf.by_type[2].bytes == 1'440);
        CHECK(gguf.by_type[3].type == "Q6_K");
        CHECK(gguf.by_type[3].parameters == 131'072);
        CHECK(gguf.metadata.at("tokenizer.ggml.tokens").length == 3);

        const llmsize::ModelSpec model = llmsize::model_from_gguf(gguf);
        CHECK(model.architecture == "llama");
        CHECK(model.name == "tiny-llama");
        CHECK(model.parameters == 199'424);
        CHECK(model.layers == 2);
        CHECK(model.hidden_size == 256);
        CHECK(model.attention_heads == 8);
        CHECK(model.kv_heads == 2);
        CHECK(model.head_dim == 32);  // 256 / 8: key_length defaults to n_embd / n_head
        CHECK(model.vocab_size == 3);
        CHECK(model.max_position_embeddings == 4096);
        REQUIRE(model.kv_layers.size() == 1);
        CHECK(model.kv_layers[0].kind == llmsize::LayerKind::full_attention);
        CHECK(model.kv_layers[0].layers == 2);
        CHECK(model.kv_layers[0].kv_heads == 2);
        CHECK(model.kv_layers[0].key_dim == 32);
        CHECK(model.kv_layers[0].value_dim == 32);
        CHECK(model.notes.empty());
    }

    SECTION("a v2 file") {
        GgufWriter writer(2);
        add_llama_metadata(writer, 1);
        writer.add_tensor("w", {64}, k_f32, 256);
        const llmsize::GgufSummary gguf =
            llmsize::read_gguf_header(writer.write(folder / "v2.gguf"));
        CHECK(gguf.version == 2);
        CHECK(gguf.tensor_bytes == 256);
        CHECK(llmsize::model_from_gguf(gguf).kv_heads ==
              8);  // head_count_kv defaults to head_count
    }

    SECTION("every value type, nested arrays, and a custom alignment") {
        GgufWriter writer;
        writer.add_raw("u8", 0, le<std::uint8_t>(200));
        writer.add_raw("i8", 1, le<std::int8_t>(-5));
        writer.add_raw("u16", 2, le<std::uint16_t>(60'000));
        writer.add_raw("i16", 3, le<std::int16_t>(-300));
        writer.add_raw("u32", 4, le<std::uint32_t>(4'000'000'000));
        writer.add_raw("i32", 5, le<std::int32_t>(-70'000));
        writer.add_raw("f32", 6, le<float>(0.5F));
        writer.add_raw("bool", 7, le<std::uint8_t>(1));
        writer.add_raw("str", 8, gguf_string("hello"));
        writer.add_raw("u64", 10, le<std::uint64_t>(std::uint64_t{1} << 40));
        writer.add_raw("i64", 11, le<std::int64_t>(-1));
        writer.add_raw("f64", 12, le<double>(1e-6));
        // An array of two arrays of uint8: [[1, 2], [3]].
        writer.add_raw("nested", k_array,
                       le<std::uint32_t>(k_array) + le<std::uint64_t>(2) + le<std::uint32_t>(0) +
                           le<std::uint64_t>(2) + "\x01\x02" + le<std::uint32_t>(0) +
                           le<std::uint64_t>(1) + "\x03");
        writer.add_raw("floats", k_array, le(k_float32) + le<std::uint64_t>(1) + le(2.0F));
        writer.add_raw("general.alignment", k_uint32, le<std::uint32_t>(64));
        const llmsize::GgufSummary gguf =
            llmsize::read_gguf_header(writer.write(folder / "types.gguf"));
        const auto& metadata = gguf.metadata;
        CHECK(metadata.size() == 15);
        CHECK(metadata.at("u8").as_unsigned() == 200);
        CHECK(std::get<std::int64_t>(metadata.at("i8").scalar) == -5);
        CHECK(metadata.at("u16").as_unsigned() == 60'000);
        CHECK(std::get<std::int64_t>(metadata.at("i16").scalar) == -300);
        CHECK(metadata.at("u32").as_unsigned() == 4'000'000'000);
        CHECK(std::get<std::int64_t>(metadata.at("i32").scalar) == -70'000);
        CHECK(std::get<double>(metadata.at("f32").scalar) == 0.5);
        CHECK(std::get<bool>(metadata.at("bool").scalar));
        CHECK(*metadata.at("str").as_string() == "hello");
        CHECK(metadata.at("u64").as_unsigned() == std::uint64_t{1} << 40);
        CHECK_FALSE(metadata.at("i64").as_unsigned());
        CHECK(std::get<double>(metadata.at("f64").scalar) == 1e-6);
        CHECK(metadata.at("nested").length == 2);
        CHECK(metadata.at("nested").element_type == llmsize::GgufValueType::array);
        CHECK_FALSE(metadata.at("floats").integers);
        CHECK(gguf.alignment_bytes == 64);
        CHECK(gguf.tensors.empty());
    }
}

TEST_CASE("llmsize::model_from_gguf", "[gguf]") {
    TempFolder folder;

    SECTION("a per-layer head_count_kv array gives several layer groups") {
        GgufWriter writer;
        add_llama_metadata(writer, 4);
        writer.add_i32_array("llama.attention.head_count_kv", {4, 0, 4, 2});
        writer.add_u32("llama.attention.key_length", 64);
        writer.add_u32("llama.attention.value_length", 48);
        const llmsize::ModelSpec model =
            llmsize::model_from_gguf(llmsize::read_gguf_header(writer.write(folder / "a.gguf")));
        CHECK(model.kv_heads == 4);
        CHECK(model.head_dim == 64);
        REQUIRE(model.kv_layers.size() == 2);
        CHECK(model.kv_layers[0].layers == 2);
        CHECK(model.kv_layers[0].kv_heads == 4);
        CHECK(model.kv_layers[0].value_dim == 48);
        CHECK(model.kv_layers[1].layers == 1);
        CHECK(model.kv_layers[1].kv_heads == 2);
        REQUIRE(model.notes.size() == 1);
        CHECK(model.notes[0] ==
              "1 of 4 layers have no KV cache ('llama.attention.head_count_kv' is 0); any "
              "recurrent state they keep is not sized");
    }

    SECTION("gemma3: five sliding-window layers to one full (llama.cpp set_swa_pattern(6))") {
        GgufWriter writer;
        writer.add_string("general.architecture", "gemma3");
        writer.add_u32("gemma3.block_count", 12);
        writer.add_u32("gemma3.embedding_length", 1152);
        writer.add_u32("gemma3.attention.head_count", 4);
        writer.add_u32("gemma3.attention.head_count_kv", 1);
        writer.add_u32("gemma3.attention.key_length", 256);
        writer.add_u32("gemma3.attention.value_length", 256);
        writer.add_u32("gemma3.attention.sliding_window", 512);
        const llmsize::ModelSpec model =
            llmsize::model_from_gguf(llmsize::read_gguf_header(writer.write(folder / "g.gguf")));
        REQUIRE(model.kv_layers.size() == 2);
        CHECK(model.kv_layers[0].kind == llmsize::LayerKind::sliding_attention);
        CHECK(model.kv_layers[0].layers == 10);  // layers 0-4 and 6-10
        CHECK(model.kv_layers[0].window_tokens == 512);
        CHECK(model.kv_layers[1].kind == llmsize::LayerKind::full_attention);
        CHECK(model.kv_layers[1].layers == 2);  // layers 5 and 11
    }

    SECTION("an unknown sliding pattern sizes every layer as full attention, with a note") {
        GgufWriter writer;
        add_llama_metadata(writer, 2);
        writer.add_u32("llama.attention.sliding_window", 4096);
        const llmsize::ModelSpec model =
            llmsize::model_from_gguf(llmsize::read_gguf_header(writer.write(folder / "m.gguf")));
        REQUIRE(model.kv_layers.size() == 1);
        CHECK(model.kv_layers[0].kind == llmsize::LayerKind::full_attention);
        REQUIRE(model.notes.size() == 1);
        CHECK(model.notes[0] ==
              "'llama.attention.sliding_window' is 4096, but which layers use it is not known "
              "for architecture 'llama': every layer is sized as full attention (an upper bound)");
    }

    SECTION("deepseek2 latent attention: kv_lora_rank + rope dimension, one head") {
        GgufWriter writer;
        writer.add_string("general.architecture", "deepseek2");
        writer.add_u32("deepseek2.block_count", 3);
        writer.add_u32("deepseek2.embedding_length", 7168);
        writer.add_u32("deepseek2.attention.head_count", 128);
        writer.add_u32("deepseek2.attention.key_length", 192);
        writer.add_u32("deepseek2.attention.value_length", 128);
        writer.add_u32("deepseek2.attention.kv_lora_rank", 512);
        writer.add_u32("deepseek2.rope.dimension_count", 64);
        const llmsize::ModelSpec model =
            llmsize::model_from_gguf(llmsize::read_gguf_header(writer.write(folder / "d.gguf")));
        REQUIRE(model.kv_layers.size() == 1);
        CHECK(model.kv_layers[0].kind == llmsize::LayerKind::latent_attention);
        CHECK(model.kv_layers[0].layers == 3);
        CHECK(model.kv_layers[0].key_dim == 576);  // 512 + 64
        CHECK(model.kv_layers[0].elements_per_token_per_layer() == 576);
    }

    SECTION("missing keys are named") {
        GgufWriter writer;
        writer.add_string("general.architecture", "llama");
        const fs::path path = writer.write(folder / "x.gguf");
        CHECK_THROWS_WITH(llmsize::model_from_gguf(llmsize::read_gguf_header(path)),
                          context(path) + "GGUF metadata 'llama.block_count' is missing");
    }

    SECTION("a head_count_kv array of the wrong length") {
        GgufWriter writer;
        add_llama_metadata(writer, 4);
        writer.add_i32_array("llama.attention.head_count_kv", {4, 4});
        const fs::path path = writer.write(folder / "x.gguf");
        CHECK_THROWS_WITH(llmsize::model_from_gguf(llmsize::read_gguf_header(path)),
                          context(path) +
                              "GGUF metadata 'llama.attention.head_count_kv' must be an integer "
                              "or an array of 4 integers (one per layer), got an array of 2");
    }
}

TEST_CASE("llmsize::read_gguf_header rejects hostile files", "[gguf]") {
    TempFolder folder;
    const fs::path path = folder / "bad.gguf";

    SECTION("bad magic") {
        write_bytes(path, "GGML" + le<std::uint32_t>(3) + std::string(16, '\0'));
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 0: not a GGUF file: the magic is \"GGML\", expected "
                              "\"GGUF\"");
    }
    SECTION("a file shorter than the magic") {
        write_bytes(path, "GG");
        CHECK_THROWS_WITH(
            llmsize::read_gguf_header(path),
            context(path) + "at byte 0: the magic needs 4 bytes, but the file ends at byte 2");
    }
    SECTION("version 1") {
        GgufWriter(1).write(path);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 4: GGUF version 1 is not supported (version 1 predates "
                              "64-bit counts; llmsize reads versions 2 and 3)");
    }
    SECTION("a big-endian file") {
        write_bytes(path, "GGUF" + std::string("\0\0\0\x03", 4) + std::string(16, '\0'));
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 4: GGUF version 50331648 is not supported (a big-endian "
                              "file? llmsize reads little-endian versions 2 and 3)");
    }
    SECTION("truncated metadata") {
        GgufWriter writer;
        writer.add_u32("a", 1);
        std::string bytes = writer.header();
        bytes.replace(16, 8, le<std::uint64_t>(2));  // claims two pairs, holds one
        write_bytes(path, bytes);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) + "at byte " + std::to_string(bytes.size()) +
                              ": metadata key 1 length needs 8 bytes, but the file ends at byte " +
                              std::to_string(bytes.size()));
    }
    SECTION("a string length past the end of the file") {
        GgufWriter writer;
        const std::uint64_t at =
            writer.add_raw("general.name", k_string, le<std::uint64_t>(1000) + "tiny");
        write_bytes(path, writer.header());
        // the pair: 8-byte key length + 12-byte key + 4-byte type, then the string length
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) + "at byte " + std::to_string(at + 24) +
                              ": metadata 'general.name' is 1000 bytes, past the end of the file "
                              "at byte " +
                              std::to_string(writer.header().size()));
    }
    SECTION("a string over llmsize's limit") {
        GgufWriter writer;
        writer.add_raw("k", k_string, le<std::uint64_t>(std::uint64_t{1} << 40));
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 37: metadata 'k' is 1099511627776 bytes, more than "
                              "llmsize's limit of 16777216");
    }
    SECTION("an unknown value type") {
        GgufWriter writer;
        writer.add_raw("k", 13, "");
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 33: metadata 'k' has unknown value type 13 (expected "
                              "0 to 12)");
    }
    SECTION("an array length over llmsize's limit") {
        GgufWriter writer;
        writer.add_raw("k", k_array, le<std::uint32_t>(0) + le<std::uint64_t>(1ULL << 40));
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 41: metadata 'k' has 1099511627776 elements, more than "
                              "llmsize's limit of 67108864");
    }
    SECTION("an array that claims more bytes than the file holds") {
        GgufWriter writer;
        writer.add_raw("k", k_array, le<std::uint32_t>(k_uint32) + le<std::uint64_t>(1000));
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 49: metadata 'k' (1000 elements) needs 4000 bytes, but the "
                              "file ends at byte 49");
    }
    SECTION("arrays nested too deep") {
        std::string payload;
        for (int i = 0; i < 5; ++i)
            payload += le<std::uint32_t>(k_array) + le<std::uint64_t>(1);
        GgufWriter writer;
        writer.add_raw("k", k_array, payload);
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "at byte 85: metadata 'k' element 0 element 0 element 0 element 0 "
                              "nests arrays deeper than llmsize's limit of 4");
    }
    SECTION("n_dims over 4") {
        GgufWriter writer;
        const std::uint64_t at = writer.add_raw_tensor(gguf_string("w") + le<std::uint32_t>(5));
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) + "at byte " + std::to_string(at + 9) +
                              ": tensor 'w' has 5 dimensions; GGUF allows at most 4");
    }
    SECTION("an unknown ggml type") {
        GgufWriter writer;
        const std::uint64_t at = writer.add_tensor("w", {32}, 99, 0);
        const fs::path file = writer.write(path);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(file),
                          context(path) + "at byte " + std::to_string(at) +
                              ": tensor 'w' has unknown ggml type 99");
    }
    SECTION("a row that is not a multiple of the block size") {
        GgufWriter writer;
        const std::uint64_t at = writer.add_tensor("w", {100, 2}, k_q4_k, 0);
        writer.write(path);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) + "at byte " + std::to_string(at) +
                              ": tensor 'w' of type Q4_K has 100 elements per row, not a "
                              "multiple of its block size 256");
    }
    SECTION("an element count that overflows 64 bits") {
        GgufWriter writer;
        writer.add_tensor("w", {1ULL << 32, 1ULL << 32}, k_f32, 0);
        writer.write(path);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "tensor 'w': element count is too large: the arithmetic overflows "
                              "64 bits");
    }
    SECTION("a tensor name over ggml's 63 bytes") {
        GgufWriter writer;
        writer.add_tensor(std::string(64, 'n'), {32}, k_f32, 128);
        writer.write(path);
        CHECK_THROWS_WITH(
            llmsize::read_gguf_header(path),
            context(path) + "at byte 24: tensor 0 name is 64 bytes, more than ggml's limit of 63");
    }
    SECTION("a tensor at the wrong offset") {
        GgufWriter writer;
        writer.add_tensor("a", {32}, k_f32, 128);
        writer.add_tensor("b", {32}, k_f32, 128, 64);
        writer.write(path);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) +
                              "tensor 'b' has data offset 64, expected 128 (tensors follow one "
                              "another, each padded to 32 bytes)");
    }
    SECTION("tensor data past the end of the file") {
        GgufWriter writer;
        writer.add_tensor("a", {32}, k_f32, 128);
        writer.write(path);
        const std::uint64_t full = fs::file_size(path);
        fs::resize_file(path, full - 1);
        CHECK_THROWS_WITH(llmsize::read_gguf_header(path),
                          context(path) + "tensor 'a' ends at byte " + std::to_string(full) +
                              ", past the end of the file at byte " + std::to_string(full - 1) +
                              " (is the file truncated?)");
    }
    SECTION("a duplicate key") {
        GgufWriter writer;
        writer.add_u32("k", 1);
        const std::uint64_t at = writer.add_raw("k", k_uint32, le<std::uint32_t>(2));
        write_bytes(path, writer.header());
        CHECK_THROWS_WITH(
            llmsize::read_gguf_header(path),
            context(path) + "at byte " + std::to_string(at) + ": metadata 'k' appears twice");
    }
    SECTION("a missing file") {
        CHECK_THROWS_WITH(llmsize::read_gguf_header(folder / "none.gguf"),
                          context(folder / "none.gguf") +
                              "cannot open the file (does it exist and is it readable?)");
    }
}
