// Whole-program tests: run_cli in-process, asserting on structured JSON, exit codes and the
// exact words of errors.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "run_cli.hpp"
#include "temp_folder.hpp"

using namespace llmsize::cli;

namespace {
struct Result {
    int code;
    std::string out;
    std::string err;
};

Result run(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = run_cli(args, out, err);
    return {code, out.str(), err.str()};
}

nlohmann::json run_json(std::vector<std::string> args) {
    args.push_back("--json");
    const Result result = run(args);
    INFO(result.err);
    REQUIRE(result.code == 0);
    return nlohmann::json::parse(result.out);
}

std::string read_text(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}
}  // namespace

TEST_CASE("--json keeps the documented contract", "[cli][json]") {
    const nlohmann::json doc = run_json({"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048", "--engine", "raw"});
    CHECK(doc["schema_version"] == 1);
    const auto& model = doc["model"];
    CHECK(model["name"].is_null());
    CHECK(model["source"] == "params");
    CHECK(model["architecture"].is_null());
    CHECK(model["parameters"] == 13'000'000'000);
    CHECK(model["layers"] == 40);
    CHECK(model["hidden_size"] == 5120);
    CHECK(model["attention_heads"] == 40);
    CHECK(model["kv_heads"] == 40);
    CHECK(model["head_dim"] == 128);
    CHECK(doc["weights"]["dtype"] == "fp16");
    CHECK(doc["weights"]["bytes"] == 26'000'000'000);
    CHECK(doc["kv_cache"]["dtype"] == "fp16");
    CHECK(doc["kv_cache"]["bytes_per_token"] == 819'200);
    CHECK(doc["kv_cache"]["bytes_per_sequence"][0] ==
          nlohmann::json{{"sequence_length", 4096}, {"bytes", 3'355'443'200}});
    CHECK(doc["engine"] == "raw");
    CHECK(doc["sequence_lengths"] == nlohmann::json{4096, 2048});
    CHECK(doc["notes"].is_array());
    CHECK_FALSE(doc["notes"].empty());
    bool found = false;
    for (const auto& instance : doc["instances"]) {
        for (const char* key : {"name", "accelerator", "accelerator_count", "memory_bytes", "fits",
                                "kv_budget_bytes", "max_tokens", "batches", "price_usd_per_hour"}) {
            CHECK(instance.contains(key));
        }
        if (instance["name"] == "ml.g5.48xlarge") {
            found = true;
            CHECK(instance["accelerator"] == "A10G");
            CHECK(instance["accelerator_count"] == 8);
            CHECK(instance["memory_bytes"] == 192'000'000'000);
            CHECK(instance["fits"] == true);
            CHECK(instance["kv_budget_bytes"] == 166'000'000'000);
            CHECK(instance["max_tokens"] == 202'636);
            CHECK(instance["batches"] == nlohmann::json::parse(
                                             R"([{"sequence_length":4096,"max_batch":49},{"sequence_length":2048,"max_batch":98}])"));
            CHECK(instance["price_usd_per_hour"] == 20.36);  // fmbench pricing.yml, 2025-01-26
        }
    }
    CHECK(found);
    CHECK(doc["recommended"] == doc["instances"][0]["name"]);
}

TEST_CASE("model sources", "[cli]") {
    SECTION("--model is case-insensitive and marks the source") {
        const nlohmann::json doc = run_json({"--model", "Llama-2-70B", "--seq", "4096"});
        CHECK(doc["model"]["source"] == "preset");
        CHECK(doc["model"]["name"] == "llama-2-70b");
        CHECK(doc["model"]["architecture"] == "llama");
        CHECK(doc["model"]["parameters"] == 68'976'648'192);
        CHECK(doc["kv_cache"]["bytes_per_token"] == 327'680);
    }
    SECTION("--config takes a file or a folder") {
        llmsize::testing::TempFolder dir;
        const auto file = dir.write("m/config.json",
                                    R"({"model_type":"mistral","hidden_size":4096,"intermediate_size":14336,
                                        "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,
                                        "vocab_size":32000,"sliding_window":4096})");
        const nlohmann::json doc = run_json({"--config", file.parent_path().string(), "--seq", "8192,2048"});
        CHECK(doc["model"]["source"] == "config");
        CHECK(doc["model"]["parameters"] == 7'241'732'096);
        // Sliding window 4096: 131,072 B per token, at most 4096 tokens kept.
        CHECK(doc["kv_cache"]["bytes_per_sequence"][0]["bytes"] == 131'072ULL * 4096);
        CHECK(doc["kv_cache"]["bytes_per_sequence"][1]["bytes"] == 131'072ULL * 2048);
    }
    SECTION("shape flags describe a model given by --params") {
        const nlohmann::json doc = run_json({"--layers", "40", "--hidden", "5120", "--heads", "40",
                                             "--params", "13e9", "--dtype", "bf16", "--seq", "4096"});
        CHECK(doc["kv_cache"]["bytes_per_token"] == 819'200);
        CHECK(doc["weights"]["dtype"] == "bf16");
    }
    SECTION("int4 weights keep an fp16 KV cache unless told") {
        const nlohmann::json doc = run_json({"--params", "13e9", "--dtype", "int4", "--seq", "4096"});
        // int4 as AWQ/GPTQ store it: 4 bits per weight plus a 16-bit scale and a 4-bit zero per
        // group of 128 (vLLM awq.py): 6.5e9 B + ⌈13e9 / 128⌉ × 20 bits / 8 = 6,753,906,250 B.
        CHECK(doc["weights"]["bytes"] == 6'500'000'000 + 101'562'500ULL * 20 / 8);
        CHECK(doc["kv_cache"]["dtype"] == "fp16");
        const nlohmann::json fp8 = run_json({"--params", "13e9", "--dtype", "int4", "--kv-dtype", "fp8", "--seq", "4096"});
        CHECK(fp8["kv_cache"]["bytes_per_token"] == 409'600);
    }
    SECTION("--seq is repeatable and takes comma lists") {
        const nlohmann::json doc = run_json({"--params", "7B", "--seq", "4096,2048", "--seq", "32k"});
        CHECK(doc["sequence_lengths"] == nlohmann::json{4096, 2048, 32768});
    }
}

TEST_CASE("exit codes", "[cli][exit]") {
    CHECK(run({"--params", "13e9", "--seq", "4096"}).code == 0);
    const Result none = run({"--params", "50T", "--seq", "4096"});
    CHECK(none.code == 1);
    CHECK(none.out.find("Recommended: none") != std::string::npos);
    CHECK(run({"--params", "13e9"}).code == 2);
    CHECK(run({"--bogus"}).code == 2);
    const Result help = run({"--help"});
    CHECK(help.code == 0);
    CHECK(help.out.find("Exit codes:") != std::string::npos);
}

TEST_CASE("bad input: one line on stderr, nothing on stdout, exit 2", "[cli][errors]") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--params", "13X", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '13X': unknown suffix 'X', expected a whole number like 13e9, 13000000000, 13B, 7.24B or 560M\n"},
        {{"--params", "13e9", "--seq", "0"}, "llmsize: error: --seq: invalid sequence length '0': must be positive\n"},
        {{"--params", "13e9"},
         "llmsize: error: --seq is required: the sequence lengths to size for, in tokens (prompt + generated), e.g. --seq 4096,2048\n"},
        {{"--seq", "4096"}, "llmsize: error: no model given: pass --params (e.g. 13e9), --config PATH, --model NAME or --gguf FILE\n"},
        {{"--params", "13e9", "--dtype", "fp12", "--seq", "4096"},
         "llmsize: error: --dtype: unknown dtype 'fp12', expected one of fp32, fp16, bf16, fp8, int8, int4\n"},
        {{"--params", "13e9", "--kv-dtype", "int4", "--seq", "4096"},
         "llmsize: error: --kv-dtype: 'int4' is a weight-only format, expected fp32, fp16, bf16, fp8 or int8\n"},
        {{"--params", "13e9", "--engine", "magic", "--seq", "4096"},
         "llmsize: error: --engine: unknown engine 'magic', expected vllm, tgi, trtllm, llamacpp or raw\n"},
        {{"--model", "llama-2-13", "--seq", "4096"},
         "llmsize: error: --model: unknown model 'llama-2-13', did you mean 'llama-2-13b'?\n"},
        {{"--model", "llama-2-13b", "--params", "13e9", "--seq", "4096"},
         "llmsize: error: give one model: --params, --config, --model and --gguf exclude each other\n"},
        {{"--model", "llama-2-13b", "--layers", "40", "--seq", "4096"},
         "llmsize: error: --layers, --hidden, --heads, --kv-heads and --head-dim describe a model given by --params; --config, --model and --gguf already know their shape\n"},
        {{"--params", "13e9", "--layers", "forty", "--seq", "4096"},
         "llmsize: error: --layers: expected a positive whole number up to 4294967296, got 'forty'\n"},
        {{"--config", "/nonexistent/config.json", "--seq", "4096"},
         "llmsize: error: reading '/nonexistent/config.json': no such file or folder\n"},
        {{"--bogus"}, "llmsize: error: the following argument was not expected: --bogus; see 'llmsize --help'\n"},
        {{"--params"}, "llmsize: error: --params: 1 required COUNT missing; see 'llmsize --help'\n"},
    };
    for (const auto& [args, message] : cases) {
        INFO(args[0]);
        const Result result = run(args);
        CHECK(result.code == 2);
        CHECK(result.out.empty());
        CHECK(result.err == message);
    }
}

TEST_CASE("the human table matches its golden file", "[cli][golden]") {
    const Result result = run({"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048", "--engine", "raw"});
    CHECK(result.code == 0);
    CHECK(result.out == read_text(LLMSIZE_TEST_DATA_DIR "/golden/guide_example.txt"));
    const Result models = run({"models"});
    CHECK(models.code == 0);
    CHECK(models.out == read_text(LLMSIZE_TEST_DATA_DIR "/golden/models.txt"));
}

TEST_CASE("every option has help text and appears once", "[cli][help]") {
    const Result help = run({"--help"});
    const std::regex option(R"(^\s+(-h,)?(--[a-z-]+)\s*(\S.*)?$)");
    std::set<std::string> seen;
    std::istringstream lines(help.out);
    std::string line;
    while (std::getline(lines, line)) {
        std::smatch match;
        if (!std::regex_match(line, match, option)) continue;
        INFO(line);
        CHECK(seen.insert(match[2]).second);
        CHECK(match[3].length() > 10);
    }
    for (const char* flag : {"--params", "--config", "--model", "--dtype", "--kv-dtype", "--seq", "--layers",
                             "--hidden", "--heads", "--kv-heads", "--head-dim", "--engine", "--json", "--help"}) {
        CHECK(seen.contains(flag));
    }
}
