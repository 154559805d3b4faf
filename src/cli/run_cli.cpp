#include "run_cli.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>
#include <new>
#include <ostream>
#include <sstream>
#include <variant>

#include "describe_weight_source.hpp"
#include "llmsize/catalog.hpp"
#include "llmsize/checkpoint.hpp"
#include "llmsize/config.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/error.hpp"
#include "llmsize/fleet.hpp"
#include "llmsize/hf_cache.hpp"
#include "llmsize/params_model.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/quantity.hpp"
#include "llmsize/request_defaults.hpp"
#include "llmsize/resolve_request.hpp"
#include "llmsize/sizing.hpp"
#include "llmsize/suggest.hpp"
#include "render.hpp"
#include "render_fleet.hpp"
#include "speed_options.hpp"
#include "terminal.hpp"
#include "text_table.hpp"

namespace llmsize::cli {

namespace {

constexpr std::string_view k_exit_codes_help =
    "Exit codes:\n"
    "  0  an answer: at least one instance (of those selected) meets every requirement: the\n"
    "     weights fit and it holds --batch sequences (default 1) of every --seq length\n"
    "  1  no instance meets them (the output says why); with --strict, also any warning\n"
    "  2  bad input or usage: one line on stderr, nothing on stdout\n";

struct Options {
    std::string params;
    std::string config;
    std::string model;
    std::string dtype;
    std::string kv_dtype;
    std::vector<std::string> sequences;
    std::string layers, hidden, heads, kv_heads, head_dim;
    std::string engine;
    std::string gguf;
    std::string gpu_util;
    std::string reserve;
    std::string engine_version;
    std::string max_num_seqs;
    std::string max_num_batched_tokens;
    std::string block_size;
    bool offline = false;
    std::string tp;
    std::string batch;
    std::vector<std::string> instances;
    std::vector<std::string> families;
    std::string catalog;
    std::string gpu;
    std::string gpus;
    std::string pricing;
    bool strict = false;
    bool allow_long_context = false;
    bool json = false;
    bool approximate = false;
    bool version = false;
    std::string format;  // --format, for a sizing run and for fleet
    std::string top;
    bool all = false;
    bool brief = false;
    bool ascii = false;
    // llmsize fleet
    std::vector<std::string> fleet_inputs;
    std::string fleet_from;
    bool fleet_presets = false;
    SpeedFlags speed;  // the workload flags (speed_options.hpp)
};

enum class Format { table, json, csv, markdown, brief };

// --format, --json and --brief as one choice; conflicting ones are an error.
Format output_format(const Options& options) {
    Format format = Format::table;
    if (!options.format.empty()) {
        const std::string name = to_lower(options.format);
        if (name == "table") {
            format = Format::table;
        } else if (name == "json") {
            format = Format::json;
        } else if (name == "csv") {
            format = Format::csv;
        } else if (name == "markdown" || name == "md") {
            format = Format::markdown;
        } else {
            throw Error("--format: unknown format " + quote_value(options.format) +
                        ", expected table, json, csv or markdown");
        }
    }
    if (options.json) {
        if (format != Format::table && format != Format::json)
            throw Error("--json is --format json; it excludes --format " +
                        quote_value(options.format));
        format = Format::json;
    }
    if (options.brief) {
        if (format != Format::table)
            throw Error("--brief prints one line of text; it excludes --json and --format");
        format = Format::brief;
    }
    return format;
}

// Help and usage lines are wrapped to this width.
constexpr std::size_t k_help_columns = 100;

constexpr std::string_view k_usage =
    "usage: llmsize --params COUNT | --config PATH | --model NAME | --gguf FILE\n"
    "               [--seq TOKENS[,TOKENS...]] [options]\n"
    "       llmsize fleet MODEL... | --from FILE [--seq TOKENS] [--format FORMAT] [options]\n"
    "       llmsize models [--family NAME] [--json]\n"
    "       llmsize instances [--family NAME] [--instance NAME] [--catalog FILE] [--json]\n"
    "       llmsize --help | --version\n";

// "a,b" "c" → "a" "b" "c": repeatable flags that also take comma lists.
std::vector<std::string> split_list(const std::vector<std::string>& items) {
    std::vector<std::string> values;
    for (const std::string& item : items) {
        std::size_t start = 0;
        while (start <= item.size()) {
            const std::size_t comma = std::min(item.find(',', start), item.size());
            if (comma > start) values.push_back(item.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return values;
}

// "llmsize 0.1.0" and the dates of the data compiled in.
std::string version_text() {
    std::string first_price_date;
    std::string last_price_date;
    for (const Instance& instance : bundled_catalog().instances) {
        if (instance.price_date.empty()) continue;
        if (first_price_date.empty() || instance.price_date < first_price_date)
            first_price_date = instance.price_date;
        if (last_price_date.empty() || instance.price_date > last_price_date)
            last_price_date = instance.price_date;
    }
    std::string prices = first_price_date == last_price_date
                             ? "dated " + last_price_date
                             : "dated " + first_price_date + " to " + last_price_date;
    return std::string("llmsize ") + LLMSIZE_VERSION + "\n" +
           "instance catalog: " + std::to_string(bundled_catalog().instances.size()) +
           " instances, researched " + LLMSIZE_CATALOG_RESEARCHED + ", prices " + prices +
           " (some undated)\n" + "model presets: " + std::to_string(bundled_presets().size()) +
           " models, compiled " + LLMSIZE_PRESETS_COMPILED + "\n";
}

// Runs `parse`, prefixing any error with the flag it came from.
template <typename Parse>
auto for_flag(std::string_view flag, Parse parse) {
    try {
        return parse();
    } catch (const Error& error) {
        throw Error(std::string(flag) + ": " + error.what());
    }
}

std::optional<std::uint64_t> parse_count(std::string_view flag, const std::string& text,
                                         std::uint64_t max);

std::optional<std::uint64_t> parse_dimension(std::string_view flag, const std::string& text) {
    return parse_count(flag, text, std::uint64_t{1} << 32);
}

std::optional<std::uint64_t> parse_count(std::string_view flag, const std::string& text,
                                         std::uint64_t max) {
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value == 0 || value > max) {
        throw Error(std::string(flag) + ": expected a positive whole number up to " +
                    std::to_string(max) + ", got " + quote_value(text));
    }
    return value;
}

// A fraction in (0, 1]: "0.9", "0.95".
double parse_fraction(const std::string& text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || !(value > 0.0) || value > 1.0) {
        throw Error("expected a fraction of memory above 0 and at most 1, like 0.9, got " +
                    quote_value(text));
    }
    return value;
}

// The catalog the request is sized against: bundled or --catalog, filtered, or bare --gpu. The
// bundled catalog, unfiltered, is used in place; any other is built into `built`, which the
// result then refers to.
const Catalog& build_catalog(const Options& options, std::optional<Catalog>& built) {
    if (!options.gpu.empty() || !options.gpus.empty()) {
        if (options.gpu.empty())
            throw Error("--gpus needs --gpu NAME (e.g. --gpu h100-80gb --gpus 2)");
        if (!options.instances.empty() || !options.families.empty() || !options.catalog.empty()) {
            throw Error(
                "--gpu sizes bare accelerators; it excludes --instance, --family and --catalog");
        }
        const std::uint64_t count =
            options.gpus.empty() ? 1 : *parse_count("--gpus", options.gpus, 1024);
        return built.emplace(
            for_flag("--gpu", [&] { return bare_accelerators(options.gpu, count); }));
    }
    if (options.catalog.empty() && options.families.empty() && options.instances.empty())
        return bundled_catalog();
    Catalog& catalog = built.emplace(options.catalog.empty()
                                         ? bundled_catalog()
                                         : load_catalog_file(options.catalog, bundled_catalog()));
    if (!options.families.empty()) {
        catalog = for_flag("--family",
                           [&] { return filter_families(catalog, split_list(options.families)); });
    }
    if (!options.instances.empty()) {
        catalog = for_flag(
            "--instance", [&] { return filter_instances(catalog, split_list(options.instances)); });
    }
    if (catalog.instances.empty()) {
        throw Error("--catalog " + quote_value(options.catalog) +
                    " replaces the bundled catalog but lists no instances");
    }
    return catalog;
}

// `--config -`: a config.json on standard input (no checkpoint beside it), read with the same
// bound as a config.json file.
CheckpointModel read_config_from(std::istream& in, const Options& options) {
    const std::string text =
        read_stream_bounded(in, k_max_config_file_bytes, "reading standard input");
    if (text.empty()) throw Error("--config -: standard input is empty, expected a config.json");
    return {model_from_config(parse_json_text(text, "standard input"), "standard input",
                              ConfigOptions{options.approximate}),
            std::nullopt,
            "",
            std::nullopt,
            {}};
}

// --model NAME: ORG/NAME[@REVISION] from the local Hugging Face cache (offline), else the
// bundled preset of that name or Hugging Face id.
CheckpointModel model_by_name(const Options& options) {
    const std::optional<HfModelReference> reference = parse_hf_model_reference(options.model);
    std::vector<std::filesystem::path> folders;
    if (reference) {
        folders = hf_cache_folders(std::getenv("HF_HUB_CACHE"), std::getenv("HF_HOME"),
                                   std::getenv("HOME"));
        const std::optional<HfSnapshot> snapshot =
            for_flag("--model", [&] { return find_hf_snapshot(*reference, folders); });
        if (snapshot) {
            CheckpointModel input =
                load_config_or_checkpoint(snapshot->folder, !options.dtype.empty());
            input.model.name = reference->repo_id;
            input.model.notes.insert(
                input.model.notes.begin(),
                "model " + reference->repo_id +
                    " from the local Hugging Face cache (offline): " + snapshot->folder.string() +
                    (reference->revision == snapshot->commit
                         ? std::string()
                         : " (" + reference->revision + " = " + snapshot->commit + ")"));
            return input;
        }
        if (options.model.find('@') != std::string::npos) {
            throw Error("--model: " + quote_value(options.model) +
                        " is not in the local Hugging Face cache, and the bundled presets have "
                        "no revisions");
        }
    }
    const Preset* preset = nullptr;
    try {
        preset = &find_preset(options.model);
    } catch (const Error& error) {
        if (!reference) throw Error(std::string("--model: ") + error.what());
        std::string searched;
        for (const std::filesystem::path& folder : folders)
            searched += (searched.empty() ? "" : ", ") + folder.string();
        throw Error("--model: " + quote_value(options.model) +
                    " is neither in the local Hugging Face cache (searched " +
                    (searched.empty() ? std::string("nothing: HOME is not set") : searched) +
                    ") nor a bundled preset; download it with `hf download " + reference->repo_id +
                    " config.json` or give --config PATH");
    }
    CheckpointModel input{model_from_preset(*preset), std::nullopt, "", std::nullopt, {}};
    if (reference) {
        input.model.notes.insert(input.model.notes.begin(),
                                 reference->repo_id +
                                     " is not in the local Hugging Face cache: sized from the "
                                     "bundled preset " +
                                     preset->name);
    }
    return input;
}

CheckpointModel build_model(const Options& options, std::istream& in) {
    const ShapeOverrides shape{
        parse_dimension("--layers", options.layers), parse_dimension("--hidden", options.hidden),
        parse_dimension("--heads", options.heads), parse_dimension("--kv-heads", options.kv_heads),
        parse_dimension("--head-dim", options.head_dim)};
    const int sources = (options.params.empty() ? 0 : 1) + (options.config.empty() ? 0 : 1) +
                        (options.model.empty() ? 0 : 1) + (options.gguf.empty() ? 0 : 1);
    if (sources == 0) {
        throw Error(
            "no model given: pass --params (e.g. 13e9), --config PATH, --model NAME or --gguf "
            "FILE");
    }
    if (sources > 1) {
        throw Error("give one model: --params, --config, --model and --gguf exclude each other");
    }
    if (shape.any() && options.params.empty()) {
        throw Error(
            "--layers, --hidden, --heads, --kv-heads and --head-dim describe a model given "
            "by --params; --config, --model and --gguf already know their shape");
    }
    if (options.approximate && options.config.empty()) {
        throw Error("--approximate applies to --config only");
    }
    if (!options.params.empty()) {
        const std::uint64_t parameters =
            for_flag("--params", [&] { return parse_param_count(options.params); });
        return {model_from_parameter_count(parameters, shape), std::nullopt, "", std::nullopt, {}};
    }
    if (options.config == "-") return read_config_from(in, options);
    if (!options.config.empty())
        return load_config_or_checkpoint(options.config, !options.dtype.empty(),
                                         CheckpointReadOptions{options.approximate},
                                         ConfigOptions{options.approximate});
    if (!options.gguf.empty()) {
        if (!options.dtype.empty())
            throw Error("--dtype does not apply to --gguf: its tensors say how they are stored");
        return load_gguf_model(options.gguf);
    }
    return model_by_name(options);
}

// The request for one model and one weight dtype (options.dtype holds at most one).
SizingRequest build_request(const Options& options, CheckpointModel input) {
    // The core gives where the weights came from as figures; the note is worded here.
    if (input.weight_note.empty()) input.weight_note = describe_weight_source(input.weight_source);
    RequestInput asked;
    asked.model = std::move(input);
    if (!options.engine.empty())
        asked.engine = for_flag("--engine", [&] { return parse_engine(options.engine); });
    if (!options.dtype.empty()) {
        asked.weights = for_flag("--dtype", [&] { return parse_weight_format(options.dtype); });
        asked.weights_text = options.dtype;
    }
    if (!options.kv_dtype.empty()) {
        asked.kv_dtype = for_flag("--kv-dtype", [&] {
            const Dtype dtype = parse_dtype(options.kv_dtype);
            if (!is_kv_dtype(dtype)) {
                throw Error(quote_value(options.kv_dtype) +
                            " is a weight-only format, expected fp32, fp16, bf16, fp8 or int8");
            }
            return dtype;
        });
    }
    for (const std::string& item : options.sequences) {
        for (const std::uint64_t length :
             for_flag("--seq", [&] { return parse_sequence_lengths(item); })) {
            if (std::find(asked.sequence_lengths.begin(), asked.sequence_lengths.end(), length) ==
                asked.sequence_lengths.end()) {
                if (asked.sequence_lengths.size() == k_max_sequence_lengths) {
                    throw Error("--seq: more than " + std::to_string(k_max_sequence_lengths) +
                                " different lengths; size them in several runs");
                }
                asked.sequence_lengths.push_back(length);
            }
        }
    }
    asked.allow_long_context = options.allow_long_context;
    SizingRequest request = resolve_request(std::move(asked));
    const Engine engine = request.engine.engine;
    const EngineProfile& profile = engine_profile(engine);
    // Every engine setting is checked against the engine's profile: a flag that does not apply
    // is an error naming the engine.
    const auto check_applies = [&](bool given, bool applies, std::string_view flag) {
        if (given && !applies) {
            throw Error(std::string(flag) + " does not apply to --engine " +
                        std::string(profile.name));
        }
    };
    if (is_llamacpp_dtype(request.kv_dtype) && !profile.flags.llamacpp_cache_types) {
        throw Error("--kv-dtype " + quote_value(options.kv_dtype) +
                    " is a llama.cpp cache type: use it with --engine llamacpp");
    }
    check_applies(!options.gpu_util.empty(), profile.flags.gpu_util, "--gpu-util");
    check_applies(!options.reserve.empty(), profile.flags.reserve, "--reserve");
    check_applies(!options.engine_version.empty(), profile.flags.engine_version,
                  "--engine-version");
    check_applies(!options.max_num_seqs.empty(), profile.flags.max_num_seqs, "--max-num-seqs");
    check_applies(!options.max_num_batched_tokens.empty(), profile.flags.max_num_batched_tokens,
                  "--max-num-batched-tokens");
    check_applies(!options.block_size.empty(), profile.flags.block_size, "--block-size");
    check_applies(options.offline, profile.flags.offline, "--offline");
    if (!options.tp.empty() && !profile.flags.tensor_parallel) {
        throw Error("--tp does not apply to --engine " + std::string(profile.name) +
                    (profile.split == MemorySplit::pooled ? ", which pools all memory"
                                                          : ", which splits layers, not heads"));
    }
    if (!options.gpu_util.empty()) {
        request.engine.memory_fraction =
            for_flag("--gpu-util", [&] { return parse_fraction(options.gpu_util); });
    }
    if (!options.reserve.empty()) {
        request.engine.extra_reserve_bytes_per_gpu =
            for_flag("--reserve", [&] { return parse_byte_size_with_unit(options.reserve); });
    }
    if (!options.engine_version.empty()) {
        const EngineRelease release = for_flag(
            "--engine-version", [&] { return parse_engine_release(options.engine_version); });
        if (profile.oldest_release && release < *profile.oldest_release) {
            throw Error("--engine-version: " + std::string(profile.display_name) + " " +
                        options.engine_version + " is older than the oldest release modelled, " +
                        release_name(*profile.oldest_release));
        }
        request.engine.release = release;
    }
    if (!options.max_num_seqs.empty())
        request.engine.max_num_seqs = parse_count("--max-num-seqs", options.max_num_seqs, 1 << 20);
    if (!options.max_num_batched_tokens.empty()) {
        request.engine.max_num_batched_tokens = parse_count(
            "--max-num-batched-tokens", options.max_num_batched_tokens, std::uint64_t{1} << 24);
    }
    if (!options.block_size.empty())
        request.engine.block_tokens = *parse_count("--block-size", options.block_size, 4096);
    request.engine.offline = options.offline;
    if (!options.tp.empty()) request.tensor_parallel = parse_count("--tp", options.tp, 1024);
    if (!options.batch.empty())
        request.batch = parse_count("--batch", options.batch, std::uint64_t{1} << 32);
    request.strict = options.strict;
    if (!options.pricing.empty())
        request.pricing = for_flag("--pricing", [&] { return parse_pricing(options.pricing); });
    return request;
}

std::string lowercase_first(std::string text);

// CLI11's wording for the common mistakes, restated: "--seq: 1 required TOKENS missing" →
// "--seq needs a value (TOKENS)"; "--params: At Most 1 required but received 2" → "--params
// given more than once".
std::string parse_error_message(const std::string& text) {
    const std::size_t colon = text.find(": ");
    if (colon != std::string::npos && text.starts_with("--")) {
        const std::string flag = text.substr(0, colon);
        const std::string rest = text.substr(colon + 2);
        if (rest.starts_with("At Most")) {
            return flag + " given more than once; only --seq, --instance and --family repeat";
        }
        const std::size_t required = rest.find(" required ");
        const std::size_t missing = rest.rfind(" missing");
        if (required != std::string::npos && missing != std::string::npos && missing > required) {
            return flag + " needs a value (" + rest.substr(required + 10, missing - required - 10) +
                   ")";
        }
    }
    return lowercase_first(text);
}

// Unknown arguments in the order given, with a suggestion for a mistyped flag.
std::string unknown_arguments_message(const CLI::App& app) {
    const std::vector<std::string> extras = app.remaining();
    std::string list;
    for (const std::string& extra : extras)
        list += (list.empty() ? "" : " ") + quote_value(extra);
    std::string message =
        std::string(extras.size() == 1 ? "unknown argument " : "unknown arguments ") + list;
    std::vector<std::string> flags;
    for (const CLI::Option* option : app.get_options()) {
        for (const std::string& name : option->get_lnames())
            flags.push_back("--" + name);
    }
    for (const std::string& extra : extras) {
        if (!extra.starts_with("-")) continue;
        message += did_you_mean(extra, flags);
        break;
    }
    return message;
}

std::string lowercase_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z' &&
        (text.size() < 2 || !(text[1] >= 'A' && text[1] <= 'Z'))) {
        text[0] = static_cast<char>(text[0] - 'A' + 'a');
    }
    return text;
}

struct Commands {
    CLI::App* models = nullptr;
    CLI::App* instances = nullptr;
    CLI::App* fleet = nullptr;
};

CLI::App* add_fleet_command(CLI::App& app, Options& options);

// The options a listing subcommand takes, bound to the same fields as the top-level ones so
// that `llmsize --json models` and `llmsize models --json` mean the same.
void add_family_option(CLI::App& command, Options& options, std::string_view what) {
    command
        .add_option("--family", options.families,
                    std::string("Only ") + std::string(what) +
                        " of this family (repeatable, or a comma list)")
        ->type_name("NAME")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

Commands add_commands(CLI::App& app, Options& options) {
    Commands commands;
    commands.models = app.add_subcommand("models", "List the bundled model presets");
    add_family_option(*commands.models, options, "presets");
    commands.models->add_flag("--json", options.json, "Print one JSON document on stdout");
    commands.models->fallthrough();
    commands.models->footer("Examples:\n  llmsize models\n  llmsize models --family qwen --json");
    commands.instances = app.add_subcommand("instances", "List the instance catalog");
    add_family_option(*commands.instances, options, "instances");
    commands.instances
        ->add_option("--instance", options.instances,
                     "Only this instance (repeatable, or a comma list)")
        ->type_name("NAME")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    commands.instances
        ->add_option("--catalog", options.catalog,
                     "A catalog file whose entries add to or replace the bundled ones")
        ->type_name("FILE");
    commands.instances->add_flag("--json", options.json, "Print one JSON document on stdout");
    commands.instances->fallthrough();
    commands.instances->footer(
        "Examples:\n  llmsize instances --family g5,p5\n  llmsize instances --catalog my.json "
        "--json");
    commands.fleet = add_fleet_command(app, options);
    return commands;
}

// A subcommand takes only its own options: `llmsize --model gpt2 --seq 1k models` is an error,
// not a listing that silently drops the sizing flags. `fleet` also takes the sizing flags, all
// but those of the single-run output (`shared` says which top-level options a command takes).
void reject_foreign_options(const CLI::App& app, const CLI::App& command,
                            bool (*shared)(std::string_view) = nullptr) {
    std::vector<std::string> foreign;
    for (const CLI::Option* option : app.get_options()) {
        if (option->count() == 0 || option->get_lnames().empty()) continue;
        const std::string name = option->get_lnames().front();
        if (shared != nullptr && shared(name)) continue;
        if (command.get_option_no_throw("--" + name) == nullptr) foreign.push_back("--" + name);
    }
    if (foreign.empty()) return;
    std::string list;
    for (const std::string& name : foreign)
        list += (list.empty() ? "" : ", ") + name;
    std::string accepted;
    for (const CLI::Option* option : command.get_options()) {
        if (option->get_lnames().empty() || option->get_lnames().front() == "help") continue;
        accepted += (accepted.empty() ? "" : ", ") + ("--" + option->get_lnames().front());
    }
    if (shared != nullptr) accepted += " and the sizing flags (see 'llmsize --help')";
    throw Error("'" + command.get_name() + "' does not take " + list + "; it takes " + accepted);
}

// The top-level options `fleet` shares: every sizing flag, not those that shape one report's
// text (--brief, --top, --all, --ascii) nor --version. Model flags are refused by run_fleet
// with a message of their own.
bool k_fleet_takes_sizing_options(std::string_view name) {
    return name != "brief" && name != "top" && name != "all" && name != "ascii" &&
           name != "version";
}

void configure(CLI::App& app, Options& options) {
    app.description(
        "llmsize: which machine do I need for this LLM, and how many requests at once will it "
        "hold?\nComputes weight memory, exact KV-cache bytes per token and per sequence, and the "
        "max batch size per sequence length on every instance of a bundled catalog.");
    app.footer(std::string(k_exit_codes_help) +
               "\nExamples:\n"
               "  llmsize --params 13e9 --dtype fp16 --seq 4096,2048\n"
               "  llmsize --model llama-3.1-70b --dtype bf16 --seq 8192\n"
               "  llmsize --config ./Mixtral-8x7B-v0.1 --seq 4096 --batch 32\n"
               "  llmsize --config ./config.json --seq 4096 --instance ml.g5.12xlarge --batch 16\n"
               "  llmsize --model qwen3-32b --gpu h100-80gb --gpus 2 --tp 2 --seq 16000\n"
               "  llmsize models\n"
               "  llmsize instances --family p5");
    app.get_formatter()->column_width(34);
    app.add_flag("-V,--version", options.version,
                 "Print the version and the dates of the bundled data, then exit");
    app.add_option("--params", options.params,
                   "Parameter count: 13e9, 13000000000, 13B, 7.24B, 560M; the KV shape is then "
                   "assumed from the guide's nearest reference model unless shape flags give it")
        ->type_name("COUNT");
    app.add_option(
           "--config", options.config,
           "A HuggingFace config.json, or a folder holding one (- reads standard input): exact "
           "parameter count and KV layout")
        ->type_name("PATH");
    app.add_option("--model", options.model,
                   "ORG/NAME[@REVISION] from the local Hugging Face cache (offline), else a "
                   "bundled preset by name or Hugging Face id (see 'llmsize models')")
        ->type_name("NAME");
    app.add_option("--gguf", options.gguf,
                   "A llama.cpp GGUF file: exact tensor bytes and the KV layout from its header "
                   "(engine llamacpp by default)")
        ->type_name("FILE");
    app.add_option("--dtype", options.dtype,
                   "Weight dtype: fp32, fp16, bf16, fp8, int8, int4, mxfp4, nvfp4, or a comma list "
                   "to compare (default: the config's quantization_config or torch_dtype, else "
                   "fp16)")
        ->type_name("DTYPE");
    app.add_option("--kv-dtype", options.kv_dtype,
                   "KV-cache dtype: fp32, fp16, bf16, fp8, int8; q8_0, q4_0 with llamacpp "
                   "(default: the weight dtype; fp16 for quantised weights)")
        ->type_name("DTYPE");
    app.add_option("--seq", options.sequences,
                   "Sequence length(s) in tokens, prompt + generated; repeatable and comma lists: "
                   "--seq 4096,2048 (32k = 32768); default: the model's whole context")
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
                   "Memory rules: vllm (default), sglang, tgi, trtllm, lmi (SageMaker's DJL LMI "
                   "container: vLLM with its defaults), llamacpp (default for --gguf), neuron "
                   "(AWS Inferentia2/Trainium by NeuronCore), or raw = the sizing guide's "
                   "arithmetic (marketed memory - weights, one pool)")
        ->type_name("ENGINE");
    app.add_option("--gpu-util", options.gpu_util,
                   "Fraction of memory the engine may use: vLLM and LMI gpu_memory_utilization "
                   "(default 0.9), TGI cuda_memory_fraction (1.0), TensorRT-LLM "
                   "free_gpu_memory_fraction (0.9)")
        ->type_name("FRACTION");
    app.add_option("--reserve", options.reserve,
                   "Extra memory per GPU kept back on top of the engine's modelled terms, with a "
                   "unit: 2GiB (default 0)")
        ->type_name("SIZE");
    app.add_option("--engine-version", options.engine_version,
                   "vLLM (also LMI's), SGLang or TGI release to model, X.Y or X.Y.Z (default: "
                   "the newest modelled, vLLM 0.21, SGLang 0.5.4, TGI 3.3)")
        ->type_name("X.Y[.Z]");
    app.add_option("--max-num-seqs", options.max_num_seqs,
                   "vLLM max_num_seqs (default: 1024 on >= 70 GiB GPUs other than A100, else "
                   "256), LMI max_rolling_batch_size (32)")
        ->type_name("N");
    app.add_option("--max-num-batched-tokens", options.max_num_batched_tokens,
                   "Tokens of one forward pass: vLLM max_num_batched_tokens (default: 8192 or "
                   "2048 by GPU; --offline 16384 or 8192), TGI max_batch_prefill_tokens (4096; "
                   "2.x 4145), TensorRT-LLM max_num_tokens (8192)")
        ->type_name("N");
    app.add_option("--block-size", options.block_size,
                   "KV block size in tokens: vLLM block_size (default 16), TensorRT-LLM "
                   "tokens_per_block (32)")
        ->type_name("N");
    app.add_flag("--offline", options.offline,
                 "vLLM's offline LLM-class defaults instead of the `vllm serve` ones");
    app.add_option("--tp", options.tp,
                   "Tensor-parallel degree to use on every instance (default: the best valid one)")
        ->type_name("N");
    app.add_option("--batch", options.batch,
                   "Concurrent sequences required at every length: selects the cheapest instance "
                   "that holds them; exit 1 if none does")
        ->type_name("N");
    app.add_option("--instance", options.instances,
                   "Only this instance (repeatable or a comma list; with or without ml.): a CI "
                   "gate with --batch")
        ->type_name("NAME")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--family", options.families,
                   "Only instances of this family, e.g. g5, p4d, p5 (repeatable or a comma list)")
        ->type_name("NAME")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--catalog", options.catalog,
                   "A catalog file (schema: docs/catalog.md) whose entries add to or replace the "
                   "bundled ones")
        ->type_name("FILE");
    app.add_option("--gpu", options.gpu,
                   "Size bare accelerators instead of the catalog: h100-80gb, h200, b200, "
                   "a100-40gb, a100-80gb, a10g, l4, l40s, t4, v100, v100-32gb, rtx-pro-6000, b300")
        ->type_name("NAME");
    app.add_option("--gpus", options.gpus, "With --gpu: how many (default 1)")->type_name("N");
    app.add_flag("--approximate", options.approximate,
                 "With --config: size a config with parts llmsize does not model (experts, a "
                 "vision tower, state-space layers, ...) by the generic estimate, with a warning, "
                 "instead of refusing it");
    app.add_option("--pricing", options.pricing,
                   "Which price ranks the instances: sagemaker (default: SageMaker real-time "
                   "inference on-demand) or ec2 (EC2 on-demand)")
        ->type_name("SOURCE");
    app.add_flag("--strict", options.strict,
                 "Any warning fails: an instance with one does not meet the requirements (exit 1 "
                 "if none is left): for CI gates");
    app.add_flag("--allow-long-context", options.allow_long_context,
                 "Size a --seq longer than the model's context (a warning, not an error), like "
                 "vLLM's VLLM_ALLOW_LONG_MAX_MODEL_LEN");
    add_speed_options(app, options.speed);
    app.add_flag("--json", options.json,
                 "Print one JSON document (schema_version 1, docs/llmsize.schema.json) on stdout");
    app.add_option("--format", options.format,
                   "Output: table (default), json (= --json), csv (every instance, with the "
                   "reason it does not fit) or markdown")
        ->type_name("FORMAT");
    app.add_flag("--brief", options.brief,
                 "One line: the recommended instance, its layout, batch per length and price");
    app.add_option("--top", options.top, "Instances listed in the table (default 10)")
        ->type_name("N");
    app.add_flag("--all", options.all,
                 "List every instance, every reason one does not fit, and a memory bar for each");
    app.add_flag("--ascii", options.ascii,
                 "Plain ASCII memory bars (also when TERM=dumb); colour only on a terminal, "
                 "never with NO_COLOR");
}

