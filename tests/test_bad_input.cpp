// Bad input never crashes (issue 5): whatever arrives, llmsize answers with exit code 2, nothing
// on stdout and one line on stderr. Each row pins that line word for word. The fuzz targets in
// fuzz/ look for inputs these rows do not imagine.
#include <catch2/catch.hpp>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "run_cli.hpp"
#include "temp_folder.hpp"

using llmsize::testing::TempFolder;

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

// Replaces every "{dir}" in `text` with `folder`.
std::string in_folder(std::string text, const std::string& folder) {
    for (std::size_t at = text.find("{dir}"); at != std::string::npos;
         at = text.find("{dir}", at)) {
        text.replace(at, 5, folder);
        at += folder.size();
    }
    return text;
}

// A config.json with the size keys of meta-llama/Llama-2-7b-hf, and one key replaced by `value`
// written as raw JSON text (so that it can be NaN, 1e400 or a 20-digit integer).
std::string llama_config_with(const std::string& key, const std::string& value) {
    std::string text = R"({"model_type": "llama")";
    for (const auto& [name, number] :
         std::vector<std::pair<std::string, std::string>>{{"hidden_size", "4096"},
                                                          {"intermediate_size", "11008"},
                                                          {"num_hidden_layers", "32"},
                                                          {"num_attention_heads", "32"},
                                                          {"vocab_size", "32000"}}) {
        text += ", \"" + name + "\": " + (name == key ? value : number);
    }
    return text + "}";
}

struct BadInput {
    std::string what;               // the category, shown when a row fails
    std::vector<std::string> args;  // "{dir}" stands for the test's temp folder
    std::string err;                // the exact stderr, "{dir}" likewise
};

}  // namespace

