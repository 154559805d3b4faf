#include "llmsize/checkpoint.hpp"

#include <algorithm>

#include "llmsize/checked.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/gguf.hpp"
#include "llmsize/safetensors.hpp"

namespace llmsize {

namespace {

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
    CheckpointModel input{model_from_gguf(gguf), gguf.tensor_bytes, "", std::nullopt, {}};
    input.model.source = ModelSource::gguf;
    WeightSource& source = input.weight_source;
    source.origin = WeightOrigin::gguf;
    source.path = path.string();
    source.total_bytes = gguf.tensor_bytes;
    for (const GgufTypeTotal& total : gguf.by_type)
        source.by_type.push_back({std::string(total.type), total.bytes});
    source.bits_per_weight = gguf.parameters ? static_cast<double>(gguf.tensor_bytes) * 8 /
                                                   static_cast<double>(gguf.parameters)
                                             : 0.0;
    return input;
}

CheckpointModel load_config_or_checkpoint(const std::filesystem::path& path, bool dtype_given,
                                          const CheckpointReadOptions& options,
                                          const ConfigOptions& config_options) {
    CheckpointModel input{load_config(path, config_options), std::nullopt, "", std::nullopt, {}};
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
    WeightSource& source = input.weight_source;
    source.origin =
        checkpoint->files == 0 ? WeightOrigin::safetensors_index : WeightOrigin::safetensors;
    source.files = checkpoint->files;
    source.total_bytes = checkpoint->tensor_bytes;
    for (const SafetensorsDtypeTotal& total : checkpoint->by_dtype)
        source.by_type.push_back({total.dtype, total.bytes});
    source.bits_per_weight = checkpoint->bits_per_weight();
    if (checkpoint->parameters && checkpoint->packed_tensors == 0) {
        source.checkpoint_parameters = checkpoint->parameters;
        source.quantization_scale_elements = checkpoint->quantization_metadata_elements;
        source.config_parameters = input.model.parameters;
    }
    for (const std::string& note : checkpoint->notes)
        input.model.notes.push_back(note);
    return input;
}

}  // namespace llmsize
