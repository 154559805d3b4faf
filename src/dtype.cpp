#include "llmsize/dtype.hpp"

#include <array>
#include <string>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {
// Storage as whole blocks: `block_bytes` bytes hold `block_elements` values.
struct DtypeInfo {
    Dtype dtype;
    std::string_view name;
    std::uint64_t block_elements;
    std::uint64_t block_bytes;
};
constexpr std::array k_dtypes{
    DtypeInfo{Dtype::fp32, "fp32", 1, 4},
    DtypeInfo{Dtype::fp16, "fp16", 1, 2},
    DtypeInfo{Dtype::bf16, "bf16", 1, 2},
    DtypeInfo{Dtype::fp8, "fp8", 1, 1},
    DtypeInfo{Dtype::int8, "int8", 1, 1},
    DtypeInfo{Dtype::int4, "int4", 2, 1},
    // ggml's block_q8_0 (fp16 scale + 32 int8) and block_q4_0 (fp16 scale + 16 bytes of nibbles).
    DtypeInfo{Dtype::q8_0, "q8_0", 32, 34},
    DtypeInfo{Dtype::q4_0, "q4_0", 32, 18},
};

const DtypeInfo& info(Dtype dtype) {
    for (const DtypeInfo& entry : k_dtypes) {
        if (entry.dtype == dtype) return entry;
    }
    return k_dtypes[0];
}
}  // namespace

std::string_view dtype_name(Dtype dtype) {
    return info(dtype).name;
}

double dtype_bits(Dtype dtype) {
    const DtypeInfo& entry = info(dtype);
    return static_cast<double>(entry.block_bytes * 8) / static_cast<double>(entry.block_elements);
}

double dtype_bytes(Dtype dtype) {
    return dtype_bits(dtype) / 8.0;
}

Dtype parse_dtype(std::string_view text) {
    const std::string lower = to_lower(text);
    for (const DtypeInfo& entry : k_dtypes) {
        if (lower == entry.name) return entry.dtype;
    }
    // The spellings config.json's "torch_dtype" uses.
    if (lower == "float32") return Dtype::fp32;
    if (lower == "float16" || lower == "half") return Dtype::fp16;
    if (lower == "bfloat16") return Dtype::bf16;
    if (lower == "f16") return Dtype::fp16;  // llama.cpp's spellings
    if (lower == "f32") return Dtype::fp32;
    throw Error("unknown dtype " + quote_value(text) +
                ", expected one of fp32, fp16, bf16, fp8, int8, int4");
}

std::uint64_t bytes_for_elements(std::uint64_t elements, Dtype dtype) {
    const DtypeInfo& entry = info(dtype);
    const std::uint64_t blocks =
        elements / entry.block_elements + (elements % entry.block_elements != 0 ? 1 : 0);
    return checked_mul(blocks, entry.block_bytes, "byte count");
}

bool is_kv_dtype(Dtype dtype) {
    return dtype != Dtype::int4;
}

bool is_llamacpp_dtype(Dtype dtype) {
    return dtype == Dtype::q8_0 || dtype == Dtype::q4_0;
}

}  // namespace llmsize