// The weight dtypes asked for: none (the model's default), one, or a comma list to compare.
std::vector<std::string> requested_dtypes(const Options& options) {
    std::vector<std::string> dtypes = split_list({options.dtype});
    for (std::size_t i = 0; i < dtypes.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (to_lower(dtypes[i]) == to_lower(dtypes[j]))
                throw Error("--dtype: " + quote_value(dtypes[i]) + " is listed twice");
        }
    }
    if (dtypes.empty()) dtypes.push_back("");
    return dtypes;
}

// Sizes the request, once per weight dtype, and renders it; returns the exit code.
int size_and_render(const Options& options, std::istream& in, const Terminal& terminal,
                    std::ostream& buffer) {
    const Format format = output_format(options);
    TextStyle style;
    style.columns = std::max<std::size_t>(terminal.columns, 40);
    style.unicode = terminal.unicode && !options.ascii;
    style.color = terminal.color && !options.ascii;
    style.all = options.all;
    if (!options.top.empty()) style.top = *parse_count("--top", options.top, 1'000'000);
    if (options.all && !options.top.empty())
        throw Error("--all lists every instance; it excludes --top");

    const std::vector<std::string> dtypes = requested_dtypes(options);
    const std::optional<SpeedRequest> speed = build_speed_request(options.speed);
    const CheckpointModel model = build_model(options, in);
    std::optional<Catalog> built_catalog;
    const Catalog& catalog = build_catalog(options, built_catalog);
    std::vector<SizingReport> reports;
    for (const std::string& dtype : dtypes) {
        Options one = options;
        one.dtype = dtype;
        default_sequence_to_workload(speed, one.sequences);
        reports.push_back(size_deployment(build_request(one, model), catalog));
        if (speed) add_speed(reports.back(), *speed);
    }
    const bool answered =
        std::any_of(reports.begin(), reports.end(),
                    [](const SizingReport& report) { return report.recommended.has_value(); });
    if (reports.size() > 1 && (format == Format::csv || format == Format::markdown))
        throw Error(
            "--format csv and markdown take one --dtype; --format table or json compare several");
    switch (format) {
        case Format::json:
            if (reports.size() == 1) {
                render_json(reports.front(), buffer);
            } else {
                render_json(reports, buffer);
            }
            break;
        case Format::csv:
            render_csv(reports.front(), buffer);
            break;
        case Format::markdown:
            render_markdown(reports.front(), style, buffer);
            break;
        case Format::brief:
            for (const SizingReport& report : reports) {
                if (reports.size() > 1) buffer << dtype_name(report.weights.dtype) << ": ";
                render_brief(report, buffer);
            }
            break;
        case Format::table:
            if (reports.size() == 1) {
                render_table(reports.front(), style, buffer);
            } else {
                render_dtype_comparison(reports, style, buffer);
            }
            break;
    }
    return answered ? k_exit_fits : k_exit_no_fit;
}

