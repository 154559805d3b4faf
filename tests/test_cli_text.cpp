// The human-readable output: fits the terminal's width, the answer near the top, the table's
// length, --brief, --format, several dtypes, the memory bar. run_cli in-process.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_cli.hpp"
#include "terminal.hpp"
#include "text_table.hpp"

using namespace llmsize::cli;

namespace {
struct Result {
    int code;
    std::string out;
    std::string err;
};

Result run(const std::vector<std::string>& args, Terminal terminal = {}) {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int code = run_cli(args, in, out, err, terminal);
    return {code, out.str(), err.str()};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream stream(text);
    std::string line;
    while (std::getline(stream, line))
        lines.push_back(line);
    return lines;
}

Terminal columns(std::size_t width) {
    Terminal terminal;
    terminal.columns = width;
    return terminal;
}
}  // namespace

TEST_CASE("at 80 columns no line is wider and the answer is in the first 15 lines",
          "[cli][text][width]") {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--model", "llama-3.1-8b", "--seq", "8k"},
          {"--params", "13e9", "--dtype", "fp16", "--seq", "4096,2048", "--engine", "raw"},
          {"--model", "mixtral-8x7b", "--dtype", "bf16", "--seq", "4096,32768"},
          {"--model", "deepseek-v3", "--seq", "4k,32k,128k"},
          {"--model", "llama-2-13b", "--seq", "4096", "--instance", "ml.g5.12xlarge", "--batch",
           "17"},
          {"--model", "llama-3.1-70b", "--dtype", "bf16,fp8,int4", "--seq", "8k"},
          {"--model", "llama-3.1-8b", "--seq", "8k", "--all"},
          // main's engine budgets, what runs where, the model's context and its warnings
          {"--model", "llama-3.1-8b", "--seq", "8k", "--engine", "sglang"},
          {"--model", "gemma-2-9b", "--seq", "8k", "--engine", "trtllm"},
          {"--model", "llama-3.1-8b", "--seq", "8k", "--engine", "neuron"},
          {"--model", "qwen3-8b"},
          {"--model", "llama-2-13b", "--seq", "8k", "--allow-long-context"},
          {"--model", "flan-t5-xxl", "--seq", "2k"}}) {
        for (const std::size_t width : {std::size_t{80}, std::size_t{60}, std::size_t{100}}) {
            const Result result = run(args, columns(width));
            INFO(args[1] << " at " << width << " columns:\n" << result.out);
            REQUIRE(result.code <= 1);
            const std::vector<std::string> lines = lines_of(result.out);
            for (const std::string& line : lines)
                CHECK(display_width(line) <= width);
            if (width != 80) continue;
            std::size_t answer = lines.size();
            for (std::size_t i = 0; i < lines.size(); ++i) {
                if (lines[i].starts_with("Recommended") || lines[i].starts_with("Weights ") ||
                    lines[i].starts_with("dtype ")) {
                    answer = i + 1;
                    break;
                }
            }
            CHECK(answer <= 15);
        }
    }
}

TEST_CASE("fleet's matrix fits the width, CSV keeps every instance", "[cli][text][fleet]") {
    const std::vector<std::string> args = {"fleet", "llama-3.1-8b", "qwen3-32b",
                                           "--seq", "8192,32k",     "--family",
                                           "g6e",   "--family",     "p5"};
    for (const std::size_t width : {std::size_t{60}, std::size_t{80}, std::size_t{100}}) {
        const Result result = run(args, columns(width));
        INFO(width << " columns:\n" << result.out);
        REQUIRE(result.code == 0);
        for (const std::string& line : lines_of(result.out))
            CHECK(display_width(line) <= width);
        // The model and its best instance always show; the last instances give way first.
        CHECK(result.out.find("\nllama-3.1-8b ") != std::string::npos);
        CHECK(result.out.find("ml.g6e.xlarge ") != std::string::npos);
        CHECK(result.out.find("--format csv has them all") != std::string::npos);
    }
    std::vector<std::string> csv_args = args;
    csv_args.insert(csv_args.end(), {"--format", "csv"});
    const Result csv = run(csv_args, columns(60));
    // 8 g6e sizes and 2 p5 instances, one line each per model, plus the header.
    CHECK(lines_of(csv.out).size() == 1 + 2 * 10);
}

