// llmsize fleet: the core (size_fleet, the --from list) and the whole program in each format.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "llmsize/error.hpp"
#include "llmsize/fleet.hpp"
#include "llmsize/presets.hpp"
#include "run_cli.hpp"
#include "temp_folder.hpp"

using namespace llmsize;
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

// Two models on two instances: llama-2-13b fits ml.g5.12xlarge only, mistral-7b fits both.
std::vector<std::string> small_fleet(std::vector<std::string> extra) {
    std::vector<std::string> args = {"fleet",       "llama-2-13b", "mistral-7b-v0.1",
                                     "--seq",       "4096,2048",   "--instance",
                                     "g5.12xlarge", "--instance",  "g5.xlarge"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
}

// What a single run says about one model on one instance: the max batch at each length.
std::vector<std::uint64_t> single_run_batches(const std::string& model,
                                              const std::string& instance) {
    const Result result =
        run({"--model", model, "--seq", "4096,2048", "--instance", instance, "--json"});
    const nlohmann::json doc = nlohmann::json::parse(result.out);
    std::vector<std::uint64_t> batches;
    for (const auto& batch : doc["instances"][0]["batches"])
        batches.push_back(batch["max_batch"]);
    return batches;
}

const char* const k_mistral_config = R"({"model_type": "mistral", "hidden_size": 4096,
    "intermediate_size": 14336, "num_hidden_layers": 32, "num_attention_heads": 32,
    "num_key_value_heads": 8, "vocab_size": 32000, "max_position_embeddings": 32768,
    "torch_dtype": "bfloat16"})";
}  // namespace

TEST_CASE("llmsize::read_fleet_list", "[fleet]") {
    const llmsize::testing::TempFolder folder;
    SECTION("one model per line; blank lines and # comments skipped, spaces trimmed") {
        const auto list = folder.write("fleet.txt", "# our models\nllama-2-7b\n\n  qwen3-8b \r\n");
        CHECK(read_fleet_list(list) == std::vector<std::string>{"llama-2-7b", "qwen3-8b"});
    }
    SECTION("a list with no models is an error") {
        const auto list = folder.write("empty.txt", "# nothing yet\n\n");
        CHECK_THROWS_WITH(read_fleet_list(list), "--from '" + list.string() + "' lists no models");
    }
}

TEST_CASE("llmsize fleet --from - and --presets", "[fleet][cli]") {
    SECTION("--from - reads the list from standard input, as --config - reads a config") {
        std::istringstream in("# ours\nmistral-7b-v0.1\n\nllama-2-13b\n");
        std::ostringstream out;
        std::ostringstream err;
        const std::vector<std::string> args = {
            "fleet", "--from", "-", "--seq", "4096", "--instance", "g5.xlarge", "--format", "csv"};
        CHECK(run_cli(args, in, out, err) == 1);  // llama-2-13b fits no g5.xlarge
        CHECK_THAT(out.str(), Catch::Contains("\nmistral-7b-v0.1,fits,ml.g5.xlarge,true,true,"));
        CHECK_THAT(out.str(), Catch::Contains("\nllama-2-13b,fits_nowhere,ml.g5.xlarge,false,"));
        std::istringstream empty("# nothing\n");
        std::ostringstream out2;
        std::ostringstream err2;
        CHECK(run_cli(args, empty, out2, err2) == 2);
        CHECK(out2.str().empty());
        CHECK(err2.str() == "llmsize: error: --from - lists no models\n");
    }
    SECTION("--presets: one row per bundled preset, in llmsize models order") {
        const Result result = run({"fleet", "--presets", "--seq", "1024", "--instance",
                                   "p5.48xlarge", "--format", "json"});
        CHECK(result.code == 1);  // the largest presets fit no single p5.48xlarge
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        const std::span<const Preset> presets = bundled_presets();
        REQUIRE(doc["models"].size() == presets.size());
        for (std::size_t i = 0; i < presets.size(); ++i)
            CHECK(doc["models"][i]["input"] == presets[i].name);
    }
}