// Writes `text` and reports whether the stream took it; a full disk or a closed file is an
// error, never a silent exit 0.
bool write_all(std::ostream& stream, std::string_view text) {
    errno = 0;
    stream << text;
    stream.flush();
    return static_cast<bool>(stream);
}

int write_failed(std::ostream& err, std::string_view what) {
    const int code = errno;
    err << "llmsize: error: writing to " << what << " failed"
        << (code != 0 ? std::string(": ") + std::strerror(code) : std::string()) << '\n';
    err.flush();
    return k_exit_bad_input;
}

// The last step of every run: stdout gets the whole output or nothing, and a stream that cannot
// be written is exit 2.
int finish(int code, std::string_view output, std::ostream& out, std::ostream& err) {
    if (!output.empty() && !write_all(out, output)) return write_failed(err, "standard output");
    err.flush();
    if (!err) return k_exit_bad_input;
    return code;
}

// The one error line: "llmsize: error: <message>", escaped and capped (printable_excerpt).
void print_error(std::ostream& err, std::string_view message) {
    err << "llmsize: error: " << printable_excerpt(message, k_max_error_line_bytes) << '\n';
}

int report_error(std::ostream& err, std::string_view message) {
    print_error(err, message);
    err.flush();
    return k_exit_bad_input;
}

