#include "llmsize/checkpoint.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "llmsize/checked.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/gguf.hpp"
#include "llmsize/safetensors.hpp"
#include "llmsize/units.hpp"

namespace llmsize {

namespace {

std::string bytes_text(std::uint64_t bytes) {
    return units::gib_text(static_cast<std::int64_t>(bytes));
}

// A folder with *.safetensors or model.safetensors.index.json: exact weights from the headers.
std::optional<CheckpointSummary> checkpoint_in(const std::filesystem::path& path,
                                               const CheckpointReadOptions& options) {
    std::error_code error;
    if (!std::filesystem::is_directory(path, error)) return std::nullopt;
    bool found = std::filesystem::exists(path / "model.safetensors.index.json", error);
    for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
        found = found || entry.path().extension() == ".safetensors";
    }
    if (!found) return std::nullopt;
    return read_checkpoint_folder(path, options);
}

// safetensors dtype names llmsize has a Dtype for.
std::optional<Dtype> dtype_of(std::string_view name) {
    if (name == "BF16") return Dtype::bf16;
    if (name == "F16") return Dtype::fp16;
    if (name == "F32") return Dtype::fp32;
    if (name == "F8_E4M3" || name == "F8_E5M2") return Dtype::fp8;
    if (name == "I8" || name == "U8") return Dtype::int8;
    return std::nullopt;
}

}  // namespace

CheckpointModel load_gguf_model(const std::filesystem::path& path) {
    const GgufSummary gguf = read_gguf_header(path);
    CheckpointModel input{model_from_gguf(gguf), gguf.tensor_bytes, "", std::nullopt};
    input.model.source = ModelSource::gguf;
    std::string types;
    for (const GgufTypeTotal& total : gguf.by_type) {
        types +=
            fmt::format("{}{} {}", types.empty() ? "" : ", ", total.type, bytes_text(total.bytes));
    }
    input.weight_note = fmt::format(
        "weights: exact tensor bytes from the GGUF header of {} ({}; {:.2f} bits per weight)",
        quote_value(path.string()), types,
        gguf.parameters
            ? static_cast<double>(gguf.tensor_bytes) * 8 / static_cast<double>(gguf.parameters)
            : 0.0);
    return input;
}

CheckpointModel load_config_or_checkpoint(const std::filesystem::path& path, bool dtype_given,
                                          const CheckpointReadOptions& options,
                                          const ConfigOptions& config_options) {
    CheckpointModel input{load_config(path, config_options), std::nullopt, "", std::nullopt};
    const std::optional<CheckpointSummary> checkpoint = checkpoint_in(path, options);
    if (!checkpoint) return input;
    if (dtype_given) {
        input.model.notes.push_back(
            "--dtype given: weights sized as parameters × dtype, not from the "
            "checkpoint's tensors");
        return input;
    }
    input.exact_weight_bytes = checkpoint->tensor_bytes;
    const auto dominant =
        std::max_element(checkpoint->by_dtype.begin(), checkpoint->by_dtype.end(),
                         [](const SafetensorsDtypeTotal& a, const SafetensorsDtypeTotal& b) {
                             return a.bytes < b.bytes;
                         });
    if (dominant != checkpoint->by_dtype.end()) input.dominant_dtype = dtype_of(dominant->dtype);
    std::string dtypes;
    for (const SafetensorsDtypeTotal& total : checkpoint->by_dtype) {
        dtypes += fmt::format("{}{} {}", dtypes.empty() ? "" : ", ", total.dtype,
                              bytes_text(total.bytes));
    }
    if (checkpoint->files == 0) {
        input.weight_note = fmt::format(
            "weights: {} from model.safetensors.index.json metadata.total_size "
            "(shards absent)",
            bytes_text(checkpoint->tensor_bytes));
    } else {
        input.weight_note =
            fmt::format("weights: exact tensor bytes from {} safetensors header{} ({})",
                        checkpoint->files, checkpoint->files == 1 ? "" : "s", dtypes);
    }
    if (const std::optional<double> bits = checkpoint->bits_per_weight()) {
        input.weight_note += fmt::format(", {:.2f} bits per weight", *bits);
    }
    if (checkpoint->parameters && checkpoint->packed_tensors == 0) {
        const auto counted = static_cast<std::int64_t>(*checkpoint->parameters);
        const auto configured = static_cast<std::int64_t>(input.model.parameters);
        input.weight_note += fmt::format(
            "; the checkpoint holds {} parameters{}, config.json counts {} (difference {}{})",
            *checkpoint->parameters,
            checkpoint->quantization_metadata_elements
                ? fmt::format(" + {} quantisation scale elements",
                              checkpoint->quantization_metadata_elements)
                : "",
            input.model.parameters, counted - configured,
            counted != configured ? ": vision towers, MTP layers or buffers explain such gaps"
                                  : "");
    }
    for (const std::string& note : checkpoint->notes)
        input.model.notes.push_back(note);
    return input;
}

}  // namespace llmsize