TEST_CASE("the table lists the ten best, misfits are one counted line", "[cli][text]") {
    const Result result = run({"--model", "llama-3.1-8b", "--seq", "8k"});
    const std::vector<std::string> lines = lines_of(result.out);
    std::size_t rows = 0;
    for (const std::string& line : lines) {
        if (line.find(" ml.") != std::string::npos && line.find("x ") != std::string::npos &&
            !line.starts_with("Recommended") && !line.starts_with("Best value") &&
            !line.starts_with("Budget"))
            ++rows;
    }
    CHECK(rows == 10);
    CHECK(result.out.find("more fit: --top N or --all lists them") != std::string::npos);
    CHECK(result.out.find("do not fit: --all gives each reason") != std::string::npos);
    CHECK(result.out.find("does not fit:") == std::string::npos);
    SECTION("--top 3") {
        const Result top = run({"--model", "llama-3.1-8b", "--seq", "8k", "--top", "3"});
        CHECK(top.out.find("\n3  ml.") != std::string::npos);
        CHECK(top.out.find("\n4  ml.") == std::string::npos);
    }
    SECTION("--all: every instance and every reason") {
        const Result all = run({"--model", "llama-3.1-8b", "--seq", "8k", "--all"});
        CHECK(all.out.find("more fit") == std::string::npos);
        CHECK(all.out.find("ml.g4dn.xlarge does not fit:") != std::string::npos);
    }
    SECTION("each note once") {
        const std::vector<std::string> all = lines_of(result.out);
        for (std::size_t i = 0; i < all.size(); ++i) {
            if (!all[i].starts_with("  - ")) continue;
            for (std::size_t j = i + 1; j < all.size(); ++j)
                CHECK(all[i] != all[j]);
        }
    }
}

TEST_CASE("brief: --brief prints one line", "[cli][text]") {
    const Result result = run({"--model", "llama-2-13b", "--dtype", "fp16", "--seq", "4096,2048",
                               "--family", "g5", "--brief"});
    CHECK(result.code == 0);
    // TP 4 on ml.g5.12xlarge holds 13 sequences of 4,096 tokens (the README's vLLM example).
    CHECK(result.out ==
          "ml.g5.12xlarge  TP 4 x 1 copy  batch 13 x 4,096, 26 x 2,048 tokens  "
          "$7.09/h\n");
    const Result none = run({"--model", "llama-2-13b", "--dtype", "fp16", "--seq", "4096",
                             "--instance", "ml.g5.12xlarge", "--batch", "17", "--brief"});
    CHECK(none.code == 1);
    CHECK(none.out == "none: KV cache holds only 13 sequences of 4096 tokens, 17 required\n");
    // With a workload, the line adds what the recommendation was chosen by: cost per output token.
    const Result speed = run({"--model", "llama-3.1-8b", "--seq", "8k", "--input-tokens", "1000",
                              "--output-tokens", "200", "--family", "p5", "--brief"});
    CHECK(speed.code == 0);
    CHECK_THAT(speed.out, Catch::Matches(R"(ml\.p5\.\S+  TP \d+ x \d+ cop(y|ies)  batch [\d,]+ x )"
                                         R"(8,192 tokens  \$[\d.]+/h  \$[\d.]+/M output tokens at )"
                                         R"([\d,]+ sequences\n)"));
}

TEST_CASE("formats: --format csv, markdown and json", "[cli][text][format]") {
    const std::vector<std::string> base{"--model", "gpt2", "--seq", "1k", "--family", "g5"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    };
    const Result csv = with({"--format", "csv"});
    CHECK(csv.code == 0);
    CHECK(csv.out.starts_with("Rank,Instance,Accelerators,TP x copies,Memory [GiB],"));
    CHECK(lines_of(csv.out).size() == 1 + 8);  // a header and the 8 g5 instances
    const Result markdown = with({"--format", "markdown"});
    CHECK(markdown.out.starts_with("**Recommended: ml.g5.xlarge**"));
    CHECK(markdown.out.find("\n|---:|---|") != std::string::npos);
    CHECK(with({"--format", "json"}).out == with({"--json"}).out);
    const Result bad = with({"--format", "yaml"});
    CHECK(bad.code == 2);
    CHECK(bad.err ==
          "llmsize: error: --format: unknown format 'yaml', expected table, json, "
          "csv or markdown\n");
    CHECK(with({"--json", "--format", "csv"}).err ==
          "llmsize: error: --json is --format json; it excludes --format 'csv'\n");
    CHECK(with({"--brief", "--json"}).err ==
          "llmsize: error: --brief prints one line of text; it excludes --json and --format\n");
    CHECK(with({"--all", "--top", "3"}).err ==
          "llmsize: error: --all lists every instance; it excludes --top\n");
}

