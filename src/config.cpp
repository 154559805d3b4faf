#include "llmsize/config.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "architectures.hpp"
#include "field_reader.hpp"
#include "llmsize/error.hpp"
#include "quantization.hpp"

namespace llmsize {

namespace {

// Deepest JSON nesting accepted. Real configs nest three or four levels.
constexpr int k_max_json_depth = 64;

struct Dispatch {
    std::string_view model_type;
    arch::Adapter adapter;
};

const std::vector<Dispatch>& dispatch_table() {
    static const std::vector<Dispatch> table = [] {
        std::vector<Dispatch> list;
        for (const arch::Family& family : arch::llama_like_families()) {
            list.push_back({family.model_type, family.adapter});
        }
        list.push_back({"gemma3", arch::gemma3_multimodal});
        list.push_back({"falcon", arch::falcon});
        list.push_back({"RefinedWeb", arch::falcon});       // Falcon-40B's original remote code
        list.push_back({"RefinedWebModel", arch::falcon});  // Falcon-7B's original remote code
        list.push_back({"gpt_neox", arch::gpt_neox});
        list.push_back({"gptj", arch::gptj});
        list.push_back({"gpt2", arch::gpt2});
        list.push_back({"bloom", arch::bloom});
        list.push_back({"opt", arch::opt});
        list.push_back({"t5", arch::t5});
        list.push_back({"deepseek_v2", arch::deepseek});
        list.push_back({"deepseek_v3", arch::deepseek});
        list.push_back({"jamba", arch::jamba});
        return list;
    }();
    return table;
}

std::string join(const std::set<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

// Line and column (1-based) of a byte offset, for parse errors.
std::string position_of(std::string_view text, std::size_t byte) {
    byte = std::min(byte, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < byte; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// Runs a family adapter. Its arithmetic errors ("parameter count is too large: ...") do not know
// the file; they get its name like the key errors have it.
ModelSpec run_adapter(const arch::Adapter& adapter, const FieldReader& reader) {
    try {
        return adapter(reader);
    } catch (const Error& error) {
        const std::string_view message = error.what();
        if (message.starts_with(reader.context())) throw;
        throw Error(reader.context() + ": " + std::string(message));
    }
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, std::string_view origin) {
    const std::string context = "reading " + quote_value(origin);
    bool too_deep = false;
    const nlohmann::json::parser_callback_t limit_depth =
        [&too_deep](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
            if (depth > k_max_json_depth) too_deep = true;
            return !too_deep;
        };
    try {
        nlohmann::json document = nlohmann::json::parse(text.begin(), text.end(), limit_depth);
        if (too_deep) {
            throw Error(context + ": JSON nested deeper than " + std::to_string(k_max_json_depth) +
                        " levels");
        }
        return document;
    } catch (const nlohmann::json::parse_error& error) {
        if (too_deep) {
            throw Error(context + ": JSON nested deeper than " + std::to_string(k_max_json_depth) +
                        " levels");
        }
        throw Error(context + ": not valid JSON (" + position_of(text, error.byte) + ")");
    } catch (const nlohmann::json::out_of_range&) {
        // The parser's only other failure: a number beyond double's range, like 1e400.
        throw Error(context + ": a number is too large to read (beyond 1.8e308)");
    }
}

std::string read_file_bounded(const std::filesystem::path& path, std::uintmax_t max_bytes) {
    const std::string context = "reading " + quote_value(path.string());
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        throw Error(context + ": is a folder, expected a file");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw Error(context + ": cannot open the file (does it exist and is it readable?)");
    std::string content;
    // Reads at most max_bytes + 1 bytes, so that /dev/zero or a huge file is refused, not slurped.
    std::vector<char> buffer(64 * 1024);
    while (file) {
        file.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        content.append(buffer.data(), static_cast<std::size_t>(file.gcount()));
        if (content.size() > max_bytes) {
            throw Error(context + ": larger than " + std::to_string(max_bytes / 1024) +
                        " KiB, the most llmsize reads from such a file");
        }
    }
    if (file.bad()) throw Error(context + ": read error");
    return content;
}

namespace {

// The model's context as vLLM derives max_model_len (vllm/config.py _get_and_verify_max_len):
// max_position_embeddings, times rope_scaling's "factor" unless the rope type is "su",
// "longrope" or "llama3" (whose position limit is already the extended one); for "yarn" the
// factor multiplies original_max_position_embeddings. Gemma 3's limit is already scaled.
void read_context_length(const FieldReader& reader, ModelSpec& model) {
    if (!model.max_position_embeddings) return;
    std::uint64_t tokens = *model.max_position_embeddings;
    model.context_rule = "max_position_embeddings " + std::to_string(tokens);
    std::optional<FieldReader> scaling = reader.optional_object("rope_scaling");
    if (!scaling) scaling = reader.optional_object("rope_parameters");
    const bool gemma3 = model.architecture && model.architecture->starts_with("gemma3");
    if (scaling && !gemma3) {
        const std::string type = scaling->optional_string("rope_type")
                                     .value_or(scaling->optional_string("type").value_or(""));
        const std::optional<double> factor = scaling->optional_non_negative_number("factor");
        if (type != "su" && type != "longrope" && type != "llama3" && factor && *factor > 1.0 &&
            *factor <= 1024.0) {
            std::uint64_t base = tokens;
            std::string from = "max_position_embeddings";
            if (type == "yarn" && scaling->has("original_max_position_embeddings")) {
                base = scaling->positive("original_max_position_embeddings");
                from = "original_max_position_embeddings";
            }
            tokens = static_cast<std::uint64_t>(static_cast<double>(base) * *factor);
            char text[32];
            std::snprintf(text, sizeof text, "%g", *factor);
            model.context_rule = from + " " + std::to_string(base) + " x rope_scaling factor " +
                                 text + " (" + (type.empty() ? "rope" : type) + ")";
        }
    }
    model.max_context_tokens = tokens;
}

}  // namespace

ModelSpec model_from_config(const nlohmann::json& config, std::string_view origin) {
    const std::string context = "reading " + quote_value(origin);
    if (!config.is_object()) {
        throw Error(context + ": expected a JSON object of model settings, " +
                    describe_json_value(config));
    }
    FieldReader reader(config, context);
    reader.track_used_keys();
    const std::optional<std::string> model_type = reader.optional_string("model_type");
    ModelSpec model;
    const auto& table = dispatch_table();
    const auto known = std::find_if(table.begin(), table.end(), [&](const Dispatch& entry) {
        return model_type && entry.model_type == *model_type;
    });
    if (known != table.end()) {
        model = run_adapter(known->adapter, reader);
    } else {
        const std::string what =
            model_type ? "model_type " + quote_value(*model_type) + " is not one llmsize knows"
                       : "no 'model_type'";
        try {
            model = run_adapter(arch::generic_decoder, reader);
        } catch (const Error& error) {
            throw Error(std::string(error.what()) + " (" + what +
                        ", so it was read as a generic Llama-style decoder)");
        }
        model.notes.push_back(what +
                              ": sized with the generic decoder formula (Llama layout: "
                              "gated MLP, no biases, untied embeddings) from keys " +
                              join(reader.used_keys()) + "; the parameter count may be inexact");
    }
    model.source = ModelSource::config;
    model.architecture = model_type;
    if (const std::optional<std::string> name = reader.optional_string("_name_or_path");
        name && !name->empty()) {
        model.name = *name;
    }
    if (!model.max_position_embeddings && reader.has("max_position_embeddings")) {
        model.max_position_embeddings = reader.positive("max_position_embeddings");
    }
    // Newer configs (transformers v5) write "dtype" where older ones wrote "torch_dtype".
    for (const std::string_view key : {"torch_dtype", "dtype"}) {
        if (const nlohmann::json* dtype = reader.raw(key); dtype && dtype->is_string()) {
            model.torch_dtype = dtype->get<std::string>();
            break;
        }
    }
    read_context_length(reader, model);
    model.checkpoint_format = weight_format_from_config(reader);
    if (!model.checkpoint_format && reader.has("quantization_config")) {
        model.notes.push_back("quantization_config not recognised (quant_method '" +
                              reader.optional_object("quantization_config")
                                  ->optional_string("quant_method")
                                  .value_or("?") +
                              "'): weights sized by --dtype");
    }
    return model;
}

ModelSpec load_config(const std::filesystem::path& path) {
    std::filesystem::path file = path;
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        file = path / "config.json";
        if (!std::filesystem::exists(file, error)) {
            throw Error("reading " + quote_value(path.string()) +
                        ": no config.json in this folder");
        }
    } else if (!std::filesystem::exists(path, error)) {
        throw Error("reading " + quote_value(path.string()) + ": no such file or folder");
    }
    const std::string text = read_file_bounded(file, k_max_config_file_bytes);
    return model_from_config(parse_json_text(text, file.string()), file.string());
}

}  // namespace llmsize
