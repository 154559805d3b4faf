// The local Hugging Face cache: a fixture cache tree in a temp folder, laid out as
// huggingface_hub writes it (models--ORG--NAME/{refs,snapshots,blobs}).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "checkpoint_writers.hpp"
#include "llmsize/error.hpp"
#include "llmsize/hf_cache.hpp"
#include "run_cli.hpp"
#include "temp_folder.hpp"

using llmsize::testing::TempFolder;

namespace {
constexpr const char* k_commit = "0e9e39f249a16976918f6564b8830bc894c89659";
// A two-layer GPT-2-shaped model: 2 layers × 2 (K,V) × 64 × 2 B = 512 B of KV per token in fp16.
constexpr const char* k_config = R"({"model_type": "gpt2", "n_layer": 2, "n_embd": 64,
    "n_head": 4, "vocab_size": 1000, "n_positions": 128, "torch_dtype": "float16"})";

// models--acme--tiny-gpt with refs/main → snapshots/<commit>/{config.json, model.safetensors}.
void write_fixture(const TempFolder& cache) {
    const std::string repository = "models--acme--tiny-gpt/";
    cache.write(repository + "refs/main", std::string(k_commit));
    cache.write(repository + "snapshots/" + k_commit + "/config.json", k_config);
    // One F16 tensor of 1000 × 64 values: 128,000 bytes.
    const std::string header =
        R"({"wte.weight": {"dtype": "F16", "shape": [1000, 64], "data_offsets": [0, 128000]}})";
    llmsize::testing::write_safetensors(
        cache / (repository + "snapshots/" + k_commit + "/model.safetensors"), header, 128'000);
    cache.write(repository + "snapshots/1111111111111111111111111111111111111111/config.json",
                k_config);
}

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
}  // namespace

TEST_CASE("llmsize::parse_hf_model_reference", "[hf_cache]") {
    const auto plain = llmsize::parse_hf_model_reference("meta-llama/Llama-3.1-8B");
    REQUIRE(plain);
    CHECK(plain->repo_id == "meta-llama/Llama-3.1-8B");
    CHECK(plain->revision == "main");
    const auto pinned = llmsize::parse_hf_model_reference("Qwen/Qwen3-8B@v1.0");
    REQUIRE(pinned);
    CHECK(pinned->revision == "v1.0");
    CHECK_FALSE(llmsize::parse_hf_model_reference("llama-3.1-8b"));
    CHECK_FALSE(llmsize::parse_hf_model_reference("a/b/c"));
    CHECK_FALSE(llmsize::parse_hf_model_reference("../x"));
    CHECK_FALSE(llmsize::parse_hf_model_reference("org/name@"));
}

TEST_CASE("llmsize::hf_cache_folders follows huggingface_hub's order", "[hf_cache]") {
    using Paths = std::vector<std::filesystem::path>;
    CHECK(llmsize::hf_cache_folders("/c", "/h", "/home/u") ==
          Paths{"/c", "/h/hub", "/home/u/.cache/huggingface/hub"});
    CHECK(llmsize::hf_cache_folders(nullptr, "", "/home/u") ==
          Paths{"/home/u/.cache/huggingface/hub"});
}

TEST_CASE("llmsize::find_hf_snapshot on a fixture cache", "[hf_cache]") {
    TempFolder cache;
    write_fixture(cache);
    const std::vector<std::filesystem::path> folders{cache / "missing", cache.path()};
    const auto main = llmsize::find_hf_snapshot({"acme/tiny-gpt", "main"}, folders);
    REQUIRE(main);
    CHECK(main->commit == k_commit);
    CHECK(main->folder == cache / "models--acme--tiny-gpt/snapshots" / k_commit);
    const auto by_commit = llmsize::find_hf_snapshot(
        {"acme/tiny-gpt", "1111111111111111111111111111111111111111"}, folders);
    REQUIRE(by_commit);
    CHECK(by_commit->commit == "1111111111111111111111111111111111111111");
    CHECK_FALSE(llmsize::find_hf_snapshot({"acme/other", "main"}, folders));
    CHECK_THROWS_WITH(llmsize::find_hf_snapshot({"acme/tiny-gpt", "v2"}, folders),
                      Catch::Contains("has no revision 'v2'"));
}

TEST_CASE("hf cache: --model ORG/NAME resolves in the local cache first, then the presets",
          "[hf_cache][cli]") {
    TempFolder cache;
    write_fixture(cache);
    ::setenv("HF_HUB_CACHE", cache.path().c_str(), 1);
    const Result cached =
        run({"--model", "acme/tiny-gpt", "--seq", "128", "--family", "g5", "--json"});
    INFO(cached.err);
    REQUIRE(cached.code == 0);
    const auto doc = nlohmann::json::parse(cached.out);
    CHECK(doc["model"]["name"] == "acme/tiny-gpt");
    CHECK(doc["model"]["source"] == "config");
    CHECK(doc["kv_cache"]["bytes_per_token"] == 512);
    CHECK(doc["weights"]["bytes"] == 128'000);  // the safetensors header, not parameters × 2 B
    CHECK(doc["notes"][0].get<std::string>().starts_with(
        "model acme/tiny-gpt from the local Hugging Face cache (offline): "));

    // Not cached, but a bundled preset's Hugging Face id: the preset, and the output says so.
    const Result preset = run({"--model", "openai-community/gpt2", "--seq", "1k", "--json"});
    REQUIRE(preset.code == 0);
    const auto preset_doc = nlohmann::json::parse(preset.out);
    CHECK(preset_doc["model"]["source"] == "preset");
    CHECK(preset_doc["notes"][0] ==
          "openai-community/gpt2 is not in the local Hugging Face "
          "cache: sized from the bundled preset gpt2");

    const Result neither = run({"--model", "acme/unknown", "--seq", "1k"});
    CHECK(neither.code == 2);
    CHECK(neither.out.empty());
    CHECK(
        neither.err.starts_with("llmsize: error: --model: 'acme/unknown' is neither in the local "
                                "Hugging Face cache (searched " +
                                cache.path().string()));
    ::unsetenv("HF_HUB_CACHE");
}