TEST_CASE("llmsize::classify_fleet_input", "[fleet]") {
    const llmsize::testing::TempFolder folder;
    CHECK(classify_fleet_input(folder.write("a/config.json", "{}").string()).kind ==
          FleetInputKind::config);
    CHECK(classify_fleet_input((folder / "a").string()).kind == FleetInputKind::config);
    CHECK(classify_fleet_input(folder.write("m.gguf", "GGUF").string()).kind ==
          FleetInputKind::gguf);
    CHECK(classify_fleet_input("meta-llama/Llama-2-7b-hf").kind == FleetInputKind::preset);
    CHECK(classify_fleet_input("llama-2-7b").kind == FleetInputKind::preset);
    CHECK(classify_fleet_input("./missing").kind == FleetInputKind::config);
    CHECK(classify_fleet_input("missing.gguf").kind == FleetInputKind::gguf);
}

TEST_CASE("llmsize fleet in each format", "[fleet][cli]") {
    // The fleet's cells are the single run's answers: same request, same numbers.
    const std::vector<std::uint64_t> llama_g5_12 = single_run_batches("llama-2-13b", "g5.12xlarge");
    const std::vector<std::uint64_t> mistral_g5_1 =
        single_run_batches("mistral-7b-v0.1", "g5.xlarge");
    REQUIRE(llama_g5_12.size() == 2);

    SECTION("json") {
        const Result result = run(small_fleet({"--format", "json"}));
        INFO(result.err);
        REQUIRE(result.code == 0);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        CHECK(doc["schema_version"] == 1);
        CHECK(doc["sequence_lengths"] == nlohmann::json({4096, 2048}));
        CHECK(doc["instances"][0]["name"] == "ml.g5.12xlarge");
        CHECK(doc["instances"][1]["name"] == "ml.g5.xlarge");
        const nlohmann::json& llama = doc["models"][0];
        CHECK(llama["input"] == "llama-2-13b");
        CHECK(llama["status"] == "fits");
        CHECK(llama["best_instance"] == "ml.g5.12xlarge");
        CHECK(llama["max_batch"][0] == nlohmann::json(llama_g5_12));
        CHECK(llama["max_batch"][1].is_null());  // 24.24 GiB of fp16 weights: not on one A10G
        CHECK(doc["models"][1]["max_batch"][1] == nlohmann::json(mistral_g5_1));
        CHECK(doc["models"][1]["best_instance"] == "ml.g5.xlarge");  // the cheaper one
        CHECK(doc["fits_nowhere"].empty());
        CHECK(run(small_fleet({"--json"})).out == result.out);
    }
    SECTION("csv: one line per model and instance") {
        const Result result = run(small_fleet({"--format", "csv"}));
        REQUIRE(result.code == 0);
        std::istringstream lines(result.out);
        std::string line;
        std::getline(lines, line);
        CHECK(line ==
              "model,status,instance,fits,best,price_usd_per_hour,weight_bytes,max_batch_4096,"
              "max_batch_2048,error");
        std::getline(lines, line);
        // 13,015,864,320 parameters × 2 B (fp16) = 26,031,728,640 B
        CHECK(line == "llama-2-13b,fits,ml.g5.12xlarge,true,true,7.09,26031728640," +
                          std::to_string(llama_g5_12[0]) + "," + std::to_string(llama_g5_12[1]) +
                          ",");
        std::getline(lines, line);
        CHECK(line == "llama-2-13b,fits,ml.g5.xlarge,false,false,1.4084,26031728640,0,0,");
        int count = 3;
        while (std::getline(lines, line))
            ++count;
        CHECK(count == 5);  // header + 2 models × 2 instances
    }
    SECTION("markdown") {
        const Result result = run(small_fleet({"--format", "markdown"}));
        REQUIRE(result.code == 0);
        CHECK_THAT(
            result.out,
            Catch::Contains("| Model | Weights [GiB] | Best instance | Price [$/h] | "
                            "ml.g5.12xlarge | ml.g5.xlarge |\n|---|---:|---|---:|---:|---:|\n"
                            "| llama-2-13b | 24.24 | ml.g5.12xlarge | 7.09 | " +
                            std::to_string(llama_g5_12[0]) + "/" + std::to_string(llama_g5_12[1]) +
                            " | - |\n"));
        CHECK_THAT(result.out, Catch::Contains("Fits nowhere (0): none"));
    }
    SECTION("table") {
        const Result result = run(small_fleet({}));
        REQUIRE(result.code == 0);
        CHECK_THAT(result.out, Catch::StartsWith("Max batch at --seq 4096/2048 per instance"));
        CHECK_THAT(result.out, Catch::Contains("llama-2-13b"));
        CHECK_THAT(result.out, Catch::Contains("Fits nowhere (0): none"));
        CHECK(result.err.empty());
    }
}

