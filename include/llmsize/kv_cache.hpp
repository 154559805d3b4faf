// KV-cache arithmetic, exact for the architecture a ModelSpec describes.
#pragma once

#include <cstdint>

#include "llmsize/dtype.hpp"
#include "llmsize/model.hpp"

namespace llmsize {

// Bytes of decoder self-attention cache one token adds when every KV-holding layer keeps it:
// Σ layers × kv_heads × (key_dim + value_dim) × bytes. For multi-head attention this is the guide's
// 2 × bytes × layers × hidden_size. Sliding windows are not applied (see kv_bytes_per_sequence);
// latent attention has no factor 2; recurrent layers hold no per-token cache.
std::uint64_t kv_bytes_per_token(const ModelSpec& model, Dtype kv_dtype);

// Bytes one sequence of `sequence_length` tokens holds: per layer group
// layers × elements × min(length, window), plus each recurrent layer's fixed state, plus the
// cross-attention cache over an encoder input of the same length (encoder-decoder models).
std::uint64_t kv_bytes_per_sequence(const ModelSpec& model, Dtype kv_dtype,
                                    std::uint64_t sequence_length);

// Bytes of recurrent (Mamba) state one sequence holds, whatever its length.
std::uint64_t recurrent_state_bytes_per_sequence(const ModelSpec& model, Dtype kv_dtype);

// Bytes of cross-attention cache one encoder token adds (0 for decoder-only models).
std::uint64_t cross_kv_bytes_per_token(const ModelSpec& model, Dtype kv_dtype);

}  // namespace llmsize