// "'config.json'", "'a.gguf' and catalog 'c.json'": the files an out-of-memory error names.
std::string named_inputs(const Options& options) {
    std::string names;
    for (const auto& [flag, path] :
         {std::pair{"--config", &options.config}, std::pair{"--gguf", &options.gguf},
          std::pair{"--catalog", &options.catalog}}) {
        if (path->empty()) continue;
        names += (names.empty() ? "" : " and ") + std::string(flag) + " " + quote_value(*path);
    }
    return names.empty() ? "the request" : names;
}

// The text as the terminal gets it: each line through printable_text, so that no control
// character from a name, note or path reaches stdout, whichever renderer field carried it. With
// `keep_colour`, the memory bar's own colour codes (SGR: set a colour, reset) pass.
std::string printable_lines(std::string_view text, bool keep_colour) {
    static constexpr std::string_view k_colour_codes[] = {"\x1b[34m", "\x1b[33m", "\x1b[32m",
                                                          "\x1b[2m", "\x1b[0m"};
    std::string result;
    result.reserve(text.size());
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        while (!line.empty()) {
            std::size_t cut = line.size();
            std::string_view code;
            if (keep_colour) {
                for (const std::string_view candidate : k_colour_codes) {
                    const std::size_t at = line.find(candidate);
                    if (at < cut) {
                        cut = at;
                        code = candidate;
                    }
                }
            }
            result += printable_text(line.substr(0, cut));
            result += code;
            line.remove_prefix(std::min(line.size(), cut + code.size()));
        }
        if (end < text.size()) result += '\n';
        start = end + 1;
    }
    return result;
}

