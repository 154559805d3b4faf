// Jamba (modeling_jamba.py): a hybrid of Mamba and attention layers with mixture-of-experts
// feed-forward layers. Only the attention layers hold a KV cache; each Mamba layer holds a fixed
// state per sequence: a convolution state of d_inner × (d_conv − 1) and an SSM state of
// d_inner × d_state (vLLM's MambaStateShapeCalculator layout).
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec jamba(const FieldReader& config) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", heads);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t intermediate = config.positive("intermediate_size");
    const std::uint64_t experts = config.positive_or("num_experts", 16);
    const std::uint64_t active = config.positive_or("num_experts_per_tok", 2, experts);
    const std::uint64_t attention_period = config.positive_or("attn_layer_period", 8);
    const std::uint64_t attention_offset = config.non_negative_or("attn_layer_offset", 4);
    const std::uint64_t expert_period = config.positive_or("expert_layer_period", 2);
    const std::uint64_t expert_offset = config.non_negative_or("expert_layer_offset", 1);
    const std::uint64_t d_state = config.positive_or("mamba_d_state", 16);
    const std::uint64_t d_conv = config.positive_or("mamba_d_conv", 4);
    const std::uint64_t expand = config.positive_or("mamba_expand", 2);
    const bool conv_bias = config.boolean_or("mamba_conv_bias", true);
    const bool proj_bias = config.boolean_or("mamba_proj_bias", false);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const std::uint64_t d_inner = mul(expand, hidden);
    std::uint64_t dt_rank = (hidden + 15) / 16;  // "auto": ceil(hidden_size / 16)
    if (const nlohmann::json* value = config.raw("mamba_dt_rank"); value && !value->is_string()) {
        dt_rank = config.positive("mamba_dt_rank");
    }

    ParamCount attention;
    attention.linear(hidden, mul(heads, head_dim));
    attention.linear(hidden, mul(kv_heads, head_dim));
    attention.linear(hidden, mul(kv_heads, head_dim));
    attention.linear(mul(heads, head_dim), hidden);

    const Mamba1Shape mixer{hidden, d_inner, d_state, d_conv, dt_rank, conv_bias, proj_bias};
    ParamCount mamba = mamba1_mixer(mixer);
    mamba.norm(dt_rank);  // dt_layernorm
    mamba.norm(d_state);  // b_layernorm
    mamba.norm(d_state);  // c_layernorm

    ParamCount expert;
    expert.linear(hidden, intermediate);
    expert.linear(hidden, intermediate);
    expert.linear(intermediate, hidden);

    ParamCount total;
    std::uint64_t attention_layers = 0;
    std::uint64_t inactive = 0;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);  // final_layernorm
    for (std::uint64_t i = 0; i < layers; ++i) {
        const bool is_attention = i % attention_period == attention_offset;
        attention_layers += is_attention ? 1 : 0;
        total.add_times(is_attention ? attention : mamba, 1);
        total.norm(hidden);  // input_layernorm
        total.norm(hidden);  // pre_ff_layernorm
        if (i % expert_period == expert_offset) {
            total.add_times(expert, experts);
            total.add(mul(hidden, experts));  // router
            inactive =
                checked_add(inactive, mul(expert.total(), experts - active), "parameter count");
        } else {
            total.add_times(expert, 1);
        }
    }

    ModelSpec model = counted_model(total.total(), inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.routed_experts = experts;
    model.experts_per_token = active;
    if (attention_layers > 0) {
        model.kv_layers.push_back(full_attention_layers(attention_layers, kv_heads, head_dim));
    }
    model.recurrent_layers = layers - attention_layers;
    model.recurrent_state_elements_per_layer = mamba1_state_elements(mixer);
    return model;
}

}  // namespace llmsize::arch
