#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "checkpoint_writers.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/safetensors.hpp"
#include "temp_folder.hpp"

namespace {

namespace fs = std::filesystem;
using namespace llmsize::testing;
using llmsize::testing::TempFolder;
using llmsize::testing::write_bytes;

std::string context(const fs::path& path) {
    return "reading '" + path.string() + "': ";
}

const llmsize::SafetensorsDtypeTotal& dtype_total(
    const std::vector<llmsize::SafetensorsDtypeTotal>& totals, const std::string& dtype) {
    for (const auto& total : totals) {
        if (total.dtype == dtype) return total;
    }
    FAIL("no dtype " << dtype);
    return totals.front();
}

}  // namespace

TEST_CASE("llmsize::read_safetensors_header", "[safetensors]") {
    TempFolder folder;

    SECTION("sums elements and bytes per dtype from the header alone") {
        // embed: BF16 [10, 4] = 40 elements × 2 B = 80 B at [0, 80)
        // norm:  F32  [4]     =  4 elements × 4 B = 16 B at [80, 96)
        // bias:  F16  []      =  1 element (a scalar) × 2 B = 2 B at [96, 98)
        const fs::path path = write_safetensors(
            folder / "model.safetensors",
            R"({"__metadata__":{"format":"pt"},)"
            R"("embed.weight":{"dtype":"BF16","shape":[10,4],"data_offsets":[0,80]},)"
            R"("norm.weight":{"dtype":"F32","shape":[4],"data_offsets":[80,96]},)"
            R"("lm_head.bias":{"dtype":"F16","shape":[],"data_offsets":[96,98]}})",
            98);
        const llmsize::SafetensorsSummary summary = llmsize::read_safetensors_header(path);
        CHECK(summary.tensors == 3);
        CHECK(summary.parameters == 45);  // 40 + 4 + 1
        CHECK(summary.quantization_metadata_elements == 0);
        CHECK(summary.tensor_bytes == 98);  // 80 + 16 + 2
        REQUIRE(summary.by_dtype.size() == 3);
        CHECK(summary.by_dtype[0].dtype == "BF16");  // sorted by name
        CHECK(summary.by_dtype[0].parameters == 40);
        CHECK(summary.by_dtype[0].bytes == 80);
        CHECK(dtype_total(summary.by_dtype, "F32").bytes == 16);
        CHECK(dtype_total(summary.by_dtype, "F16").parameters == 1);
    }

    SECTION("counts F8_E4M3 weights and their F32 weight_scale_inv tensors apart") {
        // q_proj:     F8_E4M3 [256, 256] = 65'536 elements × 1 B = 65'536 B
        // scale_inv:  F32 [2, 2] (one per 128×128 block) = 4 elements × 4 B = 16 B
        // norm:       BF16 [256] = 256 elements × 2 B = 512 B          total 66'064 B
        const fs::path path = write_safetensors(
            folder / "fp8.safetensors",
            R"({"q_proj.weight":{"dtype":"F8_E4M3","shape":[256,256],"data_offsets":[0,65536]},)"
            R"("q_proj.weight_scale_inv":{"dtype":"F32","shape":[2,2],"data_offsets":[65536,65552]},)"
            R"("norm.weight":{"dtype":"BF16","shape":[256],"data_offsets":[65552,66064]}})",
            66'064);
        const llmsize::SafetensorsSummary summary = llmsize::read_safetensors_header(path);
        CHECK(summary.parameters == 65'792);  // 65'536 + 256
        CHECK(summary.quantization_metadata_elements == 4);
        CHECK(summary.tensor_bytes == 66'064);
        CHECK(dtype_total(summary.by_dtype, "F32").parameters == 0);
        CHECK(dtype_total(summary.by_dtype, "F32").quantization_metadata_elements == 4);
        CHECK(dtype_total(summary.by_dtype, "F8_E4M3").bytes == 65'536);
    }

    SECTION("sub-byte F4 tensors are sized in bits") {
        // F4 [64] = 64 × 4 bits = 32 B
        const fs::path path =
            write_safetensors(folder / "f4.safetensors",
                              R"({"w":{"dtype":"F4","shape":[64],"data_offsets":[0,32]}})", 32);
        CHECK(llmsize::read_safetensors_header(path).tensor_bytes == 32);
    }

    SECTION("reads only the header of a 4 GiB tensor (sparse file)") {
        // F16 [2, 1'073'741'824] = 2^31 elements × 2 B = 4'294'967'296 B = 4 GiB
        const fs::path path = write_safetensors(
            folder / "big.safetensors",
            R"({"w":{"dtype":"F16","shape":[2,1073741824],"data_offsets":[0,4294967296]}})",
            4'294'967'296);
        const llmsize::SafetensorsSummary summary = llmsize::read_safetensors_header(path);
        CHECK(summary.parameters == 2'147'483'648);
        CHECK(summary.tensor_bytes == 4'294'967'296);
    }

    SECTION("GPTQ qweight tensors are flagged as packed; qzeros, scales and g_idx as metadata") {
        // qweight I32 [16, 64] = 1'024 elements (8 int4 weights each) × 4 B = 4'096 B
        // qzeros  I32 [1, 8]   = 8 × 4 = 32 B;  scales F16 [1, 64] = 64 × 2 = 128 B
        // g_idx   I32 [128]    = 128 × 4 = 512 B
        const fs::path path = write_safetensors(
            folder / "gptq.safetensors",
            R"({"l.qweight":{"dtype":"I32","shape":[16,64],"data_offsets":[0,4096]},)"
            R"("l.qzeros":{"dtype":"I32","shape":[1,8],"data_offsets":[4096,4128]},)"
            R"("l.scales":{"dtype":"F16","shape":[1,64],"data_offsets":[4128,4256]},)"
            R"("l.g_idx":{"dtype":"I32","shape":[128],"data_offsets":[4256,4768]}})",
            4'768);
        const llmsize::SafetensorsSummary summary = llmsize::read_safetensors_header(path);
        CHECK(summary.packed_tensors == 1);
        CHECK(summary.parameters == 1'024);
        CHECK(summary.quantization_metadata_elements == 200);  // 8 + 64 + 128
        CHECK(summary.tensor_bytes == 4'768);
    }
}

TEST_CASE("llmsize::read_safetensors_header rejects hostile files", "[safetensors]") {
    TempFolder folder;
    const fs::path path = folder / "bad.safetensors";

    SECTION("a file shorter than the header length") {
        write_bytes(path, "abc");
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "the file is 3 bytes, too short for the 8-byte header length at "
                              "byte 0");
    }
    SECTION("a header length larger than the file") {
        write_bytes(path, le64(1000) + "{}        ");
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "the header length at byte 0 is 1000 bytes, but only 10 bytes "
                              "follow it (is the file truncated?)");
    }
    SECTION("a header length over the format's 100 MB limit") {
        write_bytes(path, le64(100'000'001) + "{}");
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "the header length at byte 0 is 100000001 bytes, more than the "
                              "format's limit of 100000000 bytes");
    }
    SECTION("a zero header length") {
        write_bytes(path, le64(0) + "{}");
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "the header length at byte 0 is 0; the JSON header is "
                              "missing");
    }
    SECTION("truncated JSON") {
        write_safetensors(path, R"({"w":{"dtype":"F16")", 0);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) + "not valid JSON (line 1, column 19)");
    }
    SECTION("a header that is not an object") {
        write_safetensors(path, "[1,2]", 0);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "the JSON header at byte 8 must be an object, got an "
                              "array");
    }
    SECTION("a shape whose element count overflows 64 bits") {
        write_safetensors(
            path, R"({"w":{"dtype":"F32","shape":[4294967296,4294967296,2],"data_offsets":[0,0]}})",
            0);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "tensor 'w': element count is too large: the arithmetic overflows "
                              "64 bits");
    }
    SECTION("a negative dimension") {
        write_safetensors(path, R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})", 0);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "tensor 'w': 'shape' dimension 0 must be a non-negative "
                              "integer, got -1");
    }
    SECTION("data_offsets that do not match the shape") {
        // F32 [2, 3] needs 2 × 3 × 4 = 24 bytes; the offsets give 20.
        write_safetensors(path, R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})", 20);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "tensor 'w': data_offsets [0, 20] hold 20 bytes, but shape [2, 3] "
                              "of F32 needs 24 bytes");
    }
    SECTION("data_offsets past the end of the file") {
        write_safetensors(path, R"({"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}})", 10);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "tensor 'w': data_offsets [0, 24] run past the end of the file, "
                              "whose data section holds 10 bytes (is the file truncated?)");
    }
    SECTION("overlapping tensors") {
        write_safetensors(path,
                          R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]},)"
                          R"("b":{"dtype":"U8","shape":[8],"data_offsets":[4,12]}})",
                          12);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "tensor 'b': data_offsets [4, 12] overlap the previous tensor, "
                              "which ends at 8");
    }
    SECTION("bytes after the last tensor") {
        write_safetensors(path, R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})", 9);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "the tensors cover 8 bytes, but the file holds 9 bytes after the "
                              "header");
    }
    SECTION("an unknown dtype") {
        write_safetensors(path, R"({"w":{"dtype":"F12","shape":[1],"data_offsets":[0,2]}})", 2);
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(path),
                          context(path) +
                              "tensor 'w': unknown dtype \"F12\" (expected one of BOOL, U8, I8, "
                              "F8_E4M3, F8_E5M2, F8_E8M0, I16, U16, F16, BF16, I32, U32, F32, "
                              "I64, U64, F64, C64, F4, F6_E2M3, F6_E3M2)");
    }
    SECTION("a missing file") {
        CHECK_THROWS_WITH(llmsize::read_safetensors_header(folder / "none.safetensors"),
                          context(folder / "none.safetensors") +
                              "cannot open the file (does it exist and is it readable?)");
    }
}