CLI::App* add_fleet_command(CLI::App& app, Options& options) {
    CLI::App* fleet = app.add_subcommand(
        "fleet", "Size many models in one run: a models x instances matrix of max batch per --seq");
    fleet->fallthrough();
    fleet->footer(
        "Models: config.json files or folders, GGUF files, preset names or ORG/NAME ids.\n"
        "Exit codes: 0 every model fits somewhere, 1 some fit nowhere, 2 some input was bad\n"
        "(its row says why) or bad usage.\n"
        "Every model is sized with the same flags as a single run (--seq, --dtype, --engine,\n"
        "--family, ...; see llmsize --help), but not --brief, --top, --all or --ascii.\n"
        "Example: llmsize fleet llama-3.1-8b qwen3-32b ./my-model --seq 4096,32k --format csv\n"
        "         llmsize fleet --presets --seq 8192 --format csv   (every bundled preset)");
    fleet
        ->add_option("models", options.fleet_inputs,
                     "Models: config.json files or folders, GGUF files, preset names, ORG/NAME")
        ->type_name("MODEL");
    fleet
        ->add_option("--from", options.fleet_from,
                     "A file listing models, one per line ('#' starts a comment); - reads "
                     "standard input")
        ->type_name("FILE");
    fleet->add_flag("--presets", options.fleet_presets,
                    "Every bundled preset (llmsize models), after the models given");
    fleet
        ->add_option("--format", options.format,
                     "Output: table (default), json (= --json), csv or markdown")
        ->type_name("FORMAT");
    fleet->add_flag("--json", options.json, "Print one JSON document on stdout");
    return fleet;
}

