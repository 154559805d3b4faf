#include "llmsize/config.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "arch/architectures.hpp"
#include "field_reader.hpp"
#include "llmsize/error.hpp"
#include "quantization.hpp"

namespace llmsize {

namespace {

std::string join(const std::set<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
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

namespace {

// The model's context as vLLM derives max_model_len (vllm/config.py _get_and_verify_max_len):
// max_position_embeddings, times rope_scaling's "factor" unless the rope type is "su",
// "longrope" or "llama3" (whose position limit is already the extended one); for "yarn" the
// factor multiplies original_max_position_embeddings. Gemma 3's limit is already scaled.
void read_context_length(const FieldReader& reader, ModelSpec& model) {
    if (!model.max_position_embeddings) return;
    std::uint64_t tokens = *model.max_position_embeddings;
    // An adapter whose limit has another name (Whisper's max_target_positions) names it.
    if (model.context_rule.empty())
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

ModelSpec model_from_config(const nlohmann::json& config, std::string_view origin,
                            const ConfigOptions& options) {
    const std::string context = reading_context(origin);
    if (!config.is_object()) {
        throw Error(context + ": expected a JSON object of model settings, " +
                    describe_json_value(config));
    }
    FieldReader reader(config, context);
    reader.track_used_keys();
    const std::optional<std::string> model_type = reader.optional_string("model_type");
    ModelSpec model;
    const arch::Family* known = model_type ? arch::find_family(*model_type) : nullptr;
    if (model_type && known == nullptr) {
        if (const std::optional<std::string_view> what = arch::unsupported_family(*model_type)) {
            throw Error(context + ": model_type " + quote_value(*model_type) + " (" +
                        std::string(*what) +
                        ") is not supported yet: llmsize cannot count it from config.json and "
                        "does not guess (not even with --approximate)");
        }
    }
    if (known != nullptr) {
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
    const std::string family =
        model_type ? "model_type " + quote_value(*model_type) : "a config without a model_type";
    const std::vector<std::string> unmodelled =
        arch::unmodelled_components(config, reader.used_keys(), known);
    if (!unmodelled.empty() && !options.approximate) {
        const std::string more = unmodelled.size() > 1
                                     ? " (and " + std::to_string(unmodelled.size() - 1) + " more)"
                                     : "";
        throw Error(context + ": " + unmodelled.front() + more + " is not modelled for " + family +
                    ", so the count would be wrong; add --approximate for an estimate (given the "
                    "checkpoint folder, its safetensors headers still make the weights exact)");
    }
    for (const std::string& component : unmodelled) {
        model.warnings.push_back(component + " is not modelled for " + family +
                                 ": the estimate leaves it out (--approximate)");
    }
    return model;
}

ModelSpec load_config(const std::filesystem::path& path, const ConfigOptions& options) {
    std::filesystem::path file = path;
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        file = path / "config.json";
        if (!std::filesystem::exists(file, error)) {
            throw Error(reading_context(path.string()) + ": no config.json in this folder");
        }
    } else if (std::filesystem::symlink_status(path, error).type() ==
               std::filesystem::file_type::not_found) {
        throw Error(reading_context(path.string()) + ": no such file or folder");
    }
    const std::string text = read_file_bounded(file, k_max_config_file_bytes);
    return model_from_config(parse_json_text(text, file.string()), file.string(), options);
}

}  // namespace llmsize
