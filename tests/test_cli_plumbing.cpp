// The command line's plumbing: version, usage, subcommands and their flags, stdin, comma lists,
// write failures and help width. run_cli in-process, as a user would see it.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <streambuf>

#include "run_cli.hpp"
#include "temp_folder.hpp"
#include "text_table.hpp"

using namespace llmsize::cli;

namespace {
struct Result {
    int code;
    std::string out;
    std::string err;
};

Result run(std::vector<std::string> args, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    const int code = run_cli(args, in, out, err);
    return {code, out.str(), err.str()};
}

// A stream buffer that refuses every write, as stdout does on a full disk (> /dev/full).
class FullBuffer : public std::streambuf {
  protected:
    int_type overflow(int_type) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

std::size_t widest_line(const std::string& text) {
    std::size_t widest = 0;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line))
        widest = std::max(widest, display_width(line));
    return widest;
}
}  // namespace

TEST_CASE("version: --version and -V print the version and the data dates", "[cli][plumbing]") {
    for (const char* flag : {"--version", "-V"}) {
        const Result result = run({flag});
        CHECK(result.code == 0);
        CHECK(result.err.empty());
        CHECK(result.out.starts_with("llmsize " LLMSIZE_TEST_VERSION "\n"));
        CHECK(result.out.find("instance catalog: ") != std::string::npos);
        CHECK(result.out.find("prices dated 2025-01-26") != std::string::npos);
        CHECK(result.out.find("model presets: ") != std::string::npos);
    }
}

TEST_CASE("a bare llmsize prints its usage on stderr and exits 2", "[cli][plumbing]") {
    const Result result = run({});
    CHECK(result.code == 2);
    CHECK(result.out.empty());
    CHECK(result.err.starts_with("usage: llmsize --params COUNT"));
    CHECK(widest_line(result.err) <= 100);
}

TEST_CASE("subcommands reject the flags that do not apply to them", "[cli][plumbing]") {
    const Result models = run({"--model", "gpt2", "--seq", "1k", "models"});
    CHECK(models.code == 2);
    CHECK(models.out.empty());
    CHECK(models.err ==
          "llmsize: error: 'models' does not take --model, --seq; it takes --family, --json\n");
    const Result after = run({"models", "--batch", "4"});
    CHECK(after.code == 2);
    CHECK(after.err ==
          "llmsize: error: 'models' does not take --batch; it takes --family, --json\n");
    const Result instances = run({"instances", "--engine", "raw"});
    CHECK(instances.code == 2);
    CHECK(instances.err ==
          "llmsize: error: 'instances' does not take --engine; it takes "
          "--family, --instance, --catalog, --json\n");
    SECTION("the flags that apply work before or after the subcommand") {
        CHECK(run({"--json", "models"}).code == 0);
        CHECK(run({"models", "--json"}).code == 0);
        CHECK(run({"--family", "g5", "instances"}).code == 0);
    }
}

TEST_CASE("models --family filters by architecture or name prefix", "[cli][plumbing]") {
    const Result result = run({"models", "--family", "qwen3,mixtral", "--json"});
    REQUIRE(result.code == 0);
    std::vector<std::string> names;
    const nlohmann::json doc = nlohmann::json::parse(result.out);
    for (const auto& model : doc["models"])
        names.push_back(model["name"]);
    CHECK(names == std::vector<std::string>{"mixtral-8x7b", "mixtral-8x22b", "qwen3-8b",
                                            "qwen3-32b", "qwen3-30b-a3b", "qwen3-4b", "qwen3-14b",
                                            "qwen3-0.6b", "qwen3-1.7b", "qwen3-235b-a22b",
                                            "qwen3-next-80b-a3b"});
    const Result unknown = run({"models", "--family", "lama"});
    CHECK(unknown.code == 2);
    CHECK(unknown.out.empty());
    CHECK(unknown.err ==
          "llmsize: error: --family: no preset of family 'lama', did you mean "
          "'llama'?\n");
}

TEST_CASE("comma lists: --instance and --family take comma lists", "[cli][plumbing]") {
    const Result listed = run({"instances", "--family", "g5,p5", "--json"});
    REQUIRE(listed.code == 0);
    const Result repeated = run({"instances", "--family", "g5", "--family", "p5", "--json"});
    CHECK(listed.out == repeated.out);
    const Result sized =
        run({"--model", "gpt2", "--seq", "1k", "--instance", "ml.g5.xlarge,g6.xlarge", "--json"});
    REQUIRE(sized.code == 0);
    const auto instances = nlohmann::json::parse(sized.out)["instances"];
    CHECK(instances.size() == 2);
}