// llmsize fleet: every model sized with the same flags against one catalog.
int run_fleet(const Options& options, std::istream& in, const Terminal& terminal, std::ostream& out,
              std::ostream& err) {
    if (!options.params.empty() || !options.config.empty() || !options.model.empty() ||
        !options.gguf.empty()) {
        throw Error(
            "fleet takes its models as arguments or --from FILE; --params, --config, --model and "
            "--gguf size one model");
    }
    if (!options.layers.empty() || !options.hidden.empty() || !options.heads.empty() ||
        !options.kv_heads.empty() || !options.head_dim.empty()) {
        throw Error(
            "--layers, --hidden, --heads, --kv-heads and --head-dim go with --params, "
            "not with fleet");
    }
    if (requested_dtypes(options).size() > 1)
        throw Error("fleet takes one --dtype; compare dtypes on one model with --model");
    FleetFormat format = FleetFormat::table;
    switch (output_format(options)) {
        case Format::table:
        case Format::brief:  // refused before: fleet does not take --brief
            format = FleetFormat::table;
            break;
        case Format::json:
            format = FleetFormat::json;
            break;
        case Format::csv:
            format = FleetFormat::csv;
            break;
        case Format::markdown:
            format = FleetFormat::markdown;
            break;
    }
    std::vector<std::string> inputs = options.fleet_inputs;
    if (!options.fleet_from.empty()) {
        for (std::string& input :
             options.fleet_from == "-" ? read_fleet_list(in) : read_fleet_list(options.fleet_from))
            inputs.push_back(std::move(input));
    }
    if (options.fleet_presets) {
        for (const Preset& preset : bundled_presets())
            inputs.push_back(preset.name);
    }
    if (inputs.empty()) {
        throw Error(
            "fleet needs models: preset names, config.json files or folders, GGUF files, "
            "--from FILE or --presets");
    }
    // The shared flags are checked once, with a stand-in model, so that a bad flag is a usage
    // error rather than an error row for every model.
    Options check = options;
    check.params = "1e9";
    const SizingRequest stand_in = build_request(check, build_model(check, in));
    std::optional<Catalog> built_catalog;
    const Catalog& catalog = build_catalog(options, built_catalog);
    FleetReport report = size_fleet(
        inputs,
        [&](const FleetInput& input) {
            Options one = options;
            switch (input.kind) {
                case FleetInputKind::config:
                    one.config = input.text;
                    break;
                case FleetInputKind::gguf:
                    one.gguf = input.text;
                    break;
                case FleetInputKind::preset:
                    // A plain name: its error, without a single run's "--model: ". An ORG/NAME id
                    // is looked up in the local Hugging Face cache first, as --model does.
                    if (!parse_hf_model_reference(input.text)) find_preset(input.text);
                    one.model = input.text;
                    break;
            }
            try {
                return build_request(one, build_model(one, in));
            } catch (const Error& error) {
                const std::string_view message = error.what();
                if (!message.starts_with("--model: ")) throw;
                throw Error(std::string(message.substr(9)));
            }
        },
        catalog);
    if (report.rows.size() == report.count(FleetStatus::error)) {
        // No model was sized: the columns still name the lengths asked for.
        report.sequence_lengths = stand_in.sequence_lengths;
        report.decimal_units =
            engine_profile(stand_in.engine.engine).memory == MemoryCounted::marketed;
    }
    render_fleet(report, format, std::max<std::size_t>(terminal.columns, 40), out);
    for (const FleetRow& row : report.rows) {
        if (row.status == FleetStatus::error) print_error(err, row.input + ": " + row.error);
    }
    if (report.count(FleetStatus::error) > 0) return k_exit_bad_input;
    return report.count(FleetStatus::no_fit) > 0 ? k_exit_no_fit : k_exit_fits;
}

