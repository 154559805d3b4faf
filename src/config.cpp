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

ModelSpec model_from_config(const nlohmann::json& config, std::string_view origin,
                            const ConfigOptions& options) {
    const std::string context = "reading " + quote_value(origin);
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
    if (const nlohmann::json* dtype = reader.raw("torch_dtype"); dtype && dtype->is_string()) {
        model.torch_dtype = dtype->get<std::string>();
    }
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
            throw Error("reading " + quote_value(path.string()) +
                        ": no config.json in this folder");
        }
    } else if (std::filesystem::symlink_status(path, error).type() ==
               std::filesystem::file_type::not_found) {
        throw Error("reading " + quote_value(path.string()) + ": no such file or folder");
    }
    const std::string text = read_file_bounded(file, k_max_config_file_bytes);
    return model_from_config(parse_json_text(text, file.string()), file.string(), options);
}

}  // namespace llmsize
