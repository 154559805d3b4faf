#include "run_cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <ostream>
#include <sstream>

#include "llmsize/catalog.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/params_model.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/quantity.hpp"
#include "llmsize/sizing.hpp"
#include "render.hpp"

namespace llmsize::cli {

namespace {

constexpr std::string_view k_exit_codes_help =
    "Exit codes:\n"
    "  0  an answer: at least one instance fits every requested sequence length\n"
    "  1  nothing in the catalog fits\n"
    "  2  bad input or usage: one line on stderr, nothing on stdout\n";

struct Options {
    std::string params;
    std::string config;
    std::string model;
    std::string dtype = "fp16";
    std::string kv_dtype;
    std::vector<std::string> sequences;
    std::string layers, hidden, heads, kv_heads, head_dim;
    std::string engine = "raw";
    bool json = false;
};

// Runs `parse`, prefixing any error with the flag it came from.
template <typename Parse>
auto for_flag(std::string_view flag, Parse parse) {
    try {
        return parse();
    } catch (const Error& error) {
        throw Error(std::string(flag) + ": " + error.what());
    }
}

std::optional<std::uint64_t> parse_dimension(std::string_view flag, const std::string& text) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value == 0 ||
        value > (std::uint64_t{1} << 32)) {
        throw Error(std::string(flag) + ": expected a positive whole number up to 4294967296, got '" +
                    text + "'");
    }
    return value;
}

ModelSpec build_model(const Options& options) {
    const ShapeOverrides shape{parse_dimension("--layers", options.layers),
                               parse_dimension("--hidden", options.hidden),
                               parse_dimension("--heads", options.heads),
                               parse_dimension("--kv-heads", options.kv_heads),
                               parse_dimension("--head-dim", options.head_dim)};
    const int sources = (options.params.empty() ? 0 : 1) + (options.config.empty() ? 0 : 1) +
                        (options.model.empty() ? 0 : 1);
    if (sources == 0) {
        throw Error("no model given: pass --params (e.g. 13e9), --config PATH or --model NAME");
    }
    if (sources > 1) throw Error("give one model: --params, --config and --model exclude each other");
    if (shape.any() && options.params.empty()) {
        throw Error("--layers, --hidden, --heads, --kv-heads and --head-dim describe a model given "
                    "by --params; --config and --model already know their shape");
    }
    if (!options.params.empty()) {
        const std::uint64_t parameters =
            for_flag("--params", [&] { return parse_param_count(options.params); });
        return model_from_parameter_count(parameters, shape);
    }
    if (!options.config.empty()) return load_config(options.config);
    return model_from_preset(for_flag("--model", [&] { return find_preset(options.model); }));
}

SizingRequest build_request(const Options& options) {
    SizingRequest request;
    request.model = build_model(options);
    request.weight_dtype = for_flag("--dtype", [&] { return parse_dtype(options.dtype); });
    if (!options.kv_dtype.empty()) {
        request.kv_dtype = for_flag("--kv-dtype", [&] {
            const Dtype dtype = parse_dtype(options.kv_dtype);
            if (!is_kv_dtype(dtype)) {
                throw Error("'" + options.kv_dtype +
                            "' is a weight-only format, expected fp32, fp16, bf16, fp8 or int8");
            }
            return dtype;
        });
    } else if (request.weight_dtype == Dtype::int8 || request.weight_dtype == Dtype::int4) {
        request.kv_dtype = Dtype::fp16;
        request.model.notes.push_back(std::string(dtype_name(request.weight_dtype)) +
                                      " weights: KV cache assumed fp16 (--kv-dtype to change)");
    } else {
        request.kv_dtype = request.weight_dtype;
    }
    if (options.sequences.empty()) {
        throw Error("--seq is required: the sequence lengths to size for, in tokens (prompt + "
                    "generated), e.g. --seq 4096,2048");
    }
    for (const std::string& item : options.sequences) {
        for (const std::uint64_t length :
             for_flag("--seq", [&] { return parse_sequence_lengths(item); })) {
            if (std::find(request.sequence_lengths.begin(), request.sequence_lengths.end(), length) ==
                request.sequence_lengths.end()) {
                request.sequence_lengths.push_back(length);
            }
        }
    }
    request.engine = for_flag("--engine", [&] { return parse_engine(options.engine); });
    return request;
}