TEST_CASE("stdin: --config - reads config.json from standard input", "[cli][plumbing]") {
    // GPT-2 small: 12 layers × 2 (K,V) × 768 × 2 B (fp16) = 36,864 B per token.
    const std::string config = R"({"model_type": "gpt2", "n_layer": 12, "n_embd": 768,
        "n_head": 12, "vocab_size": 50257, "n_positions": 1024})";
    const Result result = run({"--config", "-", "--seq", "1k", "--family", "g5", "--json"}, config);
    INFO(result.err);
    REQUIRE(result.code == 0);
    const auto doc = nlohmann::json::parse(result.out);
    CHECK(doc["kv_cache"]["bytes_per_token"] == 36'864);
    CHECK(doc["model"]["source"] == "config");
    const Result empty = run({"--config", "-", "--seq", "1k"});
    CHECK(empty.code == 2);
    CHECK(empty.out.empty());
    CHECK(empty.err ==
          "llmsize: error: --config -: standard input is empty, expected a config.json\n");
}

TEST_CASE("stdin: --config - is read under the config.json bound", "[cli][plumbing]") {
    // k_max_config_file_bytes (4 MiB) as for a file: a larger stdin is refused, not slurped.
    const std::string huge(4 * 1024 * 1024 + 1, ' ');
    const Result result = run({"--config", "-", "--seq", "1k"}, huge);
    CHECK(result.code == 2);
    CHECK(result.out.empty());
    CHECK(result.err ==
          "llmsize: error: reading standard input: larger than 4096 KiB, the most llmsize reads "
          "from such a file\n");
    // --approximate applies to a config on stdin as to a file.
    const std::string experts = R"({"model_type": "mistral", "num_hidden_layers": 2,
        "hidden_size": 64, "num_attention_heads": 4, "num_key_value_heads": 2,
        "intermediate_size": 128, "vocab_size": 100, "max_position_embeddings": 4096,
        "num_local_experts": 4})";
    CHECK(run({"--config", "-", "--seq", "1k"}, experts).code == 2);
    const Result approximate =
        run({"--config", "-", "--seq", "1k", "--approximate", "--json"}, experts);
    INFO(approximate.err);
    REQUIRE(approximate.code == 0);
    CHECK(nlohmann::json::parse(approximate.out)["warnings"].size() == 1);
}

TEST_CASE("fleet: the same --format as a single run, single-run output flags refused",
          "[cli][plumbing][fleet]") {
    const std::vector<std::string> fleet = {"fleet", "mistral-7b-v0.1", "--seq",
                                            "4k",    "--instance",      "g5.12xlarge"};
    std::vector<std::string> after = fleet;
    after.insert(after.end(), {"--format", "csv"});
    std::vector<std::string> before = {"--format", "csv"};
    before.insert(before.end(), fleet.begin(), fleet.end());
    const Result csv = run(after);
    CHECK(csv.code == 0);
    CHECK(csv.out.starts_with("model,status,instance,"));
    CHECK(run(before).out == csv.out);
    for (const std::string flag : {"--brief", "--all", "--ascii"}) {
        std::vector<std::string> args = fleet;
        args.push_back(flag);
        const Result refused = run(args);
        CHECK(refused.code == 2);
        CHECK(refused.out.empty());
        CHECK(refused.err ==
              "llmsize: error: 'fleet' does not take " + flag +
                  "; it takes --from, --presets, --format, --json and the sizing flags (see "
                  "'llmsize --help')\n");
    }
    std::vector<std::string> dtypes = fleet;
    dtypes.insert(dtypes.end(), {"--dtype", "bf16,fp8"});
    CHECK(run(dtypes).err ==
          "llmsize: error: fleet takes one --dtype; compare dtypes on one model with --model\n");
}

TEST_CASE("colour codes pass to a colour terminal, control characters from input never do",
          "[cli][plumbing]") {
    const llmsize::testing::TempFolder folder;
    const auto catalog =
        folder.write("catalog.json",
                     R"({"replace_bundled": true, "instances": [{"name": "evil\u001b[31m.xlarge",
            "accelerator": "A10G", "accelerator_count": 1,
            "accelerator_memory_gb_marketed": 24, "accelerator_memory_mib_usable": 23028,
            "source": "test"}]})");
    const std::vector<std::string> args = {"--model", "gpt2",      "--seq",
                                           "1k",      "--catalog", catalog.string()};
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    Terminal colour;
    colour.color = true;
    REQUIRE(run_cli(args, in, out, err, colour) == 0);
    CHECK(out.str().find("\x1b[34m") != std::string::npos);  // the memory bar's weights
    CHECK(out.str().find("\x1b[31m") == std::string::npos);
    CHECK(out.str().find("evil\\x1b[31m.xlarge") != std::string::npos);
}

