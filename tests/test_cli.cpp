// Whole-program tests: run_cli in-process, asserting on structured JSON, exit codes and the
// exact words of errors.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "checkpoint_writers.hpp"
#include "llmsize/catalog.hpp"
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

TEST_CASE("JSON output keeps the documented contract", "[cli][json]") {
    const nlohmann::json doc =
        run_json({"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048", "--engine", "raw"});
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
            CHECK(
                instance["batches"] ==
                nlohmann::json::parse(
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
        const auto file =
            dir.write("m/config.json",
                      R"({"model_type":"mistral","hidden_size":4096,"intermediate_size":14336,
                                        "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,
                                        "vocab_size":32000,"sliding_window":4096})");
        const nlohmann::json doc =
            run_json({"--config", file.parent_path().string(), "--seq", "8192,2048"});
        CHECK(doc["model"]["source"] == "config");
        CHECK(doc["model"]["parameters"] == 7'241'732'096);
        // Sliding window 4096: 131,072 B per token, at most 4096 tokens kept.
        CHECK(doc["kv_cache"]["bytes_per_sequence"][0]["bytes"] == 131'072ULL * 4096);
        CHECK(doc["kv_cache"]["bytes_per_sequence"][1]["bytes"] == 131'072ULL * 2048);
    }
    SECTION("shape flags describe a model given by --params") {
        const nlohmann::json doc =
            run_json({"--layers", "40", "--hidden", "5120", "--heads", "40", "--params", "13e9",
                      "--dtype", "bf16", "--seq", "4096"});
        CHECK(doc["kv_cache"]["bytes_per_token"] == 819'200);
        CHECK(doc["weights"]["dtype"] == "bf16");
    }
    SECTION("int4 weights keep an fp16 KV cache unless told") {
        const nlohmann::json doc =
            run_json({"--params", "13e9", "--dtype", "int4", "--seq", "4096"});
        // int4 as AWQ/GPTQ store it: 4 bits per weight plus a 16-bit scale and a 4-bit zero per
        // group of 128 (vLLM awq.py): 6.5e9 B + ⌈13e9 / 128⌉ × 20 bits / 8 = 6,753,906,250 B.
        CHECK(doc["weights"]["bytes"] == 6'500'000'000 + 101'562'500ULL * 20 / 8);
        CHECK(doc["kv_cache"]["dtype"] == "fp16");
        const nlohmann::json fp8 =
            run_json({"--params", "13e9", "--dtype", "int4", "--kv-dtype", "fp8", "--seq", "4096"});
        CHECK(fp8["kv_cache"]["bytes_per_token"] == 409'600);
    }
    SECTION("--seq is repeatable and takes comma lists") {
        const nlohmann::json doc =
            run_json({"--params", "7B", "--seq", "4096,2048", "--seq", "32k"});
        CHECK(doc["sequence_lengths"] == nlohmann::json{4096, 2048, 32768});
    }
}

TEST_CASE("sizing with approximate: a warning, not a refusal", "[cli][unmodelled]") {
    llmsize::testing::TempFolder dir;
    const auto file =
        dir.write("m/config.json",
                  R"({"model_type":"mistral","hidden_size":4096,"intermediate_size":14336,
                      "num_hidden_layers":32,"num_attention_heads":32,"num_key_value_heads":8,
                      "vocab_size":32000,"num_local_experts":8})");
    const Result refused = run({"--config", file.string(), "--seq", "4096"});
    CHECK(refused.code == 2);
    CHECK(refused.out.empty());
    CHECK(refused.err.find("'num_local_experts' (mixture-of-experts) is not modelled") !=
          std::string::npos);
    const nlohmann::json doc =
        run_json({"--config", file.string(), "--seq", "4096", "--approximate"});
    REQUIRE(doc["warnings"].size() == 1);
    CHECK(doc["warnings"][0].get<std::string>().starts_with("'num_local_experts'"));
    const Result text = run({"--config", file.string(), "--seq", "4096", "--approximate"});
    const Result misplaced = run({"--model", "llama-2-7b", "--seq", "4096", "--approximate"});
    CHECK(misplaced.code == 2);
    CHECK(misplaced.err == "llmsize: error: --approximate applies to --config only\n");
    // Wrapped to 100 columns: compare with the line breaks undone.
    const std::string unwrapped = std::regex_replace(text.out, std::regex("\n +"), " ");
    CHECK(unwrapped.find("\nWarning: 'num_local_experts' (mixture-of-experts) is not modelled for "
                         "model_type 'mistral': the estimate leaves it out (--approximate)\n") !=
          std::string::npos);
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
         "llmsize: error: --params: invalid parameter count '13X': unknown suffix 'X', expected a "
         "whole number like 13e9, 13000000000, 13B, 7.24B or 560M\n"},
        {{"--params", "13e9", "--seq", "0"},
         "llmsize: error: --seq: invalid sequence length '0': must be positive\n"},
        {{"--params", "13e9"},
         "llmsize: error: --seq is required: the model does not say its context length; give the "
         "sequence lengths to size for, in tokens (prompt + generated), e.g. --seq 4096,2048\n"},
        {{"--model", "llama-2-13b", "--seq", "128k"},
         "llmsize: error: --seq 131,072 is beyond the model's context of 4,096 tokens "
         "(max_position_embeddings 4096); --allow-long-context to size it anyway\n"},
        {{"--seq", "4096"},
         "llmsize: error: no model given: pass --params (e.g. 13e9), --config PATH, --model NAME "
         "or --gguf FILE\n"},
        {{"--params", "13e9", "--dtype", "fp12", "--seq", "4096"},
         "llmsize: error: --dtype: unknown dtype 'fp12', expected one of fp32, fp16, bf16, fp8, "
         "int8, int4, mxfp4, nvfp4\n"},
        {{"--params", "13e9", "--kv-dtype", "int4", "--seq", "4096"},
         "llmsize: error: --kv-dtype: 'int4' is a weight-only format, expected fp32, fp16, bf16, "
         "fp8 or int8\n"},
        {{"--params", "13e9", "--engine", "magic", "--seq", "4096"},
         "llmsize: error: --engine: unknown engine 'magic', expected vllm, sglang, tgi, trtllm, "
         "lmi, llamacpp, neuron or raw\n"},
        {{"--model", "llama-2-13", "--seq", "4096"},
         "llmsize: error: --model: unknown model 'llama-2-13', did you mean 'llama-2-13b'?\n"},
        {{"--model", "llama-2-13b", "--params", "13e9", "--seq", "4096"},
         "llmsize: error: give one model: --params, --config, --model and --gguf exclude each "
         "other\n"},
        {{"--model", "llama-2-13b", "--layers", "40", "--seq", "4096"},
         "llmsize: error: --layers, --hidden, --heads, --kv-heads and --head-dim describe a model "
         "given by --params; --config, --model and --gguf already know their shape\n"},
        {{"--params", "13e9", "--layers", "forty", "--seq", "4096"},
         "llmsize: error: --layers: expected a positive whole number up to 4294967296, got "
         "'forty'\n"},
        {{"--config", "/nonexistent/config.json", "--seq", "4096"},
         "llmsize: error: reading '/nonexistent/config.json': no such file or folder\n"},
        {{"--bogus"}, "llmsize: error: unknown argument '--bogus'; see 'llmsize --help'\n"},
        {{"--param", "13e9", "--seq", "1"},
         "llmsize: error: unknown arguments '--param' '13e9', did you mean '--params'?\n"},
        {{"--params", "13e9", "--seq", "1", "--jsn"},
         "llmsize: error: unknown argument '--jsn', did you mean '--json'?\n"},
        {{"--params"}, "llmsize: error: --params needs a value (COUNT); see 'llmsize --help'\n"},
        {{"--params", "13e9", "--params", "7e9", "--seq", "1"},
         "llmsize: error: --params given more than once; only --seq, --instance and --family "
         "repeat; see 'llmsize --help'\n"},
    };
    for (const auto& [args, message] : cases) {
        INFO(args[0]);
        const Result result = run(args);
        CHECK(result.code == 2);
        CHECK(result.out.empty());
        CHECK(result.err == message);
    }
}

// Runs llmsize from tests/ on the fixed test catalog, tests/data/golden_catalog.json: its prices
// are fixtures, so a price refresh of the bundled catalog cannot move a golden output. The
// catalog is named relative to tests/, as the notes show it.
namespace {
Result run_on_golden_catalog(std::vector<std::string> args) {
    args.insert(args.end(), {"--catalog", "data/golden_catalog.json"});
    const std::filesystem::path previous = std::filesystem::current_path();
    std::filesystem::current_path(LLMSIZE_TEST_DATA_DIR);
    Result result = run(args);
    std::filesystem::current_path(previous);
    return result;
}
}  // namespace

TEST_CASE("the human table matches its golden file", "[cli][golden]") {
    // The sizing guide's example (docs/instance-type-selection.md): a 13-billion-parameter model
    // in fp16 on the guide's instances (families g5, p4d, p4de of the fixed catalog).
    const Result result =
        run_on_golden_catalog({"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048",
                               "--engine", "raw", "--family", "g5,p4d,p4de"});
    CHECK(result.code == 0);
    CHECK(result.out == read_text(LLMSIZE_TEST_DATA_DIR "/golden/guide_example.txt"));
    const Result models = run({"models"});
    CHECK(models.code == 0);
    CHECK(models.out == read_text(LLMSIZE_TEST_DATA_DIR "/golden/models.txt"));
}

TEST_CASE("the human table on a fixed test catalog matches its golden file", "[cli][golden]") {
    // The test instances (families a10g, l40s, a100, l4): one unpriced, one that does not fit.
    const Result result =
        run_on_golden_catalog({"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048",
                               "--engine", "raw", "--family", "a10g,l40s,a100,l4"});
    CHECK(result.code == 0);
    CHECK(result.out == read_text(LLMSIZE_TEST_DATA_DIR "/golden/fixed_catalog.txt"));
}

TEST_CASE("every option has help text and appears once", "[cli][help]") {
    const Result help = run({"--help"});
    // An option line starts two spaces in; wrapped description lines start further in.
    const std::regex option(R"(^  (-[a-zA-Z],)?(--[a-z-]+)\s*(\S.*)?$)");
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
    for (const char* flag : {"--params", "--config", "--model", "--dtype", "--kv-dtype", "--seq",
                             "--layers", "--hidden", "--heads", "--kv-heads", "--head-dim",
                             "--engine", "--json", "--help", "--version"}) {
        CHECK(seen.contains(flag));
    }
}

TEST_CASE("llmsize::cli::option_table: every option of every command, from the parser's table",
          "[cli][help]") {
    // The regex above reads --help; this walks the option table the parser is built from, so an
    // option the help leaves out or wraps oddly is still checked.
    const std::vector<OptionEntry> table = option_table();
    std::map<std::string, std::set<std::string>> names_by_command;
    for (const OptionEntry& option : table) {
        REQUIRE_FALSE(option.names.empty());
        INFO((option.command.empty() ? "llmsize" : "llmsize " + option.command) + " " +
             option.names.front());
        CHECK(option.description.size() > 10);
        for (const std::string& name : option.names)
            CHECK(names_by_command[option.command].insert(name).second);
    }
    SECTION("each command's --help shows every one of its options") {
        for (const auto& [command, names] : names_by_command) {
            const Result help = command.empty() ? run({"--help"}) : run({command, "--help"});
            REQUIRE(help.code == 0);
            for (const std::string& name : names) {
                INFO(command << ": " << name);
                CHECK(help.out.find(name) != std::string::npos);
            }
        }
    }
    SECTION("the commands and the options the README documents are there") {
        CHECK(names_by_command.size() == 4);  // llmsize, models, instances, fleet
        for (const char* flag :
             {"--params", "--config", "--model", "--gguf", "--dtype", "--kv-dtype", "--seq",
              "--engine", "--json", "--help", "--version"}) {
            CHECK(names_by_command[""].contains(flag));
        }
        CHECK(names_by_command["fleet"].contains("--from"));
        CHECK(names_by_command["instances"].contains("--catalog"));
    }
}

TEST_CASE("CI gate: --instance with --batch", "[cli][gate]") {
    // Llama-2-13b fp16 on ml.g5.12xlarge under vLLM 0.21: best layout TP 4; per GPU
    // ceil(22,579 MiB × 0.9) = 21,308,217,754 B − 6,508,980,736 B of weights and RoPE cache −
    // 159,662,080 B activation − 2.11 GiB non-torch − 1.03 GiB CUDA graphs = 11,268,025,612 B; a
    // 4096-token sequence takes 40 layers × 10 KV heads × 256 × 2 B × 4096 = 838,860,800 B per
    // GPU: 13 fit.
    const std::vector<std::string> gate = {"--model",    "llama-2-13b",   "--dtype",
                                           "fp16",       "--seq",         "4096",
                                           "--instance", "ml.g5.12xlarge"};
    auto with_batch = [&](const char* batch) {
        std::vector<std::string> args = gate;
        args.push_back("--batch");
        args.push_back(batch);
        return args;
    };
    const Result pass = run(with_batch("13"));
    CHECK(pass.code == 0);
    CHECK(pass.err.empty());
    const Result fail = run(with_batch("14"));
    CHECK(fail.code == 1);
    CHECK(fail.out.find("ml.g5.12xlarge does not fit: KV cache holds only 13 sequences of 4096 "
                        "tokens, 14 required") != std::string::npos);
    std::vector<std::string> json_args = with_batch("14");
    json_args.push_back("--json");
    const Result json = run(json_args);
    CHECK(json.code == 1);
    const nlohmann::json doc = nlohmann::json::parse(json.out);
    CHECK(doc["instances"].size() == 1);
    CHECK(doc["instances"][0]["tensor_parallel"] == 4);
    CHECK(doc["instances"][0]["replicas"] == 1);
    CHECK(doc["instances"][0]["problem"] ==
          "KV cache holds only 13 sequences of 4096 tokens, 14 required");
    CHECK(doc["requirements"]["batch"] == 14);
    CHECK(doc["recommended"].is_null());
    SECTION("weights that do not fit say so") {
        const Result big =
            run({"--model", "llama-2-70b", "--seq", "4096", "--instance", "g5.xlarge"});
        CHECK(big.code == 1);
        // 68,976,648,192 × 2 B = 128.48 GiB; ceil(22,579 MiB × 0.9) − activation, non-torch and
        // CUDA-graph terms = 17.72 GiB is left. The text is wrapped to 100 columns: compare
        // with the line breaks undone.
        const std::string text = std::regex_replace(big.out, std::regex("\n +"), " ");
        CHECK(text.find("ml.g5.xlarge does not fit: weights do not fit: 128.48 GiB per GPU at TP 1 "
                        "exceed the 17.72 GiB the engine leaves for weights and KV cache; vLLM "
                        "would not start: \"No available memory for the cache blocks\"") !=
              std::string::npos);
    }
}

TEST_CASE("catalog selection: --family, --gpu, --catalog, instances", "[cli][catalog]") {
    SECTION("--family keeps one family") {
        const nlohmann::json doc =
            run_json({"--model", "llama-3.1-70b", "--seq", "8192", "--family", "p5"});
        for (const auto& instance : doc["instances"]) {
            CHECK(instance["name"].get<std::string>().rfind("ml.p5", 0) == 0);
        }
        CHECK(run({"--model", "llama-3.1-70b", "--seq", "8192", "--family", "g55"}).err ==
              "llmsize: error: --family: unknown instance family 'g55', did you mean 'g5'?\n");
    }
    SECTION("--gpu sizes bare accelerators") {
        const nlohmann::json doc = run_json({"--model", "qwen3-32b", "--gpu", "h100-80gb", "--gpus",
                                             "2", "--tp", "2", "--seq", "16000"});
        REQUIRE(doc["instances"].size() == 1);
        CHECK(doc["instances"][0]["name"] == "2 x H100-80GB");
        CHECK(doc["instances"][0]["tensor_parallel"] == 2);
        // The CUDA-visible 81,079 MiB (79.18 GiB, vLLM's logged total) per H100, two of them.
        CHECK(doc["instances"][0]["memory_bytes"] == 2ULL * 81'079 * 1024 * 1024);
        CHECK(run({"--model", "qwen3-32b", "--gpu", "h10", "--seq", "1"}).err ==
              "llmsize: error: --gpu: unknown accelerator 'h10', did you mean 'h100-80gb'?\n");
    }
    SECTION("--catalog adds entries or replaces the catalog") {
        llmsize::testing::TempFolder dir;
        const std::string entry =
            R"({"name": "my.box", "accelerator": "A10G", "accelerator_count": 2, "accelerator_memory_gb_marketed": 24,
                "accelerator_memory_mib_usable": 23028, "price_usd_per_hour": 0.5, "source": "our rack"})";
        const auto added = dir.write("add.json", R"({"instances": [)" + entry + "]}");
        const nlohmann::json doc =
            run_json({"--params", "7B", "--seq", "2048", "--catalog", added.string()});
        CHECK(doc["instances"].size() == llmsize::bundled_catalog().instances.size() + 1);
        CHECK(doc["recommended"] == "my.box");
        const auto replace =
            dir.write("replace.json", R"({"replace_bundled": true, "instances": [)" + entry + "]}");
        CHECK(run_json(
                  {"--params", "7B", "--seq", "2048", "--catalog", replace.string()})["instances"]
                  .size() == 1);
        const auto bad = dir.write("bad.json", R"({"instances": [{"name": "x"}]})");
        CHECK(run({"--params", "7B", "--seq", "2048", "--catalog", bad.string()}).err ==
              "llmsize: error: reading catalog '" + bad.string() +
                  "': 'instances[0].accelerator' is missing; it must be a string\n");
    }
    SECTION("instances lists the catalog") {
        const Result result = run({"instances", "--family", "g5", "--json"});
        CHECK(result.code == 0);
        CHECK(nlohmann::json::parse(result.out)["instances"].size() == 8);
    }
    SECTION("host memory smaller than the weights is a problem, not a warning") {
        // Weights load through host memory: a box whose RAM (16 GiB) is smaller than
        // Llama-2-13b in fp16 (24.24 GiB) cannot stage them, whatever its GPU holds.
        llmsize::testing::TempFolder dir;
        const auto file = dir.write("small-host.json", R"({"replace_bundled": true, "instances": [
            {"name": "small.host", "accelerator": "H100-80GB", "accelerator_count": 1,
             "accelerator_memory_gb_marketed": 80, "accelerator_memory_mib_usable": 81559,
             "host_memory_gib": 16, "price_usd_per_hour": 1.0, "source": "test"}]})");
        const Result result = run({"--model", "llama-2-13b", "--dtype", "fp16", "--seq", "1",
                                   "--catalog", file.string(), "--json"});
        CHECK(result.code == 1);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        CHECK(doc["instances"][0]["problem_kind"] == "host_memory");
        CHECK(doc["instances"][0]["problem"] ==
              "host memory 16.00 GiB is smaller than the 24.24 GiB of weights that load through "
              "it");
    }
}

