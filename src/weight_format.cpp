#include "llmsize/weight_format.hpp"

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

}  // namespace llmsize
