// A model read from disk with, where its checkpoint's headers give them, the exact weight bytes:
// a config.json (or a folder holding one, with or without *.safetensors) or a GGUF file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "llmsize/config.hpp"
#include "llmsize/dtype.hpp"
#include "llmsize/model.hpp"
#include "llmsize/safetensors.hpp"

namespace llmsize {

// Bytes of every tensor of one storage type ("BF16", "Q4_K"), in the order the header's summary
// lists them.
struct TensorTypeBytes {
    std::string type;
    std::uint64_t bytes = 0;
};

// Where exact weight bytes came from, as figures; the command line words the note
// (src/cli/describe_weight_source.cpp) and passes it back as CheckpointModel::weight_note.
enum class WeightOrigin {
    none,               // sized as parameters × dtype
    gguf,               // a GGUF file's tensor infos (path)
    safetensors,        // `files` safetensors headers
    safetensors_index,  // model.safetensors.index.json metadata.total_size, shards absent
};
struct WeightSource {
    WeightOrigin origin = WeightOrigin::none;
    std::string path;                      // gguf: the file
    std::uint64_t files = 0;               // safetensors: headers read
    std::uint64_t total_bytes = 0;         // the weights' bytes (= exact_weight_bytes)
    std::vector<TensorTypeBytes> by_type;  // gguf and safetensors
    // Bytes × 8 / parameters; always set for gguf (0 without parameters), for safetensors when
    // the headers count parameters.
    std::optional<double> bits_per_weight;
    // safetensors without packed tensors: the checkpoint's parameters (+ quantisation scale
    // elements) beside config.json's count.
    std::optional<std::uint64_t> checkpoint_parameters;
    std::uint64_t quantization_scale_elements = 0;
    std::uint64_t config_parameters = 0;
};

struct CheckpointModel {
    ModelSpec model;
    std::optional<std::uint64_t> exact_weight_bytes;  // from tensor headers, when read
    // Where they came from, in words, for the report's notes: the command line words
    // `weight_source` here before resolve_request reads it.
    std::string weight_note;
    // The dtype holding most of the checkpoint's bytes, when llmsize has a name for it.
    std::optional<Dtype> dominant_dtype;
    WeightSource weight_source;
};

// config.json or its folder. When the folder also holds *.safetensors or
// model.safetensors.index.json, the weights are the exact tensor bytes from their headers —
// unless `dtype_given`, when they are sized as parameters × dtype (and a note says so).
// `options` decide whether a partial total is an error (the default) or a warning;
// `config_options` as for load_config.
CheckpointModel load_config_or_checkpoint(const std::filesystem::path& path, bool dtype_given,
                                          const CheckpointReadOptions& options = {},
                                          const ConfigOptions& config_options = {});

// A GGUF file: the model from its metadata, the exact tensor bytes (source = gguf).
CheckpointModel load_gguf_model(const std::filesystem::path& path);

}  // namespace llmsize