TEST_CASE("weights from quantization_config and checkpoints", "[cli][weights]") {
    llmsize::testing::TempFolder dir;
    const std::string llama =
        R"("model_type": "llama", "hidden_size": 4096, "intermediate_size": 11008,
        "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 32, "vocab_size": 32000)";
    SECTION("an AWQ config sizes int4 weights with their group scales") {
        const auto awq = dir.write(
            "awq/config.json",
            "{" + llama +
                R"(, "quantization_config": {"quant_method": "awq", "bits": 4, "group_size": 128}})");
        const nlohmann::json doc = run_json({"--config", awq.string(), "--seq", "4096"});
        // Worked out in test_engine.cpp: 3,888,913,488 B.
        CHECK(doc["weights"]["bytes"] == 3'888'913'488);
        CHECK(doc["weights"]["dtype"] == "int4");
        CHECK(doc["kv_cache"]["dtype"] == "fp16");
    }
    SECTION("a folder with safetensors uses the exact tensor bytes") {
        dir.write("st/config.json", "{" + llama + R"(, "torch_dtype": "bfloat16"})");
        // One BF16 tensor of 6,738,415,616 elements: 13,476,831,232 B, written sparse.
        const std::string header =
            R"({"w": {"dtype": "BF16", "shape": [6738415616], "data_offsets": [0, 13476831232]}})";
        llmsize::testing::write_safetensors(dir / "st/model.safetensors", header, 13'476'831'232);
        const nlohmann::json doc = run_json({"--config", (dir / "st").string(), "--seq", "4096"});
        CHECK(doc["weights"]["bytes"] == 13'476'831'232);
        CHECK(doc["weights"]["dtype"] == "bf16");  // the dtype holding the checkpoint's bytes
        bool noted = false;
        for (const auto& note : doc["notes"]) {
            noted = noted ||
                    note.get<std::string>().find("exact tensor bytes from 1 safetensors header") !=
                        std::string::npos;
        }
        CHECK(noted);
    }
    SECTION("a float32 folder loads in 16 bits under vLLM (dtype=auto): half its bytes") {
        dir.write("f32/config.json", "{" + llama + R"(, "torch_dtype": "float32"})");
        // One F32 tensor of 6,738,415,616 elements: 26,953,662,464 B on disk.
        const std::string header =
            R"({"w": {"dtype": "F32", "shape": [6738415616], "data_offsets": [0, 26953662464]}})";
        llmsize::testing::write_safetensors(dir / "f32/model.safetensors", header, 26'953'662'464);
        const nlohmann::json doc = run_json({"--config", (dir / "f32").string(), "--seq", "4096"});
        CHECK(doc["weights"]["bytes"] == 13'476'831'232);
        CHECK(doc["weights"]["dtype"] == "bf16");
        const nlohmann::json raw =
            run_json({"--config", (dir / "f32").string(), "--seq", "4096", "--engine", "raw"});
        CHECK(raw["weights"]["bytes"] == 26'953'662'464);
    }
    SECTION("a GGUF file gives the KV layout, exact bytes and the llamacpp engine") {
        llmsize::testing::GgufWriter writer;
        llmsize::testing::add_llama_metadata(writer, 2);
        writer.add_u32("llama.attention.head_count_kv", 2);
        writer.add_tensor("token_embd.weight", {256, 1000}, llmsize::testing::k_f16, 512'000);
        writer.add_tensor("blk.0.attn_q.weight", {256, 256}, llmsize::testing::k_q8_0, 69'632);
        const auto file = writer.write(dir / "tiny.gguf");
        const nlohmann::json doc =
            run_json({"--gguf", file.string(), "--seq", "4096", "--gpu", "a10g"});
        CHECK(doc["model"]["source"] == "gguf");
        CHECK(doc["engine"] == "llamacpp");
        // F16 256 × 1000 × 2 B + Q8_0 65,536 / 32 × 34 B.
        CHECK(doc["weights"]["bytes"] == 512'000 + 69'632);
        // 2 layers × 2 KV heads × (256 / 8 = 32) × 2 (K,V) × 2 B.
        CHECK(doc["kv_cache"]["bytes_per_token"] == 512);
        const nlohmann::json q8 = run_json(
            {"--gguf", file.string(), "--seq", "4096", "--gpu", "a10g", "--kv-dtype", "q8_0"});
        // q8_0: 34 bytes per 32 values: 256 elements → 8 blocks × 34 = 272 B.
        CHECK(q8["kv_cache"]["bytes_per_token"] == 272);
        CHECK(run({"--model", "llama-2-7b", "--seq", "1", "--kv-dtype", "q8_0"}).err ==
              "llmsize: error: --kv-dtype 'q8_0' is a llama.cpp cache type: use it with --engine "
              "llamacpp\n");
    }
}

TEST_CASE("a replacing catalog with no instances is bad input", "[cli][catalog]") {
    llmsize::testing::TempFolder dir;
    const auto empty = dir.write("empty.json", R"({"replace_bundled": true, "instances": []})");
    const Result result = run({"--params", "7B", "--seq", "2048", "--catalog", empty.string()});
    CHECK(result.code == 2);
    CHECK(result.out.empty());
    CHECK(result.err == "llmsize: error: --catalog '" + empty.string() +
                            "' replaces the bundled catalog but lists no instances\n");
}

TEST_CASE("bf16 on GPUs without bf16", "[cli][warnings]") {
    // T4 (Turing, 7.5) and V100 (Volta, 7.0) have no bf16 arithmetic: vLLM refuses
    // dtype=bfloat16 below compute capability 8.0, and dtype=auto falls back to fp16.
    SECTION("an explicit --dtype bf16 does not fit") {
        const Result result = run({"--model", "qwen2.5-7b", "--dtype", "bf16", "--seq", "1",
                                   "--instance", "ml.g4dn.12xlarge", "--json"});
        CHECK(result.code == 1);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        CHECK(doc["instances"][0]["problem_kind"] == "format_device");
        CHECK(doc["instances"][0]["problem"] ==
              "engine vllm cannot serve bf16 on T4 (Turing, compute capability 7.5): bf16 needs "
              "8.0 or newer (--dtype fp16 is the same size)");
    }
    SECTION("the engine's own bf16 default is served in fp16, with a warning") {
        // qwen2.5-7b's config says torch_dtype bfloat16; no --dtype.
        const nlohmann::json doc =
            run_json({"--model", "qwen2.5-7b", "--seq", "1", "--instance", "ml.g4dn.12xlarge"});
        CHECK(doc["instances"][0]["fits"] == true);
        CHECK(doc["instances"][0]["warnings"][0] ==
              "T4 has no bf16: vllm serves fp16 there (the same size)");
    }
}

TEST_CASE("engine flags: spelled exactly, checked against the engine", "[cli][engine]") {
    const std::vector<std::string> base = {"--model",   "llama-3.1-8b", "--gpu",
                                           "h100-80gb", "--seq",        "16000"};
    const auto with = [&](std::initializer_list<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra);
        return args;
    };
    SECTION("a flag that does not apply names the engine") {
        CHECK(run(with({"--engine", "tgi", "--max-num-seqs", "4"})).err ==
              "llmsize: error: --max-num-seqs does not apply to --engine tgi\n");
        CHECK(run(with({"--engine", "trtllm", "--engine-version", "1.0"})).err ==
              "llmsize: error: --engine-version does not apply to --engine trtllm\n");
        CHECK(run(with({"--engine", "tgi", "--block-size", "32"})).err ==
              "llmsize: error: --block-size does not apply to --engine tgi\n");
        CHECK(run(with({"--engine", "lmi", "--offline"})).err ==
              "llmsize: error: --offline does not apply to --engine lmi\n");
        CHECK(run(with({"--engine", "raw", "--offline"})).err ==
              "llmsize: error: --offline does not apply to --engine raw\n");
        CHECK(run(with({"--engine", "llamacpp", "--engine-version", "0.14"})).err ==
              "llmsize: error: --engine-version does not apply to --engine llamacpp\n");
        CHECK(run(with({"--engine", "raw", "--gpu-util", "0.5"})).err ==
              "llmsize: error: --gpu-util does not apply to --engine raw\n");
    }
    SECTION("--reserve needs a unit, except 0") {
        CHECK(run(with({"--reserve", "2"})).err ==
              "llmsize: error: --reserve: a size needs a unit, like 2GiB or 512MiB, got '2'\n");
        CHECK(run(with({"--reserve", "0"})).code == 0);
        const nlohmann::json doc = run_json(
            with({"--reserve", "2GiB", "--engine-version", "0.14", "--block-size", "128"}));
        // llm-d's 51.38 GiB less the 2 GiB kept back.
        CHECK(doc["instances"][0]["per_gpu"]["kv_bytes"].get<double>() / (1 << 30) ==
              Approx(49.38).epsilon(0.001));
    }
    SECTION("--engine-version takes X.Y or X.Y.Z, no older than modelled") {
        CHECK(run(with({"--engine-version", "latest"})).err ==
              "llmsize: error: --engine-version: expected a release as X.Y or X.Y.Z (for "
              "example 0.14 or 0.11.1), got 'latest'\n");
        CHECK(run(with({"--engine-version", "0.9"})).err ==
              "llmsize: error: --engine-version: vLLM 0.9 is older than the oldest release "
              "modelled, 0.10.0\n");
    }
    SECTION("JSON carries the terms, the engine's own tokens and the settings used") {
        const nlohmann::json doc = run_json(with({"--engine-version", "0.14", "--block-size", "128",
                                                  "--max-num-seqs", "512", "--offline"}));
        const nlohmann::json& gpu = doc["instances"][0]["per_gpu"];
        std::int64_t sum = 0;
        for (const nlohmann::json& term : gpu["budget_terms"])
            sum += term["bytes"].get<std::int64_t>();
        CHECK(sum == gpu["kv_bytes"].get<std::int64_t>());
        CHECK(gpu["budget_terms"][0]["name"] == "requested");
        CHECK(gpu["requested_bytes"] == gpu["budget_terms"][0]["bytes"]);
        for (const char* key : {"activation_bytes", "non_torch_bytes", "cuda_graph_bytes"})
            CHECK(gpu.contains(key));
        CHECK(doc["instances"][0]["max_tokens"] == gpu["kv_tokens"]);
        CHECK(doc["engine_settings"]["release"] == "0.14.0");
        CHECK(doc["engine_settings"]["max_num_seqs"] == 512);
        CHECK(doc["engine_settings"]["max_num_batched_tokens"] == 16'384);
        CHECK(doc["engine_settings"]["block_size"] == 128);
        CHECK(doc["engine_settings"]["sampler_path"] == "torch_sort");
        CHECK(doc["engine_settings"]["offline"] == true);
    }
    SECTION("JSON names each engine's settings under its own names") {
        // TGI: the launcher's max_batch_prefill_tokens (2.x: max_input_tokens 4095 + 50).
        const nlohmann::json tgi = run_json(with({"--engine", "tgi", "--engine-version", "2.2"}));
        CHECK(tgi["engine_settings"]["release"] == "2.2.0");
        CHECK(tgi["engine_settings"]["max_batch_prefill_tokens"] == 4145);
        CHECK(tgi["engine_settings"]["max_input_tokens"] == 4095);
        CHECK(tgi["instances"][0]["max_tokens_high"].get<std::uint64_t>() >
              tgi["instances"][0]["max_tokens"].get<std::uint64_t>());
        // TensorRT-LLM: max_num_tokens and tokens_per_block from the flags.
        const nlohmann::json trt = run_json(with(
            {"--engine", "trtllm", "--max-num-batched-tokens", "16384", "--block-size", "64"}));
        CHECK(trt["engine_settings"]["max_num_tokens"] == 16'384);
        CHECK(trt["engine_settings"]["block_size"] == 64);
        // LMI: the back end and the container's defaults.
        const nlohmann::json lmi = run_json(with({"--engine", "lmi"}));
        CHECK(lmi["engine"] == "lmi");
        CHECK(lmi["engine_settings"]["backend"] == "vllm");
        CHECK(lmi["engine_settings"]["max_rolling_batch_size"] == 32);
        CHECK(lmi["engine_settings"]["max_num_seqs"] == 32);
        CHECK(lmi["engine_settings"]["memory_fraction"] == 0.9);
    }
    SECTION("a release with an unknowable term gives a range; the fit uses the low end") {
        const nlohmann::json doc = run_json(with({"--engine-version", "0.10.2"}));
        const nlohmann::json& fit = doc["instances"][0];
        CHECK(fit["max_tokens_low"] == fit["max_tokens"]);
        CHECK(fit["max_tokens_high"].get<std::uint64_t>() > fit["max_tokens"].get<std::uint64_t>());
        CHECK(fit["range_assumption"].get<std::string>().find("FlashInfer") != std::string::npos);
    }
    SECTION("the text prints the lines vLLM logs") {
        const Result result = run(with({"--engine-version", "0.14", "--block-size", "128"}));
        CHECK(result.out.find("vLLM log  Available KV cache memory: 51.38 GiB\n"
                              "          GPU KV cache size: 420,864 tokens\n"
                              "          Maximum concurrency for 16,000 tokens per request: "
                              "26.30x\n") != std::string::npos);
    }
    SECTION("Qwen3-32B at 32,000 tokens: vLLM would not start, exit 1") {
        const Result result = run({"--model", "qwen3-32b", "--gpu", "h100-80gb", "--seq", "32000"});
        CHECK(result.code == 1);
        CHECK(result.out.find("vLLM would not start: one request of 32000 tokens needs 7.81 GiB") !=
              std::string::npos);
        // JSON names the kind too (it was null before 2026-12-03: a not-fit with no kind).
        const nlohmann::json doc = nlohmann::json::parse(
            run({"--model", "qwen3-32b", "--gpu", "h100-80gb", "--seq", "32000", "--json"}).out);
        CHECK(doc["instances"][0]["problem_kind"] == "kv");
        CHECK(doc["instances"][0]["problem_figures"]["reason"] == "request_too_long");
    }
}