// What the command line asks for, once parsed.
enum class Command { size, fleet, models, instances };

// The error line for the exception being handled; call it only from a catch block.
int report_failure(std::ostream& err, const Options& options) {
    try {
        throw;
    } catch (const Error& error) {
        return report_error(err, error.what());
    } catch (const std::bad_alloc&) {
        return report_error(err, "out of memory while sizing " + named_inputs(options) +
                                     "; llmsize bounds what it reads, so this input is far "
                                     "larger than any real one");
    } catch (const std::exception& error) {
        return report_error(err, std::string("internal error: ") + error.what());
    }
}

// Parses `args` into `options` and says which command they ask for, or the exit code when they
// ask for help or the version, or are refused. The parser is gone when this returns, so that the
// command reuses its memory instead of growing the heap: each new page is a page fault, the
// largest part of a short run's time (issue 15, docs/performance.md).
std::variant<Command, int> parse_command_line(std::span<const std::string> args, Options& options,
                                              std::ostream& out, std::ostream& err) {
    CLI::App app{"", "llmsize"};
    Commands commands;
    try {
        configure(app, options);
        commands = add_commands(app, options);
        std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them reversed
        app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        return finish(k_exit_fits, wrap_help_text(app.help(), k_help_columns), out, err);
    } catch (const CLI::CallForAllHelp&) {
        return finish(k_exit_fits,
                      wrap_help_text(app.help("", CLI::AppFormatMode::All), k_help_columns), out,
                      err);
    } catch (const CLI::ExtrasError&) {
        const std::string message = unknown_arguments_message(app);
        return report_error(err,
                            message + (message.ends_with('?') ? "" : "; see 'llmsize --help'"));
    } catch (const CLI::ParseError& error) {
        return report_error(err, parse_error_message(error.what()) + "; see 'llmsize --help'");
    } catch (const std::bad_alloc&) {
        return report_error(err, "out of memory while reading the command line");
    }
    if (options.version) return finish(k_exit_fits, version_text(), out, err);
    try {
        if (commands.fleet->parsed()) {
            reject_foreign_options(app, *commands.fleet, k_fleet_takes_sizing_options);
            return Command::fleet;
        }
        if (commands.models->parsed()) {
            reject_foreign_options(app, *commands.models);
            return Command::models;
        }
        if (commands.instances->parsed()) {
            reject_foreign_options(app, *commands.instances);
            return Command::instances;
        }
    } catch (...) {
        return report_failure(err, options);
    }
    return Command::size;
}

}  // namespace