TEST_CASE("dtype list: --dtype with a comma list compares the dtypes", "[cli][text][dtype]") {
    const std::vector<std::string> args{"--model",       "llama-3.1-70b", "--dtype",
                                        "bf16,fp8,int4", "--seq",         "8k"};
    const Result text = run(args);
    REQUIRE(text.code == 0);
    CHECK(text.out.find("\nbf16 ") != std::string::npos);
    CHECK(text.out.find("\nfp8 ") != std::string::npos);
    CHECK(text.out.find("\nint4 ") != std::string::npos);
    std::vector<std::string> json_args = args;
    json_args.push_back("--json");
    const auto doc = nlohmann::json::parse(run(json_args).out);
    REQUIRE(doc["reports"].size() == 3);
    CHECK(doc["reports"][0]["weights"]["dtype"] == "bf16");
    CHECK(doc["reports"][1]["weights"]["dtype"] == "fp8");
    CHECK(doc["reports"][2]["weights"]["dtype"] == "int4");
    // Llama-3.1-70B: 70,553,706,496 parameters × 2 B in bf16.
    CHECK(doc["reports"][0]["weights"]["bytes"] == 141'107'412'992);
    SECTION("one dtype keeps the single-report document") {
        const auto single = nlohmann::json::parse(
            run({"--model", "gpt2", "--dtype", "fp16", "--seq", "1k", "--json"}).out);
        CHECK(single.contains("model"));
        CHECK_FALSE(single.contains("reports"));
    }
    const Result twice = run({"--model", "gpt2", "--dtype", "fp16,FP16", "--seq", "1k"});
    CHECK(twice.code == 2);
    CHECK(twice.err == "llmsize: error: --dtype: 'FP16' is listed twice\n");
    const Result bad = run({"--model", "gpt2", "--dtype", "fp16,fp5", "--seq", "1k"});
    CHECK(bad.code == 2);
    CHECK(bad.out.empty());
}

TEST_CASE("the memory bar: Unicode, ASCII, colour", "[cli][text][bar]") {
    const std::vector<std::string> args{"--model", "llama-3.1-8b", "--seq", "8k"};
    const Result unicode = run(args);
    CHECK(unicode.out.find("█ weights") != std::string::npos);
    CHECK(unicode.out.find("▒ KV cache") != std::string::npos);
    CHECK(unicode.out.find("\x1b[") == std::string::npos);
    Terminal dumb;
    dumb.unicode = false;
    const Result ascii = run(args, dumb);
    CHECK(ascii.out.find("# weights") != std::string::npos);
    CHECK(ascii.out.find("█") == std::string::npos);
    std::vector<std::string> ascii_args = args;
    ascii_args.push_back("--ascii");
    CHECK(run(ascii_args).out == ascii.out);
    Terminal colour;
    colour.color = true;
    CHECK(run(args, colour).out.find("\x1b[34m") != std::string::npos);
}

TEST_CASE("llmsize::cli::terminal_from", "[cli][terminal]") {
    CHECK(terminal_from(false, std::nullopt, nullptr, nullptr, nullptr).columns == 100);
    CHECK(terminal_from(true, 132, nullptr, nullptr, nullptr).columns == 132);
    CHECK(terminal_from(true, 132, "80", nullptr, nullptr).columns == 80);
    CHECK(terminal_from(false, std::nullopt, "80", nullptr, nullptr).columns == 80);
    CHECK(terminal_from(false, std::nullopt, "wide", nullptr, nullptr).columns == 100);
    CHECK(terminal_from(true, 80, nullptr, nullptr, "xterm").color);
    CHECK_FALSE(terminal_from(false, 80, nullptr, nullptr, "xterm").color);
    CHECK_FALSE(terminal_from(true, 80, nullptr, "1", "xterm").color);
    CHECK_FALSE(terminal_from(true, 80, nullptr, nullptr, "dumb").unicode);
    CHECK(terminal_from(true, 80, nullptr, "", "xterm").color);  // NO_COLOR empty: colour stays
}

TEST_CASE("llmsize::cli::TextTable::print_fitted", "[cli][text]") {
    TextTable table;
    table.add_column("Instance", TextTable::Align::left);
    table.add_column("Memory [GiB]", TextTable::Align::right, "Mem", 10);
    table.add_column("Price [$/h]", TextTable::Align::right, "$/h");
    table.add_row({"ml.g5.xlarge", "22.49", "1.41"});
    std::ostringstream wide;
    CHECK(table.print_fitted(wide, 80).empty());
    CHECK(wide.str() ==
          "Instance      Memory [GiB]  Price [$/h]\nml.g5.xlarge         22.49         1.41\n");
    std::ostringstream narrow;
    CHECK(table.print_fitted(narrow, 30).empty());
    CHECK(narrow.str() == "Instance        Mem   $/h\nml.g5.xlarge  22.49  1.41\n");
    std::ostringstream tiny;
    CHECK(table.print_fitted(tiny, 20) == std::vector<std::string>{"Memory [GiB]"});
    CHECK(tiny.str() == "Instance       $/h\nml.g5.xlarge  1.41\n");
}

TEST_CASE("the listings fit the width too", "[cli][text][width]") {
    for (const char* command : {"models", "instances"}) {
        for (const std::size_t width : {std::size_t{80}, std::size_t{100}}) {
            const Result result = run({command}, columns(width));
            INFO(command << " at " << width);
            REQUIRE(result.code == 0);
            for (const std::string& line : lines_of(result.out))
                CHECK(display_width(line) <= width);
        }
    }
}
