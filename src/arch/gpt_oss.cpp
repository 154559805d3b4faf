// gpt-oss (transformers models/gpt_oss: modeling_gpt_oss.py, configuration_gpt_oss.py): every
// layer is attention with q/k/v/o biases and one learned sink logit per head, then a mixture of
// experts whose router and experts carry biases (gate_up_proj [E, hidden, 2 × intermediate] +
// bias, down_proj [E, intermediate, hidden] + bias). layer_types alternates sliding-window (even
// layers) and full attention. Absent keys take GptOssConfig's defaults (the 120b shape). The
// MXFP4 quantization_config stores only the experts' weight matrices at 4.25 bits
// (expert_weight_parameters); everything else stays bf16.
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec gpt_oss(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 2880);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 36);
    const std::uint64_t heads = config.positive_or("num_attention_heads", 64);
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", heads);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim = config.positive_or("head_dim", 64);
    const std::uint64_t vocab = config.positive_or("vocab_size", 201088);
    const std::uint64_t intermediate = config.positive_or("intermediate_size", 2880);
    const std::uint64_t experts = config.positive_or("num_local_experts", 128);
    const std::uint64_t active = config.positive_or("num_experts_per_tok", 4, experts);
    const bool bias = config.boolean_or("attention_bias", true);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const std::optional<std::uint64_t> window = config.has("sliding_window")
                                                    ? config.optional_positive("sliding_window")
                                                    : std::optional<std::uint64_t>{128};

    ParamCount attention;
    attention.linear(hidden, mul(heads, head_dim), bias);     // q_proj
    attention.linear(hidden, mul(kv_heads, head_dim), bias);  // k_proj
    attention.linear(hidden, mul(kv_heads, head_dim), bias);  // v_proj
    attention.linear(mul(heads, head_dim), hidden, bias);     // o_proj
    attention.add(heads);                                     // sinks
    attention.norm(hidden);                                   // input_layernorm
    attention.norm(hidden);                                   // post_attention_layernorm

    const std::uint64_t expert_matrices = mul(mul(hidden, intermediate), 3);
    ParamCount expert;
    expert.add(expert_matrices);                // gate_up_proj, down_proj
    expert.add(mul(intermediate, 2) + hidden);  // gate_up_proj_bias, down_proj_bias
    ParamCount layer = attention;
    layer.add_times(expert, experts);
    layer.linear(hidden, experts, true);  // router

    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);
    total.add_times(layer, layers);
    const std::uint64_t inactive =
        checked_mul(expert.total(), experts - active, layers, "parameter count");

    ModelSpec model = counted_model(total.total(), inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.expert_weight_parameters =
        checked_mul(expert_matrices, experts, layers, "parameter count");
    model.routed_experts = experts;
    model.experts_per_token = active;

    // Sliding layers: "layer_types" when given, else even layers (GptOssConfig.__post_init__).
    std::uint64_t sliding = 0;
    if (const nlohmann::json* types = config.raw("layer_types")) {
        if (!types->is_array() || types->size() != layers) {
            config.fail("layer_types", "must be an array of " + std::to_string(layers) +
                                           " layer kinds (one per layer), " +
                                           describe_json_value(*types));
        }
        for (const nlohmann::json& type : *types) {
            if (!type.is_string())
                config.fail("layer_types", "must hold strings, " + describe_json_value(type));
            sliding += type == "sliding_attention" ? 1 : 0;
        }
    } else {
        sliding = (layers + 1) / 2;
    }
    if (!window) sliding = 0;
    add_attention_layers(model, layers, sliding, sliding > 0 ? *window : 0, kv_heads, head_dim);
    return model;
}

}  // namespace llmsize::arch
