#include "llmsize/kv_cache.hpp"

#include <algorithm>

#include "llmsize/checked.hpp"

namespace llmsize {

namespace {
// Elements all layers of `groups` cache for `tokens` tokens (windows applied when asked).
std::uint64_t cached_elements(const std::vector<KvLayerGroup>& groups, std::uint64_t tokens,
                              bool apply_windows) {
    std::uint64_t total = 0;
    for (const KvLayerGroup& group : groups) {
        const std::uint64_t kept =
            apply_windows && group.window_tokens != 0 ? std::min(tokens, group.window_tokens) : tokens;
        total = checked_add(total,
                            checked_mul(group.layers, group.elements_per_token_per_layer(), kept,
                                        "KV-cache size"),
                            "KV-cache size");
    }
    return total;
}
}  // namespace

std::uint64_t kv_bytes_per_token(const ModelSpec& model, Dtype kv_dtype) {
    return bytes_for_elements(cached_elements(model.kv_layers, 1, false), kv_dtype);
}

std::uint64_t cross_kv_bytes_per_token(const ModelSpec& model, Dtype kv_dtype) {
    return bytes_for_elements(cached_elements(model.cross_kv_layers, 1, false), kv_dtype);
}

std::uint64_t recurrent_state_bytes_per_sequence(const ModelSpec& model, Dtype kv_dtype) {
    return bytes_for_elements(checked_mul(model.recurrent_layers,
                                          model.recurrent_state_elements_per_layer,
                                          "recurrent state size"),
                              kv_dtype);
}

std::uint64_t kv_bytes_per_sequence(const ModelSpec& model, Dtype kv_dtype,
                                    std::uint64_t sequence_length) {
    const std::uint64_t self = cached_elements(model.kv_layers, sequence_length, true);
    // The encoder input is assumed as long as the sequence (see the note sizing adds).
    const std::uint64_t cross = cached_elements(model.cross_kv_layers, sequence_length, true);
    return checked_add(bytes_for_elements(checked_add(self, cross, "KV-cache size"), kv_dtype),
                       recurrent_state_bytes_per_sequence(model, kv_dtype), "KV-cache size");
}

}  // namespace llmsize