TEST_CASE("bad input of every kind: exit 2, empty stdout, the exact error line", "[cli][errors]") {
    TempFolder folder;
    folder.write("truncated.json", R"({"model_type": "llama", "hidden_size": 40)");
    folder.write("five-megabytes.json",
                 R"({"model_type": "llama", "padding": ")" + std::string(5'000'000, 'x') + "\"}");
    std::string binary;
    for (int i = 0; i < 1024; ++i)
        binary += static_cast<char>(i % 256);
    folder.write("binary.safetensors", binary);
    folder.write("deep.json", std::string(200'000, '[') + std::string(200'000, ']'));
    folder.write("deep-unclosed.json", std::string(200'000, '['));
    folder.write("overflow.json", llama_config_with("hidden_size", "18446744073709551616"));
    folder.write("beyond-double.json", llama_config_with("hidden_size", "1e400"));
    folder.write("nan.json", llama_config_with("hidden_size", "NaN"));
    folder.write("infinity.json", llama_config_with("vocab_size", "Infinity"));
    folder.write("negative.json", llama_config_with("num_hidden_layers", "-32"));
    folder.write("zero.json", llama_config_with("num_hidden_layers", "0"));
    folder.write("fraction.json", llama_config_with("hidden_size", "4096.5"));
    folder.write(
        "product.json",
        R"({"model_type": "llama", "hidden_size": 4294967296, "intermediate_size": 4294967296,
                     "num_hidden_layers": 32, "num_attention_heads": 1, "num_key_value_heads": 1,
                     "vocab_size": 4294967296})");
    folder.write("string-size.json", llama_config_with("num_attention_heads", R"("32")"));
    folder.write("control-characters.json", R"({"model_type": "my\nmodel\u001b[31m"})");
    folder.write("empty.json", "");
    folder.write("catalog-replace-string.json", R"({"replace_bundled": "yes", "instances": []})");
    folder.make_folder("no-config");
    const std::string dir = folder.path().string();

    const std::vector<BadInput> rows = {
        // Files that are not a config.json.
        {"truncated config",
         {"--config", "{dir}/truncated.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/truncated.json': not valid JSON (line 1, column 41)\n"},
        {"empty config",
         {"--config", "{dir}/empty.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/empty.json': not valid JSON (line 1, column 1)\n"},
        {"a 5 MB config",
         {"--config", "{dir}/five-megabytes.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/five-megabytes.json': larger than 4096 KiB, the most "
         "llmsize reads from such a file\n"},
        {"a binary file",
         {"--config", "{dir}/binary.safetensors", "--seq", "4096"},
         "llmsize: error: reading '{dir}/binary.safetensors': not valid JSON (line 1, column 1)\n"},
        {"/dev/zero: a device, refused before it is opened",
         {"--config", "/dev/zero", "--seq", "4096"},
         "llmsize: error: reading '/dev/zero': is a device, not a regular file\n"},
        {"a 200,000-deep array",
         {"--config", "{dir}/deep.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/deep.json': JSON nested deeper than 64 levels\n"},
        {"a 200,000-deep array, never closed",
         {"--config", "{dir}/deep-unclosed.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/deep-unclosed.json': JSON nested deeper than 64 levels\n"},
        {"a folder without config.json",
         {"--config", "{dir}/no-config", "--seq", "4096"},
         "llmsize: error: reading '{dir}/no-config': no config.json in this folder\n"},
        {"a path that does not exist",
         {"--config", "{dir}/missing.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/missing.json': no such file or folder\n"},

        {"--catalog: a key of the wrong type",
         {"--catalog", "{dir}/catalog-replace-string.json", "--params", "13e9", "--seq", "4096"},
         "llmsize: error: reading catalog '{dir}/catalog-replace-string.json': 'replace_bundled' "
         "must be true or false, got \"yes\"\n"},

        // Numbers in a config that no model has.
        {"config: an integer beyond 64 bits",
         {"--config", "{dir}/overflow.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/overflow.json': 'hidden_size' must be at most "
         "4294967296, got 1.8446744073709552e+19\n"},
        {"config: a number beyond double's range",
         {"--config", "{dir}/beyond-double.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/beyond-double.json': a number is too large to read "
         "(beyond 1.8e308)\n"},
        {"config: sizes whose product overflows 64 bits",
         {"--config", "{dir}/product.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/product.json': parameter count is too large: the "
         "arithmetic overflows 64 bits\n"},
        {"config: NaN literal",
         {"--config", "{dir}/nan.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/nan.json': not valid JSON (line 1, column 40)\n"},
        {"config: Infinity literal",
         {"--config", "{dir}/infinity.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/infinity.json': not valid JSON (line 1, column 140)\n"},
        {"config: a negative size",
         {"--config", "{dir}/negative.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/negative.json': 'num_hidden_layers' must be a positive "
         "integer, got -32\n"},
        {"config: a zero size",
         {"--config", "{dir}/zero.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/zero.json': 'num_hidden_layers' must be a positive "
         "integer, got 0\n"},
        {"config: a fractional size",
         {"--config", "{dir}/fraction.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/fraction.json': 'hidden_size' must be a positive "
         "integer, got 4096.5\n"},
        {"config: a size written as a string",
         {"--config", "{dir}/string-size.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/string-size.json': 'num_attention_heads' must be a "
         "positive integer, got \"32\"\n"},
        {"config: control characters are escaped, the error stays one line",
         {"--config", "{dir}/control-characters.json", "--seq", "4096"},
         "llmsize: error: reading '{dir}/control-characters.json': 'hidden_size' is missing; it "
         "must be a positive integer (model_type 'my\\nmodel\\x1b[31m' is not one llmsize knows, "
         "so it was read as a generic Llama-style decoder)\n"},

        // Numbers on the command line.
        {"--params beyond 64 bits",
         {"--params", "18446744073709551616", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '18446744073709551616': too large\n"},
        {"--params whose exponent overflows 64 bits",
         {"--params", "1e30", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '1e30': too large\n"},
        {"--params above the 100T limit",
         {"--params", "200T", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '200T': larger than 100T, the most "
         "llmsize accepts\n"},
        {"--seq beyond 64 bits",
         {"--params", "13e9", "--seq", "18446744073709551616"},
         "llmsize: error: --seq: invalid sequence length '18446744073709551616': too large\n"},
        {"--layers beyond 64 bits",
         {"--params", "13e9", "--layers", "18446744073709551616", "--seq", "4096"},
         "llmsize: error: --layers: expected a positive whole number up to 4294967296, got "
         "'18446744073709551616'\n"},
        {"--params NaN",
         {"--params", "nan", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count 'nan', expected a whole number like "
         "13e9, 13000000000, 13B, 7.24B or 560M\n"},
        {"--params Infinity",
         {"--params", "Infinity", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count 'Infinity', expected a whole number "
         "like 13e9, 13000000000, 13B, 7.24B or 560M\n"},
        {"--seq NaN",
         {"--params", "13e9", "--seq", "NaN"},
         "llmsize: error: --seq: invalid sequence length 'NaN', expected a whole number of tokens "
         "like 4096 or 32k (k = 1024)\n"},
        {"--params negative",
         {"--params", "-13B", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '-13B', expected a whole number like "
         "13e9, 13000000000, 13B, 7.24B or 560M\n"},
        {"--params zero",
         {"--params", "0", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '0': must be positive\n"},
        {"--seq negative",
         {"--params", "13e9", "--seq", "-1"},
         "llmsize: error: --seq: invalid sequence length '-1', expected a whole number of tokens "
         "like 4096 or 32k (k = 1024)\n"},
        {"--seq zero",
         {"--params", "13e9", "--seq", "0"},
         "llmsize: error: --seq: invalid sequence length '0': must be positive\n"},
        {"--layers zero",
         {"--params", "13e9", "--layers", "0", "--seq", "4096"},
         "llmsize: error: --layers: expected a positive whole number up to 4294967296, got '0'\n"},
        {"--layers negative",
         {"--params", "13e9", "--layers", "-4", "--seq", "4096"},
         "llmsize: error: --layers: expected a positive whole number up to 4294967296, got '-4'\n"},
        {"--params fractional",
         {"--params", "1.5", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '1.5': not a whole number\n"},
        {"--seq fractional",
         {"--params", "13e9", "--seq", "4096.5"},
         "llmsize: error: --seq: invalid sequence length '4096.5': not a whole number\n"},
        {"--layers fractional",
         {"--params", "13e9", "--layers", "1.5", "--seq", "4096"},
         "llmsize: error: --layers: expected a positive whole number up to 4294967296, got "
         "'1.5'\n"},
        {"a flag value with a newline is escaped, the error stays one line",
         {"--params", "13\n9", "--seq", "4096"},
         "llmsize: error: --params: invalid parameter count '13\\n9': unknown suffix '\\n9', "
         "expected a whole number like 13e9, 13000000000, 13B, 7.24B or 560M\n"},

        // --seq lists.
        {"--seq with an empty item",
         {"--params", "13e9", "--seq", "4096,,2048"},
         "llmsize: error: --seq: invalid sequence length list '4096,,2048': empty item, expected "
         "lengths separated by commas like 4096,2048\n"},
        {"--seq empty",
         {"--params", "13e9", "--seq", ""},
         "llmsize: error: --seq: invalid sequence length list '': empty item, expected lengths "
         "separated by commas like 4096,2048\n"},
        {"--seq only a comma",
         {"--params", "13e9", "--seq", ","},
         "llmsize: error: --seq: invalid sequence length list ',': empty item, expected lengths "
         "separated by commas like 4096,2048\n"},
        {"--seq absurdly long",
         {"--params", "13e9", "--seq", "2147483648"},
         "llmsize: error: --seq: invalid sequence length '2147483648': larger than 1073741824 "
         "tokens, the most llmsize accepts\n"},
        {"--seq absurd with a suffix",
         {"--params", "13e9", "--seq", "99999999k"},
         "llmsize: error: --seq: invalid sequence length '99999999k': larger than 1073741824 "
         "tokens, the most llmsize accepts\n"},
        {"--seq absurd exponent",
         {"--params", "13e9", "--seq", "1e100"},
         "llmsize: error: --seq: invalid sequence length '1e100': too large\n"},

        // Usage.
        {"an unknown flag",
         {"--bogus"},
         "llmsize: error: unknown argument '--bogus'; see 'llmsize "
         "--help'\n"},
        {"an unknown short flag",
         {"-x"},
         "llmsize: error: unknown argument '-x'; see 'llmsize --help'\n"},
        {"a missing flag value at the end",
         {"--params", "13e9", "--seq"},
         "llmsize: error: --seq needs a value (TOKENS); see 'llmsize --help'\n"},
        {"a missing --config path",
         {"--config"},
         "llmsize: error: --config needs a value (PATH); see 'llmsize --help'\n"},
        {"two model sources: --params and --model",
         {"--params", "13e9", "--model", "llama-2-13b", "--seq", "4096"},
         "llmsize: error: give one model: --params, --config, --model and --gguf exclude each "
         "other\n"},
        {"two model sources: --config and --model",
         {"--config", "{dir}/zero.json", "--model", "llama-2-13b", "--seq", "4096"},
         "llmsize: error: give one model: --params, --config, --model and --gguf exclude each "
         "other\n"},
        {"no model at all",
         {"--seq", "4096"},
         "llmsize: error: no model given: pass --params (e.g. 13e9), --config PATH, --model NAME "
         "or --gguf FILE\n"},
    };

    for (const BadInput& row : rows) {
        std::vector<std::string> args;
        for (const std::string& arg : row.args)
            args.push_back(in_folder(arg, dir));
        INFO(row.what);
        const Result result = run(args);
        CHECK(result.code == llmsize::cli::k_exit_bad_input);
        CHECK(result.out.empty());
        CHECK(result.err == in_folder(row.err, dir));
    }
}

TEST_CASE("--help documents the exit codes, as the README does", "[cli][help][exit]") {
    const Result help = run({"--help"});
    REQUIRE(help.code == 0);
    // The table after "Exit codes:": one entry per code, in order, each with its meaning.
    const std::size_t table = help.out.find("\nExit codes:\n");
    REQUIRE(table != std::string::npos);
    std::istringstream lines(help.out.substr(table + 13));
    std::vector<std::string> codes;
    std::string line;
    std::string bad_input_line;
    const std::regex entry(R"(^  ([0-9])  (\S.+)$)");
    while (std::getline(lines, line) && !line.empty()) {
        std::smatch match;
        if (!std::regex_match(line, match, entry)) continue;  // a continued meaning
        codes.push_back(match[1]);
        if (match[1] == "2") bad_input_line = match[2];
    }
    CHECK(codes == std::vector<std::string>{"0", "1", "2"});
    CHECK(bad_input_line == "bad input or usage: one line on stderr, nothing on stdout");

    // The README's "Exit codes" table lists the same codes.
    std::ifstream readme(LLMSIZE_TEST_DATA_DIR "/../README.md");
    REQUIRE(readme);
    std::vector<std::string> readme_codes;
    bool in_section = false;
    while (std::getline(readme, line)) {
        if (line.starts_with("## ")) in_section = line == "## Exit codes";
        std::smatch match;
        if (in_section && std::regex_match(line, match, std::regex(R"(^\| ([0-9]) \| .+ \|$)"))) {
            readme_codes.push_back(match[1]);
        }
    }
    CHECK(readme_codes == codes);
}
