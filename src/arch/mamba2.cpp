// Mamba-2 and the hybrids built on its mixer (the block is mamba2_mixer in common.cpp):
//   - mamba2 (modeling_mamba2.py, configuration_mamba2.py): attention-free; each layer an
//     RMSNorm and a Mamba-2 mixer, then norm_f. Absent keys take Mamba2Config's defaults.
//   - nemotron_h (modeling_nemotron_h.py, configuration_nemotron_h.py): one block per entry of
//     hybrid_override_pattern / layers_block_type ("M" Mamba-2, "*" attention, "-" a squared-ReLU
//     MLP of up_proj and down_proj), each an RMSNorm and its mixer; mamba_ssm_cache_dtype
//     (default float32) keeps the SSM state in float32.
//   - granitemoehybrid (Granite 4.0; modeling_granitemoehybrid.py): layer_types "mamba" /
//     "attention" (absent: attention only), each layer followed by
//     num_local_experts experts (input_linear hidden → 2 × intermediate_size, output_linear back,
//     a router without bias) and, when shared_intermediate_size > 0, a shared gated MLP.
//   - falcon_h1 (Falcon-H1; modular_falcon_h1.py, configuration_falcon_h1.py): every layer runs
//     a Mamba-2 mixer (FalconH1Mixer) and Llama attention side by side after input_layernorm,
//     then pre_ff_layernorm and a SwiGLU MLP. The mixer's inner width is mamba_d_ssm (absent:
//     1024; null: mamba_expand × hidden_size), its in_proj bias follows mamba_proj_bias, its
//     out_proj bias projectors_bias, its gated RMSNorm mamba_rms_norm. head_dim absent is
//     hidden_size / num_attention_heads. The mup_vector buffer is not persistent: no weights.
// Attention layers alone hold a KV cache; each Mamba-2 layer keeps a conv and an SSM state per
// sequence (vLLM MambaStateShapeCalculator.mamba2_state_shape).
#include <algorithm>
#include <array>

#include "architectures.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

namespace llmsize::arch {

namespace {

// The model's layers by kind, plus what they need to become a ModelSpec.
struct HybridCount {
    ParamCount total;
    std::uint64_t inactive = 0;
    std::uint64_t attention_layers = 0;
    std::uint64_t mamba_layers = 0;
};

void add_mamba_state(ModelSpec& model, const HybridCount& count, const Mamba2Shape& mixer,
                     bool float32_ssm) {
    model.recurrent_layers = count.mamba_layers;
    if (count.mamba_layers == 0) return;
    const std::uint64_t ssm = mamba2_ssm_state_elements(mixer);
    model.recurrent_state_elements_per_layer =
        checked_add(mamba2_conv_state_elements(mixer), ssm, "state size");
    if (float32_ssm) model.recurrent_float32_elements_per_layer = ssm;
}

}  // namespace

ModelSpec mamba2(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 4096);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 64);
    const std::uint64_t vocab = config.positive_or("vocab_size", 32768);
    const std::uint64_t heads = config.positive_or("num_heads", 128);
    const std::uint64_t head_dim = config.positive_or("head_dim", 64);
    const std::uint64_t expand = config.positive_or("expand", 2);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    (void)config.raw("time_step_rank");  // Mamba-2 keeps one dt per head: no dt_proj weights
    if (mul(expand, hidden) != mul(heads, head_dim)) {
        config.fail("num_heads", "(" + std::to_string(heads) + ") × 'head_dim' (" +
                                     std::to_string(head_dim) + ") must equal 'expand' × " +
                                     "'hidden_size' (" + std::to_string(mul(expand, hidden)) +
                                     "), the mixer's inner width");
    }
    const Mamba2Shape mixer{hidden,
                            heads,
                            head_dim,
                            config.positive_or("n_groups", 8),
                            config.positive_or("state_size", 128),
                            config.positive_or("conv_kernel", 4),
                            config.boolean_or("use_conv_bias", true),
                            config.boolean_or("use_bias", false)};
    HybridCount count;
    ParamCount layer = mamba2_mixer(mixer);
    layer.norm(hidden);
    count.total.add(mul(vocab, hidden));
    if (!tied) count.total.add(mul(vocab, hidden));
    count.total.add_times(layer, layers);
    count.total.norm(hidden);  // norm_f
    count.mamba_layers = layers;

    ModelSpec model = counted_model(count.total.total(), 0, {layers, hidden, 0, 0, 0, vocab, tied});
    add_mamba_state(model, count, mixer, float32_ssm_state(config));
    return model;
}

