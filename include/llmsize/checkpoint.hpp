// A model read from disk with, where its checkpoint's headers give them, the exact weight bytes:
// a config.json (or a folder holding one, with or without *.safetensors) or a GGUF file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "llmsize/config.hpp"
#include "llmsize/dtype.hpp"
#include "llmsize/model.hpp"
#include "llmsize/safetensors.hpp"

namespace llmsize {

struct CheckpointModel {
    ModelSpec model;
    std::optional<std::uint64_t> exact_weight_bytes;  // from tensor headers, when read
    std::string weight_note;                          // where they came from, for the report
    // The dtype holding most of the checkpoint's bytes, when llmsize has a name for it.
    std::optional<Dtype> dominant_dtype;
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