TEST_CASE("a failed write to stdout or stderr is exit 2", "[cli][plumbing]") {
    FullBuffer full_buffer;
    std::ostream full(&full_buffer);
    std::istringstream in;
    SECTION("stdout") {
        std::ostringstream err;
        const std::vector<std::string> args{"--model", "gpt2", "--seq", "1k"};
        CHECK(run_cli(args, in, full, err) == 2);
        CHECK(err.str().starts_with("llmsize: error: writing to standard output failed"));
        const std::vector<std::string> help{"--help"};
        CHECK(run_cli(help, in, full, err) == 2);
    }
    SECTION("stderr") {
        std::ostringstream out;
        const std::vector<std::string> args{"--model", "nope", "--seq", "1k"};
        CHECK(run_cli(args, in, out, full) == 2);
        FullBuffer other_buffer;
        std::ostream other(&other_buffer);
        const std::vector<std::string> fine{"--model", "gpt2", "--seq", "1k"};
        CHECK(run_cli(fine, in, out, other) == 0);  // nothing written to stderr: nothing lost
    }
}

TEST_CASE("every help line fits 100 columns", "[cli][plumbing][help]") {
    for (const std::vector<std::string>& args : {std::vector<std::string>{"--help"},
                                                 {"models", "--help"},
                                                 {"instances", "--help"},
                                                 {"fleet", "--help"}}) {
        const Result result = run(args);
        INFO(args.front());
        CHECK(result.code == 0);
        CHECK(widest_line(result.out) <= 100);
    }
    SECTION("subcommand help shows only what applies") {
        const Result result = run({"models", "--help"});
        CHECK(result.out.find("--family") != std::string::npos);
        CHECK(result.out.find("--seq") == std::string::npos);
    }
}

TEST_CASE("llmsize::cli::wrap_words", "[cli][text]") {
    CHECK(wrap_words("aaa bbb ccc", 7, "", "  ") == std::vector<std::string>{"aaa bbb", "  ccc"});
    CHECK(wrap_words("a × b", 5) == std::vector<std::string>{"a × b"});  // "×" is one column
    CHECK(wrap_words("averyveryverylongword x", 5) ==
          std::vector<std::string>{"averyveryverylongword", "x"});
    CHECK(wrap_words("", 10, "- ") == std::vector<std::string>{"- "});
}

TEST_CASE("listings cite sources a reader can follow, never research notes", "[cli][sources]") {
    const Result models = run({"models", "--json"});
    REQUIRE(models.code == 0);
    const nlohmann::json model_doc = nlohmann::json::parse(models.out);
    for (const auto& model : model_doc["models"]) {
        INFO(model["name"]);
        CHECK(model["config_source"] == "https://huggingface.co/" +
                                            model["hf_id"].get<std::string>() +
                                            "/blob/main/config.json");
        CHECK(model["published_parameters_source"].get<std::string>().starts_with("https://"));
    }
    const Result instances = run({"instances", "--json"});
    REQUIRE(instances.code == 0);
    const nlohmann::json instance_doc = nlohmann::json::parse(instances.out);
    for (const auto& instance : instance_doc["instances"]) {
        INFO(instance["name"]);
        for (const char* key : {"source", "price_source"}) {
            const std::string source = instance[key];
            CHECK(source.find("https://") != std::string::npos);
            CHECK(source.find("file id") == std::string::npos);
            CHECK(source.find("../shared") == std::string::npos);
        }
    }
}

TEST_CASE("plumbing errors: one line on stderr, exit 2, nothing on stdout", "[cli][plumbing]") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--model", "gpt2", "--seq", "1k", "--top", "0"},
         "--top: expected a positive whole number up to 1000000, got '0'"},
        {{"instances", "--family", "g55"},
         "--family: unknown instance family 'g55', did you mean 'g5'?"},
        {{"--model", "gpt2", "--seq", "1k", "--format", "csv", "--dtype", "fp16,fp8"},
         "--format csv and markdown take one --dtype; --format table or json compare several"},
        {{"--model", "acme/none@main", "--seq", "1k"},
         "--model: 'acme/none@main' is not in the local Hugging Face cache, and the bundled "
         "presets have no revisions"},
        {{"models", "--format", "json"},
         "'models' does not take --format; it takes --family, --json"},
    };
    for (const auto& [args, message] : cases) {
        INFO(args.front() << ' ' << args.back());
        const Result result = run(args);
        CHECK(result.code == 2);
        CHECK(result.out.empty());
        CHECK(result.err == "llmsize: error: " + message + "\n");
    }
    const Result bad_json = run({"--config", "-", "--seq", "1k"}, "{bad");
    CHECK(bad_json.code == 2);
    CHECK(bad_json.err ==
          "llmsize: error: reading 'standard input': not valid JSON (line 1, column 2)\n");
}