ModelSpec nemotron_h(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 4096);
    const std::uint64_t vocab = config.positive_or("vocab_size", 131072);
    const std::uint64_t heads = config.positive_or("num_attention_heads", 32);
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", heads);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim = config.positive_or("head_dim", 128);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const bool attention_bias = config.boolean_or("attention_bias", false);
    const bool mlp_bias = config.boolean_or("mlp_bias", false);
    if (config.boolean_or("mamba_proj_bias", false)) {
        config.fail("mamba_proj_bias",
                    "is true; llmsize does not count Mamba projection biases "
                    "for nemotron_h");
    }
    // Older configs name the Mamba keys with a mamba_ prefix (NemotronHConfig.__post_init__).
    const auto either = [&](std::string_view key, std::string_view legacy, std::uint64_t value) {
        return config.has(legacy) ? config.positive(legacy) : config.positive_or(key, value);
    };
    const Mamba2Shape mixer{hidden,
                            config.positive_or("mamba_num_heads", 128),
                            config.positive_or("mamba_head_dim", 64),
                            either("n_groups", "mamba_n_groups", 8),
                            config.positive_or("ssm_state_size", 128),
                            either("conv_kernel", "mamba_d_conv", 4),
                            config.has("mamba_conv_bias")
                                ? config.boolean_or("mamba_conv_bias", true)
                                : config.boolean_or("use_conv_bias", true),
                            config.boolean_or("use_bias", false)};
    (void)config.raw("expand");  // the inner width is mamba_num_heads × mamba_head_dim
    (void)config.raw("mamba_expand");

    // Layer kinds: the pattern string, else layers_block_type (NemotronHConfig.__post_init__).
    std::vector<char> kinds;
    if (const std::optional<std::string> pattern =
            config.optional_string("hybrid_override_pattern")) {
        for (const char symbol : *pattern) {
            if (symbol != 'M' && symbol != '*' && symbol != '-') {
                config.fail("hybrid_override_pattern",
                            "holds " + quote_value(std::string(1, symbol)) +
                                "; llmsize counts Mamba-2 ('M'), attention ('*') and MLP ('-') "
                                "layers of nemotron_h, not mixture-of-experts ('E') layers");
            }
            kinds.push_back(symbol);
        }
    } else {
        const nlohmann::json* list = config.raw("layers_block_type");
        if (list == nullptr) {
            config.fail("hybrid_override_pattern",
                        "is missing (and so is 'layers_block_type'): the layer pattern decides "
                        "which layers hold a KV cache");
        }
        const std::uint64_t count = list->is_array() ? list->size() : 0;
        static constexpr std::array<std::string_view, 5> k_kinds{
            "linear_attention", "full_attention", "mlp", "mamba", "attention"};
        for (const std::string& kind :
             layer_kind_list(config, "layers_block_type", count == 0 ? 1 : count, k_kinds)) {
            kinds.push_back(kind == "mlp"                                     ? '-'
                            : kind == "full_attention" || kind == "attention" ? '*'
                                                                              : 'M');
        }
    }
    const std::uint64_t layers = kinds.size();
    if (layers == 0 || layers > k_max_layers)
        config.fail("hybrid_override_pattern", "must name between 1 and 65536 layers");
    (void)config.raw("num_hidden_layers");  // derived from the pattern
    // NemotronHConfig writes its expert defaults into every saved config; without "E" layers
    // they size nothing.
    for (const std::string_view key :
         {"n_routed_experts", "n_shared_experts", "moe_intermediate_size",
          "moe_shared_expert_intermediate_size", "num_experts_per_tok"})
        (void)config.raw(key);

    HybridCount count;
    const ParamCount mamba = mamba2_mixer(mixer);
    const ParamCount attention =
        attention_projections(hidden, heads, kv_heads, head_dim, attention_bias, attention_bias);
    ParamCount mlp;
    if (std::find(kinds.begin(), kinds.end(), '-') != kinds.end()) {
        const std::uint64_t intermediate = config.positive_or("intermediate_size", 21504);
        mlp.linear(hidden, intermediate, mlp_bias);  // up_proj
        mlp.linear(intermediate, hidden, mlp_bias);  // down_proj
    }
    count.total.add(mul(vocab, hidden));
    if (!tied) count.total.add(mul(vocab, hidden));
    count.total.norm(hidden);  // norm_f
    for (const char kind : kinds) {
        count.total.norm(hidden);  // the block's norm
        count.total.add_times(kind == 'M' ? mamba : kind == '*' ? attention : mlp, 1);
        count.attention_layers += kind == '*' ? 1 : 0;
        count.mamba_layers += kind == 'M' ? 1 : 0;
    }

    ModelSpec model = counted_model(count.total.total(), 0,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    if (count.attention_layers > 0) {
        model.kv_layers.push_back(
            full_attention_layers(count.attention_layers, kv_heads, head_dim));
    }
    add_mamba_state(model, count, mixer, float32_ssm_state(config, true));
    return model;
}

