// GLM-4.5 / GLM-4.6 (transformers models/glm4_moe: modeling_glm4_moe.py,
// configuration_glm4_moe.py): grouped-query attention with q/k/v biases when attention_bias
// (o_proj never), optional per-head q/k norms (use_qk_norm), the first first_k_dense_replace
// layers dense, the rest a mixture of n_routed_experts experts of moe_intermediate_size with a
// router that keeps a score-correction bias per expert, and n_shared_experts shared experts as
// one MLP of n_shared_experts × moe_intermediate_size. Absent keys take Glm4MoeConfig's
// defaults (the GLM-4.5-Air shape). Checkpoints also store num_nextn_predict_layers
// multi-token-prediction layers, each a full MoE layer with its own copy of the embeddings and
// output head, which transformers does not load: not counted.
#include <algorithm>

#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec glm4_moe(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 4096);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 46);
    const std::uint64_t heads = config.positive_or("num_attention_heads", 96);
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", 8);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim = config.positive_or("head_dim", 128);
    const std::uint64_t vocab = config.positive_or("vocab_size", 151552);
    const std::uint64_t intermediate = config.positive_or("intermediate_size", 10944);
    const std::uint64_t expert_width = config.positive_or("moe_intermediate_size", 1408);
    const std::uint64_t routed = config.non_negative_or("n_routed_experts", 128);
    const std::uint64_t shared = config.non_negative_or("n_shared_experts", 1);
    const std::uint64_t active =
        routed == 0 ? 0 : config.positive_or("num_experts_per_tok", 8, routed);
    const std::uint64_t first_dense = config.non_negative_or("first_k_dense_replace", 1);
    const bool bias = config.boolean_or("attention_bias", false);
    const bool qk_norm = config.boolean_or("use_qk_norm", false);
    const bool tied = config.boolean_or("tie_word_embeddings", false);

    ParamCount layer = attention_projections(hidden, heads, kv_heads, head_dim, bias, false);
    if (qk_norm) {
        layer.norm(head_dim);  // q_norm
        layer.norm(head_dim);  // k_norm
    }
    layer.norm(hidden);  // input_layernorm
    layer.norm(hidden);  // post_attention_layernorm

    const ParamCount expert = gated_mlp(hidden, expert_width);
    ParamCount moe;
    moe.add_times(expert, routed);
    moe.add(mul(routed, hidden));  // router weight
    moe.add(routed);               // e_score_correction_bias
    if (shared > 0) moe.add_times(gated_mlp(hidden, mul(expert_width, shared)), 1);

    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);  // final norm
    total.add_times(layer, layers);
    const std::uint64_t dense_layers = routed == 0 ? layers : std::min(first_dense, layers);
    total.add_times(gated_mlp(hidden, intermediate), dense_layers);
    total.add_times(moe, layers - dense_layers);
    const std::uint64_t inactive =
        checked_mul(expert.total(), routed - active, layers - dense_layers, "parameter count");

    ModelSpec model = counted_model(total.total(), inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.routed_experts = routed;  // the speed model reads only the experts a step touches
    model.experts_per_token = active;
    model.kv_layers.push_back(full_attention_layers(layers, kv_heads, head_dim));
    const std::uint64_t mtp_layers = config.non_negative_or("num_nextn_predict_layers", 0);
    if (mtp_layers > 0) {
        model.notes.push_back("the checkpoint also stores " + std::to_string(mtp_layers) +
                              " multi-token-prediction layer(s) (num_nextn_predict_layers) that "
                              "inference without speculative decoding does not load; not counted");
    }
    return model;
}

}  // namespace llmsize::arch
