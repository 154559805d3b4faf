#include "llmsize/model.hpp"

#include "llmsize/checked.hpp"

namespace llmsize {

std::string_view source_name(ModelSource source) {
    switch (source) {
        case ModelSource::params:
            return "params";
        case ModelSource::config:
            return "config";
        case ModelSource::preset:
            return "preset";
        case ModelSource::gguf:
            return "gguf";
    }
    return "params";
}

std::string_view layer_kind_name(LayerKind kind) {
    switch (kind) {
        case LayerKind::full_attention:
            return "full_attention";
        case LayerKind::sliding_attention:
            return "sliding_attention";
        case LayerKind::latent_attention:
            return "latent_attention";
        case LayerKind::cross_attention:
            return "cross_attention";
    }
    return "full_attention";
}

std::uint64_t KvLayerGroup::elements_per_token_per_layer() const {
    return checked_mul(kv_heads, checked_add(key_dim, value_dim, "KV head size"),
                       "KV elements per token");
}

KvLayerGroup full_attention_layers(std::uint64_t layers, std::uint64_t kv_heads,
                                   std::uint64_t head_dim) {
    return KvLayerGroup{LayerKind::full_attention, layers, kv_heads, head_dim, head_dim, 0};
}

void add_attention_layers(ModelSpec& model, std::uint64_t layers, std::uint64_t windowed,
                          std::uint64_t window_tokens, std::uint64_t kv_heads,
                          std::uint64_t head_dim) {
    if (windowed < layers)
        model.kv_layers.push_back(full_attention_layers(layers - windowed, kv_heads, head_dim));
    if (windowed > 0) {
        KvLayerGroup group = full_attention_layers(windowed, kv_heads, head_dim);
        group.kind = LayerKind::sliding_attention;
        group.window_tokens = window_tokens;
        model.kv_layers.push_back(group);
    }
}

}  // namespace llmsize
