// DeepSeek-V2 and V3 (modeling_deepseek.py): multi-head latent attention (MLA) and a
// mixture of routed and shared experts after the first `first_k_dense_replace` dense layers.
// The cache holds one latent of kv_lora_rank plus one rope key of qk_rope_head_dim per token and
// layer — no factor 2, no per-head copies (the layout vLLM and SGLang use for MLA).
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec deepseek(const FieldReader& config) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t intermediate = config.positive("intermediate_size");
    const std::uint64_t kv_lora_rank = config.positive("kv_lora_rank");
    const std::optional<std::uint64_t> q_lora_rank = config.optional_positive("q_lora_rank");
    const std::uint64_t nope_dim = config.positive("qk_nope_head_dim");
    const std::uint64_t rope_dim = config.positive("qk_rope_head_dim");
    const std::uint64_t v_dim = config.positive("v_head_dim");
    const bool bias = config.boolean_or("attention_bias", false);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const std::uint64_t routed = config.non_negative_or("n_routed_experts", 0);
    const std::uint64_t shared = config.non_negative_or("n_shared_experts", 0);
    const std::uint64_t first_dense = config.non_negative_or("first_k_dense_replace", 0);
    const std::uint64_t moe_frequency = config.positive_or("moe_layer_freq", 1);
    const std::uint64_t qk_dim = nope_dim + rope_dim;
    // V3's "noaux_tc" router keeps a per-expert score correction bias.
    const bool correction_bias = config.optional_string("topk_method").value_or("") == "noaux_tc";

    ParamCount attention;
    if (q_lora_rank) {
        attention.linear(hidden, *q_lora_rank, bias);  // q_a_proj
        attention.norm(*q_lora_rank);                  // q_a_layernorm
        attention.linear(*q_lora_rank, mul(heads, qk_dim));
    } else {
        attention.linear(hidden, mul(heads, qk_dim));  // q_proj
    }
    attention.linear(hidden, kv_lora_rank + rope_dim, bias);       // kv_a_proj_with_mqa
    attention.norm(kv_lora_rank);                                  // kv_a_layernorm
    attention.linear(kv_lora_rank, mul(heads, nope_dim + v_dim));  // kv_b_proj
    attention.linear(mul(heads, v_dim), hidden, bias);             // o_proj
    attention.norm(hidden);
    attention.norm(hidden);

    auto mlp = [&](std::uint64_t width) {
        ParamCount count;
        count.linear(hidden, width);
        count.linear(hidden, width);
        count.linear(width, hidden);
        return count;
    };

    ParamCount total;
    std::uint64_t inactive = 0;
    std::uint64_t experts_per_token = 0;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);
    total.add_times(attention, layers);
    for (std::uint64_t i = 0; i < layers; ++i) {
        const bool sparse = routed > 0 && i >= first_dense && i % moe_frequency == 0;
        if (!sparse) {
            total.add_times(mlp(intermediate), 1);
            continue;
        }
        const std::uint64_t expert_width = config.positive("moe_intermediate_size");
        const std::uint64_t active = config.positive("num_experts_per_tok", routed);
        experts_per_token = active;
        const ParamCount expert = mlp(expert_width);
        total.add_times(expert, routed);
        total.add(mul(routed, hidden));  // gate
        if (correction_bias) total.add(routed);
        if (shared > 0) total.add_times(mlp(mul(expert_width, shared)), 1);
        inactive = checked_add(inactive, mul(expert.total(), routed - active), "parameter count");
    }

    ModelSpec model = counted_model(
        total.total(), inactive, {layers, hidden, heads, 1, kv_lora_rank + rope_dim, vocab, tied});
    model.routed_experts = experts_per_token > 0 ? routed : 0;
    model.experts_per_token = experts_per_token;
    model.kv_layers.push_back(
        KvLayerGroup{LayerKind::latent_attention, layers, 1, kv_lora_rank + rope_dim, 0, 0});
    const std::uint64_t mtp_layers = config.non_negative_or("num_nextn_predict_layers", 0);
    if (mtp_layers > 0) {
        model.notes.push_back("the checkpoint also stores " + std::to_string(mtp_layers) +
                              " multi-token-prediction layer(s) (num_nextn_predict_layers) that "
                              "inference without speculative decoding does not load; not counted");
    }
    return model;
}

}  // namespace llmsize::arch