std::string lowercase_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
        (text.size() < 2 || !(text[1] >= 'A' && text[1] <= 'Z'))) {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return text;
}

void configure(CLI::App& app, Options& options, CLI::App*& models_command) {
    app.description(
        "llmsize: which machine do I need for this LLM, and how many requests at once will it "
        "hold?\nComputes weight memory, exact KV-cache bytes per token and per sequence, and the "
        "max batch size per sequence length on every instance of a bundled catalog.");
    app.footer(std::string(k_exit_codes_help) +
               "\nExamples:\n"
               "  llmsize --params 13e9 --dtype fp16 --seq 4096,2048\n"
               "  llmsize --model llama-3.1-8b --seq 8192 --json\n"
               "  llmsize --config ./Mixtral-8x7B-v0.1/config.json --dtype bf16 --seq 4096,32768\n"
               "  llmsize models");
    app.get_formatter()->column_width(34);
    app.add_option("--params", options.params,
                   "Parameter count: 13e9, 13000000000, 13B, 7.24B, 560M; the KV shape is then "
                   "assumed from the guide's nearest reference model unless shape flags give it")
        ->type_name("COUNT");
    app.add_option("--config", options.config,
                   "A HuggingFace config.json, or a folder holding one: exact parameter count and "
                   "KV layout")
        ->type_name("PATH");
    app.add_option("--model", options.model, "A bundled preset by name (see 'llmsize models')")
        ->type_name("NAME");
    app.add_option("--dtype", options.dtype,
                   "Weight dtype: fp32, fp16, bf16, fp8, int8, int4 (0.5 byte)")
        ->type_name("DTYPE")
        ->capture_default_str();
    app.add_option("--kv-dtype", options.kv_dtype,
                   "KV-cache dtype: fp32, fp16, bf16, fp8, int8 (default: the weight dtype; fp16 "
                   "for int8/int4 weights)")
        ->type_name("DTYPE");
    app.add_option("--seq", options.sequences,
                   "Sequence length(s) in tokens, prompt + generated; repeatable and comma lists: "
                   "--seq 4096,2048 (32k = 32768)")
        ->type_name("TOKENS")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--layers", options.layers, "With --params: number of layers")->type_name("N");
    app.add_option("--hidden", options.hidden, "With --params: hidden size")->type_name("N");
    app.add_option("--heads", options.heads, "With --params: attention heads")->type_name("N");
    app.add_option("--kv-heads", options.kv_heads,
                   "With --params: key/value heads (grouped-query attention; default: --heads)")
        ->type_name("N");
    app.add_option("--head-dim", options.head_dim,
                   "With --params: head dimension (default: hidden / heads)")
        ->type_name("N");
    app.add_option("--engine", options.engine,
                   "Memory model: raw = the sizing guide's arithmetic (marketed memory - weights)")
        ->type_name("ENGINE")
        ->capture_default_str();
    app.add_flag("--json", options.json, "Print one JSON document (schema_version 1) on stdout");
    models_command = app.add_subcommand("models", "List the bundled model presets");
    models_command->fallthrough();
}

}  // namespace

int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    Options options;
    CLI::App app{"", "llmsize"};
    CLI::App* models_command = nullptr;
    try {
        configure(app, options, models_command);
        std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
        app.parse(reversed);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help, out, err);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help, out, err);
    } catch (const CLI::ParseError& error) {
        err << "llmsize: error: " << lowercase_first(error.what()) << "; see 'llmsize --help'\n";
        return k_exit_bad_input;
    }

    // Render into a buffer first, so that stdout never carries partial output on an error.
    std::ostringstream buffer;
    int code = k_exit_fits;
    try {
        if (models_command->parsed()) {
            if (options.json) {
                render_models_json(bundled_presets(), buffer);
            } else {
                render_models_table(bundled_presets(), buffer);
            }
        } else {
            const SizingReport report = size_deployment(build_request(options), bundled_catalog());
            if (options.json) {
                render_json(report, buffer);
            } else {
                render_table(report, buffer);
            }
            code = report.recommended ? k_exit_fits : k_exit_no_fit;
        }
    } catch (const Error& error) {
        err << "llmsize: error: " << error.what() << '\n';
        return k_exit_bad_input;
    } catch (const std::exception& error) {
        err << "llmsize: error: internal error: " << error.what() << '\n';
        return k_exit_bad_input;
    }
    out << buffer.str();
    return code;
}

}  // namespace llmsize::cli