TEST_CASE("llmsize::read_checkpoint_folder", "[safetensors]") {
    TempFolder folder;

    SECTION("sums the shards an index lists and ignores other .safetensors files") {
        // shard 1: BF16 [8, 8] = 64 elements, 128 B
        // shard 2: BF16 [8] = 8 elements, 16 B; F32 [2, 2] = 4 elements, 16 B
        write_safetensors(folder / "model-00001-of-00002.safetensors",
                          R"({"a":{"dtype":"BF16","shape":[8,8],"data_offsets":[0,128]}})", 128);
        write_safetensors(folder / "model-00002-of-00002.safetensors",
                          R"({"b":{"dtype":"BF16","shape":[8],"data_offsets":[0,16]},)"
                          R"("c":{"dtype":"F32","shape":[2,2],"data_offsets":[16,32]}})",
                          32);
        write_safetensors(folder / "consolidated.safetensors",
                          R"({"a":{"dtype":"BF16","shape":[8,8],"data_offsets":[0,128]}})", 128);
        write_bytes(folder / "model.safetensors.index.json",
                    R"({"metadata":{"total_size":160},"weight_map":{)"
                    R"("a":"model-00001-of-00002.safetensors",)"
                    R"("b":"model-00002-of-00002.safetensors",)"
                    R"("c":"model-00002-of-00002.safetensors"}})");
        const llmsize::CheckpointSummary summary = llmsize::read_checkpoint_folder(folder.path());
        CHECK(summary.files == 2);
        CHECK(summary.parameters == 76);     // 64 + 8 + 4
        CHECK(summary.tensor_bytes == 160);  // 128 + 16 + 16
        REQUIRE(summary.by_dtype.size() == 2);
        CHECK(summary.by_dtype[0].dtype == "BF16");
        CHECK(summary.by_dtype[0].parameters == 72);
        CHECK(summary.by_dtype[0].bytes == 144);
        CHECK(summary.by_dtype[1].bytes == 16);
        REQUIRE(summary.bits_per_weight());
        CHECK(*summary.bits_per_weight() == Approx(160.0 * 8 / 76));
        REQUIRE(summary.notes.size() == 1);
        CHECK(summary.notes[0] ==
              "ignored 'consolidated.safetensors': not listed in model.safetensors.index.json");
    }

    SECTION("without an index, sums every .safetensors file") {
        write_safetensors(folder / "a.safetensors",
                          R"({"a":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}})", 8);
        write_safetensors(folder / "b.safetensors",
                          R"({"b":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}})", 4);
        write_bytes(folder / "config.json", "{}");
        const llmsize::CheckpointSummary summary = llmsize::read_checkpoint_folder(folder.path());
        CHECK(summary.files == 2);
        CHECK(summary.parameters == 6);
        CHECK(summary.tensor_bytes == 12);
        CHECK(summary.notes.empty());
    }

    SECTION("an fp8 checkpoint: bits per weight include the scales") {
        // 65'536 F8_E4M3 weights (65'536 B) + 4 F32 scale_inv elements (16 B)
        write_safetensors(
            folder / "model.safetensors",
            R"({"q.weight":{"dtype":"F8_E4M3","shape":[256,256],"data_offsets":[0,65536]},)"
            R"("q.weight_scale_inv":{"dtype":"F32","shape":[2,2],"data_offsets":[65536,65552]}})",
            65'552);
        const llmsize::CheckpointSummary summary = llmsize::read_checkpoint_folder(folder.path());
        CHECK(summary.parameters == 65'536);
        CHECK(summary.quantization_metadata_elements == 4);
        CHECK(*summary.bits_per_weight() == Approx(65'552.0 * 8 / 65'536));  // 8.002 bits
    }

    SECTION("an index alone gives bytes but no parameter count") {
        write_bytes(folder / "model.safetensors.index.json",
                    R"({"metadata":{"total_size":16060522496},"weight_map":{)"
                    R"("a":"model-00001-of-00004.safetensors"}})");
        const llmsize::CheckpointSummary summary = llmsize::read_checkpoint_folder(folder.path());
        CHECK(summary.files == 0);
        CHECK(summary.tensor_bytes == 16'060'522'496);
        CHECK_FALSE(summary.parameters);
        CHECK_FALSE(summary.bits_per_weight());
        REQUIRE(summary.notes.size() == 2);
        CHECK(summary.notes[1] == "the parameter count is unknown: the index records bytes only");
    }

    SECTION("an index's total_parameters, when present, gives the parameter count") {
        write_bytes(folder / "model.safetensors.index.json",
                    R"({"metadata":{"total_size":200,"total_parameters":100},"weight_map":{}})");
        const llmsize::CheckpointSummary summary = llmsize::read_checkpoint_folder(folder.path());
        CHECK(summary.parameters == 100);
        CHECK(*summary.bits_per_weight() == Approx(16.0));
    }

    SECTION("refuses an index whose listed shards are missing, unless approximate") {
        write_safetensors(folder / "model-00001-of-00002.safetensors",
                          R"({"a":{"dtype":"BF16","shape":[8],"data_offsets":[0,16]}})", 16);
        write_bytes(folder / "model.safetensors.index.json",
                    R"({"metadata":{"total_size":32},"weight_map":{)"
                    R"("a":"model-00001-of-00002.safetensors",)"
                    R"("b":"model-00002-of-00002.safetensors"}})");
        const std::string reason =
            context(folder.path()) +
            "model.safetensors.index.json lists 1 file missing from the folder "
            "('model-00002-of-00002.safetensors'): the weights of the files present would be a "
            "partial total";
        CHECK_THROWS_WITH(llmsize::read_checkpoint_folder(folder.path()), reason);
        const llmsize::CheckpointSummary summary =
            llmsize::read_checkpoint_folder(folder.path(), {.approximate = true});
        CHECK(summary.tensor_bytes == 16);
        REQUIRE(summary.notes.size() == 1);
        CHECK(summary.notes[0] == "warning: " + reason + "; sized anyway (approximate)");
    }

    SECTION("refuses an index whose total_size disagrees with the shards' headers") {
        write_safetensors(folder / "model-00001-of-00001.safetensors",
                          R"({"a":{"dtype":"BF16","shape":[8],"data_offsets":[0,16]}})", 16);
        write_bytes(folder / "model.safetensors.index.json",
                    R"({"metadata":{"total_size":17},"weight_map":{)"
                    R"("a":"model-00001-of-00001.safetensors"}})");
        CHECK_THROWS_WITH(llmsize::read_checkpoint_folder(folder.path()),
                          context(folder / "model.safetensors.index.json") +
                              "'metadata.total_size' is 17 bytes, but the tensor headers of its "
                              "shards hold 16 bytes");
    }

    SECTION("refuses a checkpoint with no tensors") {
        write_safetensors(folder / "model.safetensors", R"({"__metadata__":{"format":"pt"}})", 0);
        CHECK_THROWS_WITH(
            llmsize::read_checkpoint_folder(folder.path()),
            context(folder.path()) + "the checkpoint holds no tensors, so it gives no weights");
    }

    SECTION("refuses an index-only folder whose total_size is 0") {
        write_bytes(folder / "model.safetensors.index.json",
                    R"({"metadata":{"total_size":0},"weight_map":{}})");
        CHECK_THROWS_WITH(llmsize::read_checkpoint_folder(folder.path()),
                          context(folder / "model.safetensors.index.json") +
                              "'metadata.total_size' is 0, and no shard is in the folder to read "
                              "the weights from");
    }

    SECTION("an index's fields are typed: each error names the key, a bad metadata is ignored") {
        const std::filesystem::path index = folder / "model.safetensors.index.json";
        const auto error_for = [&](const std::string& text) {
            write_bytes(index, text);
            try {
                llmsize::read_checkpoint_folder(folder.path());
            } catch (const llmsize::Error& error) {
                return std::string(error.what());
            }
            return std::string("no error");
        };
        CHECK(error_for("[]") == context(index) + "expected a JSON object");
        CHECK(error_for(R"({"weight_map":null})") ==
              context(index) + "'weight_map' must be an object, got null");
        CHECK(error_for(R"({"weight_map":[]})") ==
              context(index) + "'weight_map' must be an object, got an array");
        CHECK(error_for(R"({"weight_map":{"a":3}})") ==
              context(index) + "'weight_map.a' must be a file name, got 3");
        CHECK(error_for(R"({"metadata":"x","weight_map":{}})") ==
              context(index) +
                  "no .safetensors files in the folder and no 'metadata.total_size' in the index");
        CHECK(error_for(R"({"metadata":{"total_parameters":-1},"weight_map":{}})") ==
              context(index) +
                  "'metadata.total_parameters' must be a non-negative integer up to "
                  "1125899906842624, got -1");
    }

    SECTION("an empty folder") {
        CHECK_THROWS_WITH(llmsize::read_checkpoint_folder(folder.path()),
                          context(folder.path()) +
                              "no .safetensors files and no model.safetensors.index.json in the "
                              "folder");
    }

    SECTION("a bad shard names the shard") {
        const fs::path shard = folder / "model.safetensors";
        write_bytes(shard, le64(50) + "{}");
        CHECK_THROWS_WITH(llmsize::read_checkpoint_folder(folder.path()),
                          context(shard) +
                              "the header length at byte 0 is 50 bytes, but only 2 bytes follow "
                              "it (is the file truncated?)");
    }
}

TEST_CASE("A leading __metadata__ is checked without the JSON parser", "[safetensors]") {
    // The safetensors library writes __metadata__ first; a fast path checks it (issue 16: a 100 MB
    // header of metadata took 1.2 s through nlohmann's lexer). Whichever path reads the header,
    // the summary and every error must be the same.
    TempFolder folder;
    const std::string tensor = R"("w":{"dtype":"F16","shape":[2,3],"data_offsets":[0,12]})";
    const auto summary_of = [&](const std::string& name, const std::string& header) {
        return llmsize::read_safetensors_header(write_safetensors(folder / name, header, 12));
    };
    const auto error_of = [&](const std::string& name, const std::string& header) {
        try {
            summary_of(name, header);
        } catch (const llmsize::Error& error) {
            return std::string(error.what());
        }
        FAIL("no error for " << header);
        return std::string();
    };

    SECTION("first (fast path) or last (the parser), the summary is the same") {
        const std::string metadata =
            R"("__metadata__" : { "format":"pt", "note":"caf\u00e9 \"quoted\" \\ / é 日本 😀",)"
            R"( "empty":"" })";
        const auto first = summary_of("first.safetensors", "{ " + metadata + ", " + tensor + "}");
        const auto last = summary_of("last.safetensors", "{" + tensor + "," + metadata + "}");
        CHECK(first.parameters == 6);
        CHECK(first.tensor_bytes == 12);
        CHECK(first.tensors == last.tensors);
        CHECK(first.parameters == last.parameters);
        CHECK(llmsize::read_safetensors_header(
                  write_safetensors(folder / "only.safetensors", R"({"__metadata__":{}})", 0))
                  .tensors == 0);
    }

    SECTION("what the fast path does not take is still refused by the parser") {
        // Invalid UTF-8 (an overlong '/'), a raw control character, a bad escape, a number.
        for (const std::string& bad :
             {std::string("\xC0\xAF"), std::string("a\tb"), std::string(R"(\x41)")}) {
            const std::string message = error_of(
                "bad.safetensors", R"({"__metadata__":{"k":")" + bad + R"("},)" + tensor + "}");
            CHECK_THAT(message, Catch::Contains("not valid JSON"));
        }
        // Not strings: the parser's rules apply (an object, its values not checked).
        CHECK(summary_of("number.safetensors", R"({"__metadata__":{"k":1},)" + tensor + "}")
                  .parameters == 6);
    }

    SECTION("numbers, literals, arrays and objects: taken by the scan, or left to the parser") {
        // Every value below is valid JSON; the summary is the tensor's, whichever path read it.
        for (const std::string& value :
             {std::string(R"([0, -1, 2.5, 123456789012345, true, false, null, [], {}])"),
              std::string(R"({"a": {"b": [1, {"c": "d"}]}, "e": -0.125})"),
              std::string("12345678901234567890"), std::string(R"([1.5E3, 2e-2])")}) {
            INFO(value);
            CHECK(summary_of("values.safetensors",
                             R"({"__metadata__":{"k":)" + value + "}," + tensor + "}")
                      .parameters == 6);
        }
        // Not JSON: refused, with the parser's words.
        for (const std::string& bad :
             {std::string("01"), std::string("-"), std::string("1."), std::string("[1,]"),
              std::string("tru"), std::string(R"({"a" 1})"), std::string("[1 2]")}) {
            INFO(bad);
            CHECK_THAT(
                error_of("bad.safetensors", R"({"__metadata__":{"k":)" + bad + "}," + tensor + "}"),
                Catch::Contains("not valid JSON"));
        }
        // Out of range: the scan leaves exponents to the parser, which refuses this one.
        CHECK_THAT(error_of("huge.safetensors", R"({"__metadata__":{"k":1e999},)" + tensor + "}"),
                   Catch::Contains("too large"));
        // Nesting beyond the parser's depth cap: its error, not the scan's.
        const std::string deep = std::string(70, '[') + std::string(70, ']');
        CHECK_THAT(
            error_of("deep.safetensors", R"({"__metadata__":{"k":)" + deep + "}," + tensor + "}"),
            Catch::Contains("nested"));
    }

    SECTION("an error after the metadata names a line and column of the file's own header") {
        const std::string header = "{\"__metadata__\":{\"format\":\"pt\"},\n" + tensor + ",}";
        const std::string message = error_of("late.safetensors", header);
        std::string expected;
        try {
            llmsize::parse_json_text(header, (folder / "late.safetensors").string());
        } catch (const llmsize::Error& error) {
            expected = error.what();
        }
        CHECK(message.find(expected.substr(expected.find("line "))) != std::string::npos);
        CHECK_THAT(message, Catch::Contains("line 2"));
    }
}
