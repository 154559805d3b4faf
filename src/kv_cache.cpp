#include "llmsize/kv_cache.hpp"

#include <algorithm>

#include "llmsize/checked.hpp"

namespace llmsize {

namespace {

std::uint64_t round_up(std::uint64_t value, std::uint64_t multiple) {
    if (multiple <= 1) return value;
    return checked_mul((value + multiple - 1) / multiple, multiple, "KV-cache size");
}

// Elements one rank of a `tp`-way tensor-parallel group caches for `tokens` tokens of each
// layer group; windows applied when asked; token counts rounded up to blocks.
std::uint64_t cached_elements(const std::vector<KvLayerGroup>& groups, std::uint64_t tokens,
                              bool apply_windows, std::uint64_t tp, std::uint64_t block) {
    std::uint64_t total = 0;
    for (const KvLayerGroup& group : groups) {
        std::uint64_t kept = tokens;
        if (apply_windows && group.window_tokens != 0) kept = std::min(tokens, group.window_tokens);
        const std::uint64_t heads = group.kind == LayerKind::latent_attention
                                        ? group.kv_heads
                                        : kv_heads_per_rank(group.kv_heads, tp);
        const std::uint64_t per_token =
            checked_mul(heads, checked_add(group.key_dim, group.value_dim, "KV head size"),
                        "KV elements per token");
        total = checked_add(
            total, checked_mul(group.layers, per_token, round_up(kept, block), "KV-cache size"),
            "KV-cache size");
    }
    return total;
}

std::uint64_t state_bytes(const ModelSpec& model, Dtype kv_dtype, std::uint64_t tp) {
    const std::uint64_t float32 = model.recurrent_float32_elements_per_layer;
    const std::uint64_t per_layer =
        (model.recurrent_state_elements_per_layer - float32 + tp - 1) / tp;
    const std::uint64_t float32_per_layer = (float32 + tp - 1) / tp;
    return checked_add(
        bytes_for_elements(checked_mul(model.recurrent_layers, per_layer, "recurrent state size"),
                           kv_dtype),
        checked_mul(model.recurrent_layers, float32_per_layer, 4, "recurrent state size"),
        "recurrent state size");
}

}  // namespace

std::uint64_t kv_heads_per_rank(std::uint64_t kv_heads, std::uint64_t tensor_parallel) {
    if (tensor_parallel == 0) return kv_heads;
    return std::max<std::uint64_t>(1, kv_heads / tensor_parallel);
}

std::uint64_t kv_bytes_per_token(const ModelSpec& model, Dtype kv_dtype) {
    return bytes_for_elements(cached_elements(model.kv_layers, 1, false, 1, 1), kv_dtype);
}

std::uint64_t cross_kv_bytes_per_token(const ModelSpec& model, Dtype kv_dtype) {
    return bytes_for_elements(cached_elements(model.cross_kv_layers, 1, false, 1, 1), kv_dtype);
}

std::uint64_t recurrent_state_bytes_per_sequence(const ModelSpec& model, Dtype kv_dtype) {
    return state_bytes(model, kv_dtype, 1);
}

std::uint64_t kv_bytes_per_sequence(const ModelSpec& model, Dtype kv_dtype,
                                    std::uint64_t sequence_length) {
    return kv_bytes_per_sequence_per_rank(model, kv_dtype, sequence_length, 1, 1);
}

std::uint64_t kv_bytes_per_token_per_rank(const ModelSpec& model, Dtype kv_dtype,
                                          std::uint64_t tensor_parallel) {
    return bytes_for_elements(cached_elements(model.kv_layers, 1, false, tensor_parallel, 1),
                              kv_dtype);
}

std::uint64_t kv_bytes_per_sequence_per_rank(const ModelSpec& model, Dtype kv_dtype,
                                             std::uint64_t sequence_length,
                                             std::uint64_t tensor_parallel,
                                             std::uint64_t block_tokens) {
    const std::uint64_t self =
        cached_elements(model.kv_layers, sequence_length, true, tensor_parallel, block_tokens);
    // The encoder input: the model's fixed count where it has one, else assumed as long as the
    // sequence (see the note sizing adds).
    const std::uint64_t encoder_tokens =
        model.cross_attention_tokens > 0 ? model.cross_attention_tokens : sequence_length;
    const std::uint64_t cross =
        cached_elements(model.cross_kv_layers, encoder_tokens, true, tensor_parallel, block_tokens);
    return checked_add(bytes_for_elements(checked_add(self, cross, "KV-cache size"), kv_dtype),
                       state_bytes(model, kv_dtype, tensor_parallel), "KV-cache size");
}

}  // namespace llmsize