TEST_CASE("llmsize fleet exit codes", "[fleet][cli]") {
    SECTION("0: every model fits somewhere") {
        CHECK(run(small_fleet({})).code == 0);
    }
    SECTION("1: some model fits nowhere, and the output names it") {
        // gpt2's context is 1,024 tokens: a longer --seq is bad input for it (issue 10).
        const Result result =
            run({"fleet", "deepseek-v3", "gpt2", "--seq", "1024", "--instance", "g5.xlarge"});
        CHECK(result.code == 1);
        CHECK_THAT(result.out, Catch::Contains("Fits nowhere (1): deepseek-v3\n"));
    }
    SECTION("2: a bad model is one error row; the others are still sized") {
        std::vector<std::string> args = small_fleet({"--format", "json"});
        args.insert(args.begin() + 3, "llama-9");  // a model argument, before the options
        const Result result = run(args);
        CHECK(result.code == 2);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        REQUIRE(doc["models"].size() == 3);
        CHECK(doc["models"][0]["status"] == "fits");
        CHECK(doc["models"][2] ==
              nlohmann::json({{"input", "llama-9"},
                              {"status", "error"},
                              {"error",
                               "unknown model 'llama-9'; 'llmsize models' lists the "
                               "bundled presets"}}));
        CHECK(result.err ==
              "llmsize: error: llama-9: unknown model 'llama-9'; 'llmsize models' "
              "lists the bundled presets\n");
    }
    SECTION("2: every model bad; the columns still name the lengths") {
        const Result result = run({"fleet", "nope", "--seq", "4096", "--format", "csv"});
        CHECK(result.code == 2);
        CHECK_THAT(result.out, Catch::StartsWith("model,status,instance,fits,best,"
                                                 "price_usd_per_hour,weight_bytes,max_batch_4096,"
                                                 "error\nnope,error,,,,,,,unknown model 'nope'"));
    }
    SECTION("2 with nothing on stdout: bad usage") {
        for (const auto& args : std::vector<std::vector<std::string>>{
                 small_fleet({"--format", "xml"}),
                 small_fleet({"--model", "gpt2"}),
                 small_fleet({"--dtype", "fp7"}),
                 {"fleet", "gpt2"},
                 {"fleet", "--seq", "4096"},
                 {"fleet", "--from", "/nonexistent/fleet.txt", "--seq", "4096"}}) {
            const Result result = run(args);
            INFO(result.err);
            CHECK(result.code == 2);
            CHECK(result.out.empty());
            CHECK_THAT(result.err, Catch::StartsWith("llmsize: error: "));
        }
        CHECK(run(small_fleet({"--format", "xml"})).err ==
              "llmsize: error: --format: unknown format 'xml', expected table, json, csv or "
              "markdown\n");
    }
}

TEST_CASE("llmsize fleet --from FILE with configs, folders and ids", "[fleet][cli]") {
    const llmsize::testing::TempFolder folder;
    const auto config = folder.write("mistral/config.json", k_mistral_config);
    const auto broken = folder.write("broken/config.json", "{\"model_type\": ");
    const auto list =
        folder.write("fleet.txt", "# the platform's models\n" + config.string() + "\n" +
                                      (folder / "mistral").string() +
                                      "\n\nmistralai/Mistral-7B-v0.1\n" + broken.string() + "\n");
    const Result result = run({"fleet", "--from", list.string(), "--seq", "4096", "--instance",
                               "g5.12xlarge", "--format", "json"});
    CHECK(result.code == 2);  // the broken config
    const nlohmann::json doc = nlohmann::json::parse(result.out);
    REQUIRE(doc["models"].size() == 4);
    // The config file, its folder and the preset's HuggingFace id are the same model.
    CHECK(doc["models"][0]["status"] == "fits");
    CHECK(doc["models"][0]["max_batch"] == doc["models"][1]["max_batch"]);
    CHECK(doc["models"][0]["max_batch"] == doc["models"][2]["max_batch"]);
    CHECK(doc["models"][2]["name"] == "mistral-7b-v0.1");
    CHECK(doc["models"][3]["status"] == "error");
    CHECK_THAT(doc["models"][3]["error"].get<std::string>(),
               Catch::StartsWith("reading '" + broken.string() + "'"));
}