ModelSpec granite_moe_hybrid(const FieldReader& config) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", heads);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const bool bias = config.boolean_or("attention_bias", false);
    const std::uint64_t experts = config.non_negative_or("num_local_experts", 8);
    const std::uint64_t active =
        experts == 0 ? 0 : config.positive_or("num_experts_per_tok", 2, experts);
    const std::uint64_t shared_width = config.non_negative_or("shared_intermediate_size", 0);

    std::vector<std::string> kinds(layers, "attention");
    Mamba2Shape mixer;
    if (config.has("layer_types")) {
        static constexpr std::array<std::string_view, 2> k_kinds{"mamba", "attention"};
        kinds = layer_kind_list(config, "layer_types", layers, k_kinds);
        const std::uint64_t d_inner = mul(config.positive_or("mamba_expand", 2), hidden);
        const std::uint64_t mamba_heads = config.positive_or("mamba_n_heads", 128);
        std::uint64_t mamba_head_dim = d_inner / mamba_heads;  // mamba_d_head "auto"
        if (const nlohmann::json* value = config.raw("mamba_d_head"); value && !value->is_string())
            mamba_head_dim = config.positive("mamba_d_head");
        if (mul(mamba_heads, mamba_head_dim) != d_inner) {
            config.fail("mamba_n_heads", "(" + std::to_string(mamba_heads) +
                                             ") × 'mamba_d_head' (" +
                                             std::to_string(mamba_head_dim) +
                                             ") must equal 'mamba_expand' × 'hidden_size' (" +
                                             std::to_string(d_inner) + ")");
        }
        mixer = Mamba2Shape{hidden,
                            mamba_heads,
                            mamba_head_dim,
                            config.positive_or("mamba_n_groups", 1),
                            config.positive_or("mamba_d_state", 256),
                            config.positive_or("mamba_d_conv", 4),
                            config.boolean_or("mamba_conv_bias", true),
                            config.boolean_or("mamba_proj_bias", false)};
    }

    ParamCount feed_forward;
    ParamCount expert;
    if (experts > 0) {
        const std::uint64_t width = config.positive("intermediate_size");
        expert.add(mul(mul(hidden, width), 3));  // input_linear (2 × width) + output_linear
        feed_forward.add_times(expert, experts);
        feed_forward.add(mul(hidden, experts));  // router
    }
    if (shared_width > 0) feed_forward.add(mul(mul(hidden, shared_width), 3));  // shared_mlp

    HybridCount count;
    const ParamCount attention =
        attention_projections(hidden, heads, kv_heads, head_dim, bias, bias);
    const ParamCount mamba = kinds.empty() ? ParamCount{} : mamba2_mixer(mixer);
    count.total.add(mul(vocab, hidden));
    if (!tied) count.total.add(mul(vocab, hidden));
    count.total.norm(hidden);  // final norm
    for (const std::string& kind : kinds) {
        const bool is_attention = kind == "attention";
        count.total.add_times(is_attention ? attention : mamba, 1);
        count.total.norm(hidden);  // input_layernorm
        count.total.norm(hidden);  // post_attention_layernorm
        count.total.add_times(feed_forward, 1);
        count.attention_layers += is_attention ? 1 : 0;
        count.mamba_layers += is_attention ? 0 : 1;
    }
    count.inactive = checked_mul(expert.total(), experts - active, layers, "parameter count");

    ModelSpec model = counted_model(count.total.total(), count.inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.routed_experts = experts;  // the speed model reads only the experts a step touches
    model.experts_per_token = active;
    if (count.attention_layers > 0) {
        model.kv_layers.push_back(
            full_attention_layers(count.attention_layers, kv_heads, head_dim));
    }
    add_mamba_state(model, count, mixer, float32_ssm_state(config));
    return model;
}

