// Exact weights and KV layout of a GGUF file (llama.cpp), read from its header only: metadata
// key/value pairs and tensor infos. The tensor data is never read, the file never mapped.
// Format: ggml-org/ggml docs/gguf.md; limits and checks follow ggml's src/gguf.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "llmsize/model.hpp"

namespace llmsize {

// Limits on what a GGUF header may declare. Real files: ~50 keys, a few hundred thousand
// tokenizer strings, tensor names under 64 bytes, at most a few thousand tensors.
inline constexpr std::uint64_t k_max_gguf_key_bytes = 65'535;  // the spec's limit
inline constexpr std::uint64_t k_max_gguf_string_bytes = 16 * 1024 * 1024;
inline constexpr std::uint64_t k_max_gguf_tensor_name_bytes = 63;  // ggml GGML_MAX_NAME - 1
inline constexpr std::uint64_t k_max_gguf_array_length = std::uint64_t{1} << 26;
inline constexpr unsigned k_max_gguf_array_depth = 4;
inline constexpr std::uint64_t k_max_gguf_metadata_count = std::uint64_t{1} << 20;
inline constexpr std::uint64_t k_max_gguf_tensor_count = std::uint64_t{1} << 20;
inline constexpr unsigned k_max_gguf_dimensions = 4;  // GGML_MAX_DIMS
// Metadata plus tensor infos: everything before the tensor data.
inline constexpr std::uint64_t k_max_gguf_header_bytes = std::uint64_t{1} << 30;
// Integer arrays up to this length are kept (per-layer head counts); longer ones, and every
// string, float and nested array (token lists, merges, scores), are skipped without being built.
inline constexpr std::uint64_t k_max_gguf_kept_array_length = 65'536;
// Most bytes of metadata kept (keys, strings, kept integer arrays at 8 bytes per element, plus
// 128 bytes per key): memory stays bounded whatever the header declares. Real files keep under
// 1 MiB; a long chat template is 10 KiB.
inline constexpr std::uint64_t k_max_gguf_kept_metadata_bytes = 64 * 1024 * 1024;

// A ggml tensor type: `block_bytes` bytes store `block_elements` values.
struct GgmlType {
    std::uint32_t id;
    std::string_view name;  // as gguf-py's GGMLQuantizationType spells it: "Q4_K", "BF16"
    std::uint64_t block_elements;
    std::uint64_t block_bytes;
};

// Every type a GGUF file may hold, by id.
std::span<const GgmlType> ggml_types();
// The type with this id, or nullptr.
const GgmlType* find_ggml_type(std::uint32_t id);

enum class GgufValueType : std::uint32_t {
    uint8 = 0,
    int8 = 1,
    uint16 = 2,
    int16 = 3,
    uint32 = 4,
    int32 = 5,
    float32 = 6,
    boolean = 7,
    string = 8,
    array = 9,
    uint64 = 10,
    int64 = 11,
    float64 = 12,
};

// One metadata value as llmsize keeps it: scalars whole; arrays by element type and length, with
// their values when they are integers (or bools) and no longer than k_max_gguf_kept_array_length.
struct GgufValue {
    GgufValueType type = GgufValueType::uint8;
    std::variant<std::monostate, std::uint64_t, std::int64_t, double, bool, std::string> scalar;
    GgufValueType element_type = GgufValueType::uint8;  // arrays only
    std::uint64_t length = 0;                           // arrays only: number of elements
    std::optional<std::vector<std::int64_t>> integers;  // arrays only, when kept

    // A non-negative integer scalar of any width, or nullopt.
    std::optional<std::uint64_t> as_unsigned() const;
    // A string scalar, or nullptr.
    const std::string* as_string() const;
};

struct GgufTensor {
    std::string name;
    std::vector<std::uint64_t> dimensions;  // ne[0] (the row) first
    std::uint32_t type_id = 0;
    std::uint64_t offset = 0;  // relative to the start of the tensor data
    std::uint64_t elements = 0;
    std::uint64_t bytes = 0;
};

struct GgufTypeTotal {
    std::string_view type;  // "Q4_K"
    std::uint64_t tensors = 0;
    std::uint64_t parameters = 0;
    std::uint64_t bytes = 0;
};

struct GgufSummary {
    std::string path;
    std::uint32_t version = 0;
    std::uint64_t file_bytes = 0;
    std::uint64_t alignment_bytes = 32;       // general.alignment, or the spec's default
    std::uint64_t data_offset = 0;            // where the tensor data starts
    std::optional<std::string> architecture;  // general.architecture
    std::optional<std::string> name;          // general.name
    std::uint64_t parameters = 0;             // elements of every tensor
    std::uint64_t tensor_bytes = 0;           // exact, from each tensor's type and shape
    std::vector<GgufTypeTotal> by_type;       // ordered by ggml type id
    std::vector<GgufTensor> tensors;          // in file order
    std::map<std::string, GgufValue, std::less<>> metadata;
};

// Reads the header of a GGUF v2 or v3 file with bounded, buffered reads; every read is checked
// against the file size. Throws Error naming the file and the byte offset.
GgufSummary read_gguf_header(const std::filesystem::path& path);

// The model a GGUF describes: parameters from its tensors, the KV layout from
// `<arch>.block_count`, `.embedding_length`, `.attention.head_count`, `.attention.head_count_kv`
// (a number or one entry per layer; 0 = a layer without attention), `.attention.key_length`,
// `.attention.value_length`, `.attention.sliding_window` and `.context_length`.
// Leaves `source` at its default; throws Error for missing or malformed keys.
ModelSpec model_from_gguf(const GgufSummary& gguf);

}  // namespace llmsize
