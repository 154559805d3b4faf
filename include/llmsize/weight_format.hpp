// How weights are stored: a dtype, and for quantised formats the scale groups and which
// tensors stay at 16 bits.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "llmsize/dtype.hpp"

namespace llmsize {

struct WeightFormat {
    Dtype dtype = Dtype::fp16;     // storage of the linear layers' weights
    std::uint64_t group_size = 0;  // weights per quantisation group; 0: no per-group metadata
    std::uint64_t group_overhead_bits = 0;   // per group: 20 = 16-bit scale + 4-bit zero (AWQ/GPTQ)
    std::uint64_t scale_bits_per_block = 0;  // fp8 block scales: bits per block of block_elements
    std::uint64_t block_elements = 0;        //   (DeepSeek-V3: one fp32 per 128 × 128 block)
    bool embeddings_16bit = false;           // embeddings and output layer kept at 16 bits
    // Only the routed experts' weight matrices are quantised (ModelSpec::expert_weight_parameters);
    // every other tensor stays at 16 bits (gpt-oss MXFP4).
    bool experts_only = false;
    // 4-bit floating point (MXFP4, NVFP4): FP4 tensor math where the device has it (Blackwell),
    // weight-only dequantisation elsewhere. Storage is `dtype` int4 plus the group scales.
    bool float4 = false;
    std::string description;  // "fp16", "GPTQ int4, group 128", ...
};

// The plain format for a dtype: fp32/fp16/bf16 store everything as is. fp8, int8 and int4 keep
// embeddings and the output layer at 16 bits (what AWQ, GPTQ, fp8 and compressed-tensors
// checkpoints do); int4 counts a 16-bit scale and a 4-bit zero point per group of 128 weights.
WeightFormat default_weight_format(Dtype dtype);

// --dtype: a dtype name (parse_dtype), or "mxfp4" (OCP MX: e2m1 weights with an 8-bit e8m0 scale
// per 32, 4.25 bits) or "nvfp4" (e2m1 with an fp8 e4m3 scale per 16, 4.5 bits), embeddings and
// output layer at 16 bits. Throws Error naming every accepted value.
WeightFormat parse_weight_format(std::string_view text);

}  // namespace llmsize