ModelSpec falcon_h1(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 4096);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 32);
    const std::uint64_t vocab = config.positive_or("vocab_size", 128000);
    const std::uint64_t heads = config.positive_or("num_attention_heads", 32);
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", 8);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    const std::uint64_t intermediate = config.positive_or("intermediate_size", 14336);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const bool attention_bias = config.boolean_or("attention_bias", false);
    const bool mlp_bias = config.boolean_or("mlp_bias", false);

    const std::uint64_t d_ssm = config.is_null("mamba_d_ssm")
                                    ? mul(config.positive_or("mamba_expand", 2), hidden)
                                    : config.positive_or("mamba_d_ssm", 1024);
    (void)config.raw("mamba_expand");
    (void)config.raw("time_step_rank");  // one dt per head (dt_bias): no dt_proj weights
    const std::uint64_t mamba_heads = config.positive_or("mamba_n_heads", 128);
    std::uint64_t mamba_head_dim = d_ssm / mamba_heads;  // mamba_d_head "auto"
    if (const nlohmann::json* value = config.raw("mamba_d_head"); value && !value->is_string())
        mamba_head_dim = config.positive("mamba_d_head");
    if (mul(mamba_heads, mamba_head_dim) != d_ssm) {
        config.fail("mamba_n_heads", "(" + std::to_string(mamba_heads) + ") × 'mamba_d_head' (" +
                                         std::to_string(mamba_head_dim) +
                                         ") must equal the mixer's inner width 'mamba_d_ssm' (" +
                                         std::to_string(d_ssm) + ")");
    }
    const bool in_proj_bias = config.boolean_or("mamba_proj_bias", false);
    const bool out_proj_bias = config.boolean_or("projectors_bias", false);
    const Mamba2Shape mixer{hidden,
                            mamba_heads,
                            mamba_head_dim,
                            config.positive_or("mamba_n_groups", 1),
                            config.positive_or("mamba_d_state", 256),
                            config.positive_or("mamba_d_conv", 4),
                            config.boolean_or("mamba_conv_bias", true),
                            false,
                            config.boolean_or("mamba_rms_norm", false)};

    ParamCount layer = mamba2_mixer(mixer);
    if (in_proj_bias) {  // in_proj: d_ssm (gate) + conv channels + one dt per head
        layer.add(checked_add(mul(d_ssm, 2), mul(mul(mixer.groups, mixer.d_state), 2) + mamba_heads,
                              "parameter count"));
    }
    if (out_proj_bias) layer.add(hidden);
    layer.add_times(
        attention_projections(hidden, heads, kv_heads, head_dim, attention_bias, attention_bias),
        1);
    layer.add_times(gated_mlp(hidden, intermediate, mlp_bias), 1);
    layer.norm(hidden);  // input_layernorm
    layer.norm(hidden);  // pre_ff_layernorm

    HybridCount count;
    count.total.add(mul(vocab, hidden));
    if (!tied) count.total.add(mul(vocab, hidden));
    count.total.norm(hidden);  // final_layernorm
    count.total.add_times(layer, layers);
    count.attention_layers = layers;
    count.mamba_layers = layers;

    ModelSpec model = counted_model(count.total.total(), 0,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.kv_layers.push_back(full_attention_layers(layers, kv_heads, head_dim));
    add_mamba_state(model, count, mixer, float32_ssm_state(config));
    return model;
}

}  // namespace llmsize::arch
