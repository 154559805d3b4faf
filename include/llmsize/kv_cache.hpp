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

// KV heads one tensor-parallel rank holds: kv_heads / tp, or 1 when tp exceeds kv_heads (vLLM
// replicates heads so that each GPU holds at least one: ModelConfig.get_num_kv_heads).
std::uint64_t kv_heads_per_rank(std::uint64_t kv_heads, std::uint64_t tensor_parallel);

// What one GPU of a tensor-parallel group of `tensor_parallel` caches per token: attention heads
// split (or replicated), latent caches whole on every rank (they are not split by TP).
std::uint64_t kv_bytes_per_token_per_rank(const ModelSpec& model, Dtype kv_dtype,
                                          std::uint64_t tensor_parallel);

// What one GPU caches for one sequence: as kv_bytes_per_sequence, per rank, with each layer
// group's token count rounded up to whole blocks of `block_tokens`; Mamba state split by TP.
std::uint64_t kv_bytes_per_sequence_per_rank(const ModelSpec& model, Dtype kv_dtype,
                                             std::uint64_t sequence_length,
                                             std::uint64_t tensor_parallel,
                                             std::uint64_t block_tokens);

}  // namespace llmsize
