#include "llmsize/dtype.hpp"

#include <array>
#include <string>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {
struct DtypeInfo {
    Dtype dtype;
    std::string_view name;
    unsigned bits;
};
constexpr std::array k_dtypes{
    DtypeInfo{Dtype::fp32, "fp32", 32}, DtypeInfo{Dtype::fp16, "fp16", 16},
    DtypeInfo{Dtype::bf16, "bf16", 16}, DtypeInfo{Dtype::fp8, "fp8", 8},
    DtypeInfo{Dtype::int8, "int8", 8},  DtypeInfo{Dtype::int4, "int4", 4},
};
constexpr std::array k_dtype_values{Dtype::fp32, Dtype::fp16, Dtype::bf16,
                                    Dtype::fp8,  Dtype::int8, Dtype::int4};

const DtypeInfo& info(Dtype dtype) {
    for (const DtypeInfo& entry : k_dtypes) {
        if (entry.dtype == dtype) return entry;
    }
    return k_dtypes[0];
}
}  // namespace

std::span<const Dtype> all_dtypes() { return k_dtype_values; }

std::string_view dtype_name(Dtype dtype) { return info(dtype).name; }

unsigned dtype_bits(Dtype dtype) { return info(dtype).bits; }

Dtype parse_dtype(std::string_view text) {
    const std::string lower = to_lower(text);
    for (const DtypeInfo& entry : k_dtypes) {
        if (lower == entry.name) return entry.dtype;
    }
    // The spellings config.json's "torch_dtype" uses.
    if (lower == "float32") return Dtype::fp32;
    if (lower == "float16" || lower == "half") return Dtype::fp16;
    if (lower == "bfloat16") return Dtype::bf16;
    throw Error("unknown dtype '" + std::string(text) +
                "', expected one of fp32, fp16, bf16, fp8, int8, int4");
}

std::uint64_t bytes_for_elements(std::uint64_t elements, Dtype dtype) {
    const std::uint64_t bits = checked_mul(elements, dtype_bits(dtype), "byte count");
    return bits / 8 + (bits % 8 != 0 ? 1 : 0);
}

bool is_kv_dtype(Dtype dtype) { return dtype != Dtype::int4; }

}  // namespace llmsize
