// The weights' bytes in their stored format: parameters × dtype, the 16-bit parts a format keeps,
// and the scales of group and block quantisation.
#include <algorithm>

#include "llmsize/checked.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize {

std::uint64_t weight_bytes_for(const ModelSpec& model, const WeightFormat& format) {
    std::uint64_t kept =
        format.embeddings_16bit ? std::min(model.embedding_parameters, model.parameters) : 0;
    if (format.experts_only)
        kept = model.parameters - std::min(model.expert_weight_parameters, model.parameters);
    const std::uint64_t body = model.parameters - kept;
    std::uint64_t bytes = checked_add(bytes_for_elements(body, format.dtype),
                                      checked_mul(kept, 2, "weight size"), "weight size");
    if (format.group_size > 0) {  // e.g. a 16-bit scale and a 4-bit zero point per group
        const std::uint64_t groups = (body + format.group_size - 1) / format.group_size;
        bytes = checked_add(
            bytes, (checked_mul(groups, format.group_overhead_bits, "weight size") + 7) / 8,
            "weight size");
    }
    if (format.block_elements > 0) {  // one scale per block (fp8 block quantisation)
        const std::uint64_t blocks = (body + format.block_elements - 1) / format.block_elements;
        bytes = checked_add(
            bytes, (checked_mul(blocks, format.scale_bits_per_block, "weight size") + 7) / 8,
            "weight size");
    }
    return bytes;
}

}  // namespace llmsize
