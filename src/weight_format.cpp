#include "llmsize/weight_format.hpp"

#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

WeightFormat default_weight_format(Dtype dtype) {
    WeightFormat format;
    format.dtype = dtype;
    format.description = std::string(dtype_name(dtype));
    switch (dtype) {
        case Dtype::fp32:
        case Dtype::fp16:
        case Dtype::bf16:
            break;
        case Dtype::fp8:
        case Dtype::int8:
        case Dtype::q8_0:
        case Dtype::q4_0:
            format.embeddings_16bit = true;
            format.description += ", embeddings and output layer at 16 bits";
            break;
        case Dtype::int4:
            format.embeddings_16bit = true;
            format.group_size = 128;
            format.group_overhead_bits = 20;
            format.description +=
                " with a 16-bit scale and 4-bit zero per 128 weights, embeddings "
                "and output layer at 16 bits";
            break;
    }
    return format;
}

WeightFormat parse_weight_format(std::string_view text) {
    const std::string lower = to_lower(text);
    if (lower == "mxfp4" || lower == "nvfp4") {
        const bool mx = lower == "mxfp4";
        // OCP Microscaling spec v1.0 (MXFP4: 32 e2m1 values share one e8m0 scale); NVIDIA
        // TensorRT Model Optimizer docs (NVFP4: 16 e2m1 values share one fp8 e4m3 scale, plus
        // one fp32 scale per tensor, negligible).
        WeightFormat format = default_weight_format(Dtype::int4);
        format.group_size = mx ? 32 : 16;
        format.group_overhead_bits = 8;
        format.float4 = true;
        format.description = mx ? "MXFP4 (4-bit e2m1 + an 8-bit scale per 32 weights), "
                                  "embeddings and output layer at 16 bits"
                                : "NVFP4 (4-bit e2m1 + an fp8 scale per 16 weights), "
                                  "embeddings and output layer at 16 bits";
        return format;
    }
    try {
        return default_weight_format(parse_dtype(text));
    } catch (const Error&) {
        throw Error("unknown dtype " + quote_value(text) +
                    ", expected one of fp32, fp16, bf16, fp8, int8, int4, mxfp4, nvfp4");
    }
}

}  // namespace llmsize
