#include "llmsize/config.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "architectures.hpp"
#include "field_reader.hpp"
#include "llmsize/error.hpp"
#include "quantization.hpp"

namespace llmsize {

namespace {

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
    } else if (std::filesystem::symlink_status(path, error).type() ==
               std::filesystem::file_type::not_found) {
        throw Error("reading " + quote_value(path.string()) + ": no such file or folder");
    }
    const std::string text = read_file_bounded(file, k_max_config_file_bytes);
    return model_from_config(parse_json_text(text, file.string()), file.string());
}

}  // namespace llmsize
