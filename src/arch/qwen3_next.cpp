// Qwen3-Next (transformers models/qwen3_next: modeling_qwen3_next.py, configuration_qwen3_next.py):
// a hybrid of gated DeltaNet (linear attention) layers and gated full-attention layers, every
// layer followed by a mixture of experts with a gated shared expert.
//   - layer_types: "full_attention" every full_attention_interval-th layer (default 4), the rest
//     "linear_attention" (Qwen3NextConfig.__init__).
//   - Gated attention: q_proj emits a query and an output gate (2 × heads × head_dim), k/v as
//     usual, o_proj, per-head q_norm and k_norm.
//   - Gated DeltaNet: in_proj_qkvz hidden → 2 × key_dim + 2 × value_dim, in_proj_ba hidden → 2 ×
//     v heads, a depthwise conv1d (no bias) over 2 × key_dim + value_dim channels, dt_bias and
//     A_log per v head, a gated RMSNorm over the v head dim, out_proj value_dim → hidden.
//   - Sparse MoE block: router hidden → experts, experts of moe_intermediate_size, a shared
//     expert of shared_expert_intermediate_size and its gate hidden → 1.
// Only the full-attention layers hold a KV cache. Each linear-attention layer holds a fixed state
// per sequence (vLLM MambaStateShapeCalculator.gated_delta_net_state_shape): a conv state of
// (kernel − 1) × (2 × key_dim + value_dim) and a recurrent state of v heads × k head dim × v head
// dim. The published checkpoints also store one multi-token-prediction layer (mtp.*), which
// transformers does not load and vLLM loads only for speculative decoding: not counted.
#include <algorithm>
#include <array>
#include <set>

#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec gated_delta_net_hybrid(const FieldReader& config, std::string_view family) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 2048);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 48);
    const std::uint64_t heads = config.positive_or("num_attention_heads", 16);
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", 2);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim = config.positive_or("head_dim", 256);
    const std::uint64_t vocab = config.positive_or("vocab_size", 151936);
    const bool bias = config.boolean_or("attention_bias", false);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const std::uint64_t kernel = config.positive_or("linear_conv_kernel_dim", 4);
    const std::uint64_t key_head_dim = config.positive_or("linear_key_head_dim", 128);
    const std::uint64_t value_head_dim = config.positive_or("linear_value_head_dim", 128);
    const std::uint64_t key_heads = config.positive_or("linear_num_key_heads", 16);
    const std::uint64_t value_heads = config.positive_or("linear_num_value_heads", 32);
    const std::uint64_t experts = config.non_negative_or("num_experts", 512);
    const std::uint64_t active =
        experts == 0 ? 0 : config.positive_or("num_experts_per_tok", 10, experts);
    const std::uint64_t step = config.positive_or("decoder_sparse_step", 1);
    const std::uint64_t expert_width = config.positive_or("moe_intermediate_size", 512);
    const std::uint64_t shared_width =
        config.non_negative_or("shared_expert_intermediate_size", 512);

    std::vector<std::string> kinds;
    if (config.has("layer_types")) {
        static constexpr std::array<std::string_view, 2> k_kinds{"full_attention",
                                                                 "linear_attention"};
        kinds = layer_kind_list(config, "layer_types", layers, k_kinds);
    } else {
        const std::uint64_t interval = config.positive_or("full_attention_interval", 4);
        for (std::uint64_t i = 0; i < layers; ++i)
            kinds.push_back((i + 1) % interval == 0 ? "full_attention" : "linear_attention");
    }
    std::set<std::uint64_t> dense_only;
    if (const nlohmann::json* list = config.raw("mlp_only_layers")) {
        if (!list->is_array())
            config.fail("mlp_only_layers",
                        "must be an array of layer indices, " + describe_json_value(*list));
        for (const nlohmann::json& index : *list) {
            if (!index.is_number_unsigned())
                config.fail("mlp_only_layers",
                            "must hold layer indices, " + describe_json_value(index));
            dense_only.insert(index.get<std::uint64_t>());
        }
    }

    ParamCount attention;                                          // gated attention
    attention.linear(hidden, mul(mul(heads, head_dim), 2), bias);  // q_proj: query and gate
    attention.linear(hidden, mul(kv_heads, head_dim), bias);       // k_proj
    attention.linear(hidden, mul(kv_heads, head_dim), bias);       // v_proj
    attention.linear(mul(heads, head_dim), hidden, bias);          // o_proj
    attention.norm(head_dim);                                      // q_norm
    attention.norm(head_dim);                                      // k_norm

    const std::uint64_t key_dim = mul(key_heads, key_head_dim);
    const std::uint64_t value_dim = mul(value_heads, value_head_dim);
    const std::uint64_t conv_channels = checked_add(mul(key_dim, 2), value_dim, "parameter count");
    ParamCount delta_net;
    delta_net.linear(hidden, checked_add(mul(key_dim, 2), mul(value_dim, 2), "parameter count"));
    delta_net.linear(hidden, mul(value_heads, 2));  // in_proj_ba
    delta_net.add(mul(conv_channels, kernel));      // conv1d, no bias
    delta_net.add(mul(value_heads, 2));             // dt_bias, A_log
    delta_net.norm(value_head_dim);                 // norm (gated RMSNorm)
    delta_net.linear(value_dim, hidden);            // out_proj

    ParamCount total;
    std::uint64_t inactive = 0;
    std::uint64_t attention_layers = 0;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);  // final norm
    for (std::uint64_t i = 0; i < layers; ++i) {
        const bool full = kinds[i] == "full_attention";
        attention_layers += full ? 1 : 0;
        total.add_times(full ? attention : delta_net, 1);
        total.norm(hidden);  // input_layernorm
        total.norm(hidden);  // post_attention_layernorm
        const bool sparse = experts > 0 && !dense_only.contains(i) && (i + 1) % step == 0;
        if (!sparse) {
            total.add_times(gated_mlp(hidden, config.positive("intermediate_size")), 1);
            continue;
        }
        const ParamCount expert = gated_mlp(hidden, expert_width);
        total.add_times(expert, experts);
        total.add(mul(hidden, experts));  // router
        inactive = checked_add(inactive, mul(expert.total(), experts - active), "parameter count");
        if (shared_width > 0) {
            total.add_times(gated_mlp(hidden, shared_width), 1);
            total.add(hidden);  // shared_expert_gate: hidden → 1
        }
    }

    ModelSpec model = counted_model(total.total(), inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.routed_experts = experts;  // the speed model reads only the experts a step touches
    model.experts_per_token = active;
    if (attention_layers > 0)
        model.kv_layers.push_back(full_attention_layers(attention_layers, kv_heads, head_dim));
    model.recurrent_layers = layers - attention_layers;
    const std::uint64_t recurrent = mul(mul(value_heads, key_head_dim), value_head_dim);
    model.recurrent_state_elements_per_layer =
        checked_add(mul(conv_channels, kernel - 1), recurrent, "state size");
    if (float32_ssm_state(config)) model.recurrent_float32_elements_per_layer = recurrent;
    model.notes.push_back(std::string(family) +
                          " checkpoints also store a multi-token-prediction layer (mtp.*) that "
                          "inference without speculative decoding does not load; not counted");
    return model;
}

ModelSpec qwen3_next(const FieldReader& config) {
    return gated_delta_net_hybrid(config, "Qwen3-Next");
}

}  // namespace llmsize::arch
