// Numeric formats of weights and KV-cache entries, with their exact storage size in bits.
#pragma once

#include <cstdint>
#include <string_view>

namespace llmsize {

enum class Dtype {
    fp32,
    fp16,
    bf16,
    fp8,
    int8,
    int4,
    q8_0,
    q4_0,  // llama.cpp KV-cache types: blocks of 32 values with an fp16 scale
};

// "fp16", "bf16", ...
std::string_view dtype_name(Dtype dtype);

// Storage bits per element: fp32 32, fp16/bf16 16, fp8/int8 8, int4 4; for the block formats
// the average (q8_0 8.5: 34 bytes per 32 values; q4_0 4.5: 18 bytes per 32).
double dtype_bits(Dtype dtype);
// The same in bytes per element: fp16 2, int4 0.5, q4_0 0.5625.
double dtype_bytes(Dtype dtype);

// Parses a dtype name (case-insensitive; "float16", "bfloat16", "float32" and "half" are accepted
// as the spellings found in config.json). Throws Error listing the accepted names.
Dtype parse_dtype(std::string_view text);

// Bytes to store `elements` values of `dtype`, rounded up to a whole byte; checked.
std::uint64_t bytes_for_elements(std::uint64_t elements, Dtype dtype);

// True for formats a KV cache can be stored in (int4 is a weight-only format here).
bool is_kv_dtype(Dtype dtype);

// True for llama.cpp's block formats (q8_0, q4_0), which only the llamacpp engine uses.
bool is_llamacpp_dtype(Dtype dtype);

}  // namespace llmsize
