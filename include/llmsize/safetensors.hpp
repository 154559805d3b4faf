// Exact weight bytes of a safetensors checkpoint, read from its headers only: the JSON header at
// the start of each file names every tensor's dtype, shape and byte range, so the tensor data
// (gigabytes) is never read. Format: huggingface/safetensors README and safetensors/src/tensor.rs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace llmsize {

// The safetensors format's own limit on the JSON header (MAX_HEADER_SIZE in tensor.rs): 100 MB.
inline constexpr std::uint64_t k_max_safetensors_header_bytes = 100'000'000;
// Largest total_size (bytes) or total_parameters an index may state: 2^50, a pebibyte, a
// thousand times the largest checkpoints; larger ones are typos or hostile.
inline constexpr std::uint64_t k_max_checkpoint_bytes = std::uint64_t{1} << 50;
// Largest model.safetensors.index.json llmsize reads (real ones are a few megabytes).
inline constexpr std::uintmax_t k_max_safetensors_index_bytes = 64 * 1024 * 1024;

// Elements and bytes of one dtype ("BF16", "F8_E4M3", ...).
struct SafetensorsDtypeTotal {
    std::string dtype;
    std::uint64_t parameters = 0;                      // elements of weight tensors
    std::uint64_t quantization_metadata_elements = 0;  // elements of scale / zero-point tensors
    std::uint64_t bytes = 0;                           // bytes of every tensor of this dtype
};

// What one .safetensors file holds.
struct SafetensorsSummary {
    std::string path;
    std::uint64_t file_bytes = 0;
    std::uint64_t header_bytes = 0;  // N, the JSON header's length
    std::uint64_t tensors = 0;
    // Elements of weight tensors. Quantisation metadata (see is_quantization_metadata) is
    // counted separately, so that callers can say "N parameters + M metadata elements".
    std::uint64_t parameters = 0;
    std::uint64_t quantization_metadata_elements = 0;
    std::uint64_t tensor_bytes = 0;               // all tensors, metadata included
    std::vector<SafetensorsDtypeTotal> by_dtype;  // sorted by dtype name
    // Tensors named "*.qweight" or "*.weight_packed" (GPTQ, AWQ, compressed-tensors) pack several
    // quantised values into each element; their elements are storage words, not weights.
    std::uint64_t packed_tensors = 0;
};

// What a checkpoint folder holds, summed over its files.
struct CheckpointSummary {
    std::string folder;
    std::uint64_t files = 0;  // .safetensors files read (0 when only the index was available)
    // Unknown when only model.safetensors.index.json was available (it records bytes).
    std::optional<std::uint64_t> parameters;
    std::uint64_t quantization_metadata_elements = 0;
    std::uint64_t tensor_bytes = 0;
    std::vector<SafetensorsDtypeTotal> by_dtype;  // sorted by dtype name; empty for index-only
    std::uint64_t packed_tensors = 0;
    std::vector<std::string> notes;

    // tensor_bytes × 8 / parameters: the storage cost per weight, metadata included.
    std::optional<double> bits_per_weight() const;
};

// Bits per element of a safetensors dtype name (F4 4, F6_* 6, F8_* 8, BF16 16, ...), or nullopt
// when the name is not one of the format's dtypes.
std::optional<unsigned> safetensors_dtype_bits(std::string_view dtype);

// True for the names quantised checkpoints give their scale, zero-point and group-index tensors:
// names ending in weight_scale, weight_scale_inv, scales, qzeros, g_idx or input_scale.
bool is_quantization_metadata(std::string_view tensor_name);

// Reads the header of one .safetensors file (8 + N bytes, never the tensor data) and validates
// every tensor the way the reference reader does: known dtype, non-negative shape, data_offsets
// that match the shape and tile the data section exactly. Throws Error naming the file.
SafetensorsSummary read_safetensors_header(const std::filesystem::path& path);

// How a checkpoint folder is read.
struct CheckpointReadOptions {
    // false (the default): a total that would be partial or empty is an Error: a checkpoint with
    // no tensors, an index listing shards missing from the folder, an index whose total_size is
    // 0 or disagrees with the shards' headers. true: the partial total, with a "warning: ..."
    // note saying why (the CLI's --approximate).
    bool approximate = false;
};

// Sums every *.safetensors file in `folder` (those model.safetensors.index.json lists, when it
// exists). With no .safetensors file but an index, reports the index's metadata.total_size.
// `folder` may also name a single .safetensors file. Throws Error when it holds neither, and for
// partial totals unless `options.approximate`.
CheckpointSummary read_checkpoint_folder(const std::filesystem::path& folder,
                                         const CheckpointReadOptions& options = {});

}  // namespace llmsize