int run_cli(std::span<const std::string> args, std::istream& in, std::ostream& out,
            std::ostream& err, const Terminal& terminal) {
    if (args.empty()) {
        err << k_usage << "Try 'llmsize --help' for the options, or 'man llmsize'.\n";
        err.flush();
        return k_exit_bad_input;
    }
    // "--" ends the options; llmsize takes no other arguments, so whatever follows is refused
    // here rather than parsed as flags.
    if (const auto end = std::find(args.begin(), args.end(), "--"); end != args.end()) {
        if (end + 1 != args.end()) {
            std::string list;
            for (auto it = end + 1; it != args.end(); ++it)
                list += (list.empty() ? "" : " ") + quote_value(*it);
            print_error(err, "unknown argument" + std::string(args.end() - end > 2 ? "s " : " ") +
                                 list +
                                 " after '--', which ends the options; see 'llmsize --help'");
            return k_exit_bad_input;
        }
        args = args.first(static_cast<std::size_t>(end - args.begin()));
    }
    Options options;
    const std::variant<Command, int> parsed = parse_command_line(args, options, out, err);
    if (const int* exit_code = std::get_if<int>(&parsed)) return *exit_code;

    // Render into a buffer first, so that stdout never carries partial output on an error.
    std::ostringstream buffer;
    int code = k_exit_fits;
    try {
        switch (std::get<Command>(parsed)) {
            case Command::fleet:
                if (build_speed_request(options.speed)) {
                    throw Error(
                        "fleet does not estimate speed: drop --input-tokens and --output-tokens, "
                        "or size one model at a time");
                }
                code = run_fleet(options, in, terminal, buffer, err);
                break;
            case Command::models: {
                const std::vector<Preset> presets =
                    options.families.empty()
                        ? std::vector<Preset>(bundled_presets().begin(), bundled_presets().end())
                        : for_flag("--family", [&] {
                              return filter_preset_families(bundled_presets(),
                                                            split_list(options.families));
                          });
                const std::vector<PresetSummary> summaries = summarize_presets(presets);
                if (options.json) {
                    render_models_json(summaries, buffer);
                } else {
                    render_models_table(summaries, std::max<std::size_t>(terminal.columns, 40),
                                        buffer);
                }
                break;
            }
            case Command::instances: {
                std::optional<Catalog> built_catalog;
                const Catalog& catalog = build_catalog(options, built_catalog);
                if (options.json) {
                    render_instances_json(catalog, buffer);
                } else {
                    render_instances_table(catalog, std::max<std::size_t>(terminal.columns, 40),
                                           buffer);
                }
                break;
            }
            case Command::size:
                code = size_and_render(options, in, terminal, buffer);
                break;
        }
    } catch (...) {
        return report_failure(err, options);
    }
    // JSON escapes control characters itself; text goes through printable_lines.
    const bool json_output = options.json || to_lower(options.format) == "json";
    return finish(code,
                  json_output ? buffer.str()
                              : printable_lines(buffer.str(), terminal.color && !options.ascii),
                  out, err);
}

int run_cli(std::span<const std::string> args, std::istream& in, std::ostream& out,
            std::ostream& err) {
    return run_cli(args, in, out, err, Terminal{});
}

std::vector<OptionEntry> option_table() {
    Options options;
    CLI::App app{"", "llmsize"};
    configure(app, options);
    add_commands(app, options);
    std::vector<OptionEntry> table;
    const auto add = [&table](const CLI::App& command, const std::string& name) {
        for (const CLI::Option* option : command.get_options()) {
            OptionEntry entry{name, {}, option->get_description()};
            for (const std::string& short_name : option->get_snames())
                entry.names.push_back("-" + short_name);
            for (const std::string& long_name : option->get_lnames())
                entry.names.push_back("--" + long_name);
            if (entry.names.empty()) entry.names.push_back(option->get_name());  // positional
            table.push_back(std::move(entry));
        }
    };
    add(app, "");
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
        add(*command, command->get_name());
    return table;
}

int run_cli(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    std::istringstream no_input;
    return run_cli(args, no_input, out, err);
}

}  // namespace llmsize::cli
