// Hostile input, round two (issue 16): files and arguments built to abort, hang, exhaust memory,
// write to the terminal or answer with a partial total. Each row ends in exit 2, nothing on
// stdout and one clean line on stderr, pinned word for word. Large inputs are generated here in a
// temporary folder (sparse files, FIFOs, symlink loops). Time is bounded by ctest's TIMEOUT on
// this file's tests (tests/CMakeLists.txt), and memory by .ci/run, which runs the suite under
// a 1 GiB address-space limit: no assertion here measures either.
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "checkpoint_writers.hpp"
#include "llmsize/error.hpp"
#include "run_cli.hpp"
#include "temp_folder.hpp"

using llmsize::testing::gguf_string;
using llmsize::testing::GgufWriter;
using llmsize::testing::k_array;
using llmsize::testing::k_string;
using llmsize::testing::le;
using llmsize::testing::TempFolder;
using llmsize::testing::write_safetensors;

namespace fs = std::filesystem;

namespace {

struct Result {
    int code;
    std::string out;
    std::string err;
};

Result run(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = llmsize::cli::run_cli(args, out, err);
    return {code, out.str(), err.str()};
}

std::string in_folder(std::string text, const std::string& folder) {
    for (std::size_t at = text.find("{dir}"); at != std::string::npos;
         at = text.find("{dir}", at)) {
        text.replace(at, 5, folder);
        at += folder.size();
    }
    return text;
}

// True when `text` holds a byte a terminal would act on: C0 controls other than the line feeds
// that end lines, DEL, or the C1 controls as UTF-8 (U+0080 to U+009F).
bool has_control_character(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte < 0x20 && byte != '\n') || byte == 0x7F) return true;
        if (byte == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9F) return true;
        }
    }
    return false;
}

std::string config_with_layers(const std::string& model_type, const std::string& extra = "") {
    return R"({"model_type": ")" + model_type +
           R"(", "hidden_size": 4096, "intermediate_size": 11008, "num_hidden_layers": 4294967296,
              "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000,
              "kv_lora_rank": 512, "qk_rope_head_dim": 64, "qk_nope_head_dim": 128,
              "v_head_dim": 128, "n_routed_experts": 8, "num_experts_per_tok": 2,
              "moe_intermediate_size": 1024)" +
           extra + "}";
}

struct HostileInput {
    std::string what;
    std::vector<std::string> args;  // "{dir}" stands for the temp folder
    std::string err;                // the exact stderr, "{dir}" likewise
};

}  // namespace

TEST_CASE("hostile input: exit 2, empty stdout, one clean line", "[cli][errors][hostile]") {
    TempFolder folder;
    const std::string dir = folder.path().string();

    // Files that are not regular files: refused before they are opened (a FIFO would block).
    REQUIRE(mkfifo((folder / "pipe").c_str(), 0600) == 0);
    folder.make_folder("pipe-shard");
    folder.write("pipe-shard/config.json",
                 R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
                     "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000})");
    REQUIRE(mkfifo((folder / "pipe-shard" / "model.safetensors").c_str(), 0600) == 0);
    fs::create_symlink(folder / "loop-a", folder / "loop-b");
    fs::create_symlink(folder / "loop-b", folder / "loop-a");
    folder.make_folder("a-folder.gguf");

    // Layer counts at the old maximum, 2^32: minutes of per-layer loops before the cap.
    folder.write("deepseek.json", config_with_layers("deepseek_v3"));
    folder.write("jamba.json", config_with_layers("jamba"));
    folder.write("qwen2.json", config_with_layers("qwen2", R"(, "use_sliding_window": true,
                 "sliding_window": 4096, "max_window_layers": 28)"));

    // A GGUF whose token list is 2^26 empty strings, in a sparse 512 MiB file: skipped without a
    // string per element; the file then ends where the next key should be.
    {
        GgufWriter writer;
        writer.add_raw("tokenizer.ggml.tokens", k_array,
                       le(k_string) + le<std::uint64_t>(std::uint64_t{1} << 26));
        const std::string header = writer.header();
        const std::string patched = header.substr(0, 16) + le<std::uint64_t>(2) + header.substr(24);
        llmsize::testing::write_bytes(folder / "empty-strings.gguf", patched);
        fs::resize_file(folder / "empty-strings.gguf", patched.size() + (std::uint64_t{8} << 26));
    }

    // A safetensors header at the format's 100 MB cap, whose __metadata__ holds 50 million
    // array elements: checked but never built; then the file holds no tensors.
    folder.make_folder("metadata-array");
    {
        std::string header = R"({"__metadata__": {"a": [)";
        header.reserve(100'000'000);
        while (header.size() < 99'999'000)
            header += "0,0,0,0,0,0,0,0,0,0,";
        header += "0]}}";
        write_safetensors(folder / "metadata-array" / "model.safetensors", header, 0);
        folder.write("metadata-array/config.json",
                     R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
                         "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000})");
    }

    // A 60 MiB index of 30 million values: refused at the 2,000,000th, before memory grows.
    folder.make_folder("huge-index");
    {
        std::string index = R"({"metadata": {"padding": [)";
        index.reserve(60 * 1024 * 1024);
        while (index.size() < 60 * 1024 * 1024)
            index += "1,1,1,1,1,1,1,1,1,1,";
        index += "1]}, \"weight_map\": {}}";
        folder.write("huge-index/model.safetensors.index.json", index);
        folder.write("huge-index/config.json",
                     R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
                         "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000})");
    }

    // Indexes that would give partial or absurd totals.
    const std::string llama =
        R"({"model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
            "num_hidden_layers": 32, "num_attention_heads": 32, "vocab_size": 32000})";
    folder.write("huge-total/config.json", llama);
    folder.write("huge-total/model.safetensors.index.json",
                 R"({"metadata": {"total_size": 18446744073709551615}, "weight_map": {}})");
    folder.write("zero-total/config.json", llama);
    folder.write("zero-total/model.safetensors.index.json",
                 R"({"metadata": {"total_size": 0}, "weight_map": {}})");
    folder.write("no-tensors/config.json", llama);
    write_safetensors(folder / "no-tensors" / "model.safetensors", "{}", 0);

    // A catalog of 28,000 instances whose last repeats the first: found by a hash set, not by
    // comparing every pair.
    {
        std::string catalog = R"({"replace_bundled": true, "instances": [)";
        for (int i = 0; i <= 28'000; ++i) {
            catalog += (i == 0 ? "{" : ",{") + std::string(R"("name":"x)") +
                       std::to_string(i == 28'000 ? 0 : i) +
                       R"(","accelerator":"A","accelerator_count":1,)"
                       R"("accelerator_memory_gb_marketed":24,)"
                       R"("accelerator_memory_mib_usable":22000,"source":"s"})";
        }
        folder.write("big-catalog.json", catalog + "]}");
    }
    // One instance with a 200 KB name, asked for by a 100 KB one: no quadratic "did you mean".
    folder.write("long-name-catalog.json", R"({"replace_bundled": true, "instances": [{"name": ")" +
                                               std::string(200'000, 'a') +
                                               R"(", "accelerator": "A", "accelerator_count": 1,
                     "accelerator_memory_gb_marketed": 24, "accelerator_memory_mib_usable": 22000,
                     "source": "s"}]})");
    // A price that 64 nodes would overflow to "$inf/h".
    folder.write("price-catalog.json",
                 R"({"instances": [{"name": "ml.p.xlarge", "accelerator": "A",
                     "accelerator_count": 1, "accelerator_memory_gb_marketed": 24,
                     "accelerator_memory_mib_usable": 22000, "source": "s",
                     "price_usd_per_hour": 1e308}]})");

    // 72,000 --seq values.
    std::vector<std::string> many_seq = {"--params", "7B", "--json"};
    for (int i = 1; i <= 72'000; ++i) {
        many_seq.push_back("--seq");
        many_seq.push_back(std::to_string(i));
    }
    // A 1 MiB argument full of escape sequences and newlines.
    std::string forged;
    while (forged.size() < 1024 * 1024)
        forged += "\x1b[2J\nRecommended: ml.fake\r\xc2\x9b";

    const std::string layer_cap = "must be at most 65536, got 4294967296\n";
    const std::vector<HostileInput> rows = {
        {"--config on a FIFO",
         {"--config", "{dir}/pipe", "--seq", "4096"},
         "llmsize: error: reading '{dir}/pipe': is a named pipe (FIFO), not a regular file\n"},
        {"--gguf on a FIFO",
         {"--gguf", "{dir}/pipe", "--seq", "4096"},
         "llmsize: error: reading '{dir}/pipe': is a named pipe (FIFO), not a regular file\n"},
        {"--catalog on a FIFO",
         {"--params", "7B", "--seq", "4096", "--catalog", "{dir}/pipe"},
         "llmsize: error: reading '{dir}/pipe': is a named pipe (FIFO), not a regular file\n"},
        {"a checkpoint shard that is a FIFO",
         {"--config", "{dir}/pipe-shard", "--seq", "4096"},
         "llmsize: error: reading '{dir}/pipe-shard/model.safetensors': is a named pipe (FIFO), "
         "not a regular file\n"},
        {"--gguf on a character device",
         {"--gguf", "/dev/zero", "--seq", "4096"},
         "llmsize: error: reading '/dev/zero': is a device, not a regular file\n"},
        {"--catalog on /dev/urandom",
         {"--params", "7B", "--seq", "4096", "--catalog", "/dev/urandom"},
         "llmsize: error: reading '/dev/urandom': is a device, not a regular file\n"},
        {"--config on a symlink loop",
         {"--config", "{dir}/loop-a", "--seq", "4096"},
         "llmsize: error: reading '{dir}/loop-a': a loop of symbolic links, not a file\n"},
        {"--gguf on a folder",
         {"--gguf", "{dir}/a-folder.gguf", "--seq", "4096"},
         "llmsize: error: reading '{dir}/a-folder.gguf': is a folder, expected a file\n"},
        {"deepseek_v3 with 2^32 layers",
         {"--config", "{dir}/deepseek.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/deepseek.json': 'num_hidden_layers' " + layer_cap},
        {"jamba with 2^32 layers",
         {"--config", "{dir}/jamba.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/jamba.json': 'num_hidden_layers' " + layer_cap},
        {"qwen2 with sliding windows and 2^32 layers",
         {"--config", "{dir}/qwen2.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/qwen2.json': 'num_hidden_layers' " + layer_cap},
        {"2^26 empty GGUF strings in a sparse file",
         {"--gguf", "{dir}/empty-strings.gguf", "--seq", "4096"},
         "llmsize: error: reading '{dir}/empty-strings.gguf': at byte 536870981: metadata key 1 "
         "length needs 8 bytes, but the file ends at byte 536870981\n"},
        {"a 100 MB safetensors header whose __metadata__ holds 50 million elements",
         {"--config", "{dir}/metadata-array", "--seq", "4096"},
         "llmsize: error: reading '{dir}/metadata-array': the checkpoint holds no tensors, so it "
         "gives no weights\n"},
        {"a 60 MiB index of 30 million values",
         {"--config", "{dir}/huge-index", "--seq", "4096"},
         "llmsize: error: reading '{dir}/huge-index/model.safetensors.index.json': JSON holds "
         "more than 2000000 values, the most llmsize reads from such a file\n"},
        {"an index total_size of 2^64 - 1",
         {"--config", "{dir}/huge-total", "--seq", "4096"},
         "llmsize: error: reading '{dir}/huge-total/model.safetensors.index.json': "
         "'metadata.total_size' must be a non-negative integer up to 1125899906842624, got "
         "18446744073709551615\n"},
        {"an index-only folder whose total_size is 0",
         {"--config", "{dir}/zero-total", "--seq", "4096"},
         "llmsize: error: reading '{dir}/zero-total/model.safetensors.index.json': "
         "'metadata.total_size' is 0, and no shard is in the folder to read the weights from\n"},
        {"a model.safetensors with no tensors",
         {"--config", "{dir}/no-tensors", "--seq", "4096"},
         "llmsize: error: reading '{dir}/no-tensors': the checkpoint holds no tensors, so it "
         "gives no weights\n"},
        {"a 28,000-instance catalog with a repeated name",
         {"--params", "7B", "--seq", "4096", "--catalog", "{dir}/big-catalog.json"},
         "llmsize: error: reading catalog '{dir}/big-catalog.json': 'instances[28000].name' "
         "'x0' appears twice\n"},
        {"a 100 KB --instance against a 200 KB instance name",
         {"--params", "7B", "--seq", "4096", "--catalog", "{dir}/long-name-catalog.json",
          "--instance", std::string(100'000, 'a') + "b"},
         "llmsize: error: --instance: unknown instance '" + std::string(200, 'a') +
             "...'; 'llmsize instances' lists the catalog\n"},
        {"a price that multi-node sizing would overflow",
         {"--params", "7B", "--seq", "4096", "--catalog", "{dir}/price-catalog.json"},
         "llmsize: error: reading catalog '{dir}/price-catalog.json': "
         "'instances[0].price_usd_per_hour' must be at most 1000000 dollars per hour, got "
         "1e+308\n"},
        {"72,000 --seq values", many_seq,
         "llmsize: error: --seq: more than 64 different lengths; size them in several runs\n"},
        {"flags after --",
         {"--params", "7B", "--seq", "4096", "--", "--json"},
         "llmsize: error: unknown argument '--json' after '--', which ends the options; see "
         "'llmsize --help'\n"},
        {"--params with twenty trailing zeros is 7 B, and a 1 MiB name of escapes is one line",
         {"--params", "7.00000000000000000000B", "--seq", "4096", "--instance", forged},
         "llmsize: error: --instance: unknown instance '" + llmsize::printable_excerpt(forged) +
             "'; 'llmsize instances' lists the catalog\n"},
    };

    for (const HostileInput& row : rows) {
        INFO(row.what);
        std::vector<std::string> args;
        for (const std::string& arg : row.args)
            args.push_back(in_folder(arg, dir));
        const Result result = run(args);
        CHECK(result.code == 2);
        CHECK(result.out.empty());
        CHECK(result.err == in_folder(row.err, dir));
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
        CHECK_FALSE(has_control_character(result.err.substr(0, result.err.size() - 1)));
        CHECK(result.err.size() <= llmsize::k_max_error_line_bytes + 100);
    }
}

TEST_CASE("hostile names reach the terminal escaped, and JSON stays valid UTF-8",
          "[cli][hostile]") {
    TempFolder folder;
    folder.write("config.json",
                 "{\"model_type\": \"llama\\u001b[2J\", \"_name_or_path\": "
                 "\"evil\\nRecommended: ml.fake (free)\\u009b31m\", \"hidden_size\": 4096, "
                 "\"intermediate_size\": 11008, \"num_hidden_layers\": 32, "
                 "\"num_attention_heads\": 32, \"vocab_size\": 32000}");
    const std::string config = (folder / "config.json").string();

    SECTION("the table escapes them: no control character, no forged line") {
        const Result result = run({"--config", config, "--seq", "4096"});
        CHECK(result.code == 0);
        CHECK_FALSE(has_control_character(result.out));
        CHECK(result.out.find("\nRecommended: ml.fake") == std::string::npos);
        CHECK(result.out.find("evil\\nRecommended: ml.fake (free)\\u009b31m") != std::string::npos);
    }

    SECTION("a GGUF name that is not UTF-8 gives valid JSON, and a note says so") {
        GgufWriter writer;
        writer.add_string("general.architecture", "llama");
        writer.add_string("general.name", "bad \xff\xfe name");
        writer.add_u32("llama.block_count", 2);
        writer.add_u32("llama.embedding_length", 256);
        writer.add_u32("llama.attention.head_count", 8);
        writer.add_tensor("w", {256}, llmsize::testing::k_f32, 1024);
        const fs::path gguf = writer.write(folder / "bad-name.gguf");
        const Result result = run({"--gguf", gguf.string(), "--seq", "4096", "--json"});
        CHECK(result.code == 0);
        const nlohmann::json document = nlohmann::json::parse(result.out);  // throws if invalid
        CHECK(document["model"]["name"] == "bad \xef\xbf\xbd\xef\xbf\xbd name");
        const std::string notes = document["notes"].dump();
        CHECK(notes.find("not UTF-8") != std::string::npos);

        const Result table = run({"--gguf", gguf.string(), "--seq", "4096"});
        CHECK(table.out.find("bad \\xff\\xfe name") != std::string::npos);
    }
}
