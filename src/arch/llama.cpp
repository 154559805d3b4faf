// Llama and the families that share its decoder layer. Their differences — biases, norms, MoE
// layout, sliding-window rules, defaults — are one row each of k_traits below, named after the
// HuggingFace transformers modeling code each row follows.
#include <algorithm>
#include <array>
#include <set>

#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

namespace {

enum class Sliding {
    layer_types_only,  // llama, gemma: windowed only where "layer_types" says so
    all_layers,        // mistral, mixtral, phi3, starcoder2: every layer when sliding_window is set
    qwen,              // qwen2/3: when use_sliding_window, the layers from max_window_layers on
    alternate,         // gemma2: even layers sliding, odd layers global
    pattern,           // gemma3: every sliding_window_pattern-th layer global, the rest sliding
};

enum class QkNorm {
    none,
    per_head,      // RMSNorm over head_dim on q and k (qwen3, gemma3)
    whole,         // RMSNorm over the whole q and k projections (olmo2, olmo3, olmoe)
    qk_layernorm,  // when "qk_layernorm": a LayerNorm without bias per head, which holds as
                   // many weights as "whole" (stablelm's StableLmLayerPerHeadNorm)
    use_qk_norm,   // when "use_qk_norm": a [heads, head_dim] and a [kv_heads, head_dim] LayerNorm
                   // weight without bias, as many as "whole" (cohere's CohereLayerNorm)
};

enum class Moe {
    none,
    olmoe,    // num_experts (default 64) experts of intermediate_size in every layer, top
              // num_experts_per_tok (default 8), router without bias (modeling_olmoe.py)
    mixtral,  // num_local_experts experts of intermediate_size in every layer
    qwen,     // num_experts of moe_intermediate_size, decoder_sparse_step, mlp_only_layers,
              // optional shared expert with a sigmoid gate (qwen2_moe)
};

enum class Bias {
    none,            // never (mistral, mixtral, phi3)
    attention_bias,  // q, k, v and o follow "attention_bias" (llama, qwen3, gemma)
    qkv_only,        // q, k, v follow "qkv_bias" (default true), o never (qwen2, qwen2_moe)
    use_bias,        // every linear layer follows "use_bias" (default true) (starcoder2)
    use_qkv_bias,    // q, k, v follow "use_qkv_bias" (default false), o never (stablelm)
    attention_only,  // q, k, v and o follow "attention_bias"; experts never (granitemoe)
    attention_qkv,   // q, k, v follow "attention_bias" (default true), o never (glm, glm4)
};

struct Traits {
    std::string_view model_type;
    bool tie_default;
    Bias bias;
    bool gated_mlp;
    bool layer_norm_bias;  // LayerNorm with bias instead of RMSNorm (starcoder2)
    unsigned norms_per_layer;
    QkNorm qk_norm;
    std::uint64_t head_dim_default;  // 0: hidden / heads
    Sliding sliding;
    Moe moe;
    // "use_parallel_residual" (default false) drops post_attention_layernorm (stablelm).
    bool parallel_residual_key = false;
    // Sliding::pattern: every sliding_window_pattern-th layer global when the key is absent.
    std::uint64_t sliding_pattern_default = 6;
    // "lm_head_bias" (default false) adds a bias to the output layer (phimoe).
    bool lm_head_bias_key = false;
    // num_key_value_heads when the key is absent; 0: num_attention_heads.
    std::uint64_t kv_heads_default = 0;
};

constexpr std::array k_traits{
    // model_type     tie    bias                 gated  LNbias norms qk_norm hd   sliding  moe
    Traits{"llama", false, Bias::attention_bias, true, false, 2, QkNorm::none, 0,
           Sliding::layer_types_only, Moe::none},
    Traits{"mistral", false, Bias::none, true, false, 2, QkNorm::none, 0, Sliding::all_layers,
           Moe::none},
    Traits{"mixtral", false, Bias::none, true, false, 2, QkNorm::none, 0, Sliding::all_layers,
           Moe::mixtral},
    Traits{"qwen2", false, Bias::qkv_only, true, false, 2, QkNorm::none, 0, Sliding::qwen,
           Moe::none},
    Traits{"qwen2_moe", false, Bias::qkv_only, true, false, 2, QkNorm::none, 0, Sliding::qwen,
           Moe::qwen},
    Traits{"qwen3", false, Bias::attention_bias, true, false, 2, QkNorm::per_head, 0, Sliding::qwen,
           Moe::none},
    Traits{"qwen3_moe", false, Bias::attention_bias, true, false, 2, QkNorm::per_head, 0,
           Sliding::qwen, Moe::qwen},
    Traits{"gemma", true, Bias::attention_bias, true, false, 2, QkNorm::none, 256,
           Sliding::layer_types_only, Moe::none},
    Traits{"gemma2", true, Bias::attention_bias, true, false, 4, QkNorm::none, 256,
           Sliding::alternate, Moe::none},
    Traits{"gemma3_text", true, Bias::attention_bias, true, false, 4, QkNorm::per_head, 256,
           Sliding::pattern, Moe::none},
    Traits{"phi3", false, Bias::none, true, false, 2, QkNorm::none, 0, Sliding::all_layers,
           Moe::none},
    Traits{"starcoder2", true, Bias::use_bias, false, true, 2, QkNorm::none, 0, Sliding::all_layers,
           Moe::none},
    // modeling_stablelm.py: LayerNorms with biases, optional q/k/v biases and per-head q/k
    // norms, and a parallel residual with a single norm per layer.
    Traits{"stablelm", false, Bias::use_qkv_bias, true, true, 2, QkNorm::qk_layernorm, 0,
           Sliding::layer_types_only, Moe::none, true},
    // modeling_granite.py: Llama's layer; its embedding, residual, attention and logits
    // multipliers scale activations, not weights.
    Traits{"granite", false, Bias::attention_bias, true, false, 2, QkNorm::none, 0,
           Sliding::layer_types_only, Moe::none},
    // modeling_olmo2.py / modeling_olmo3.py: norms after attention and after the MLP (2 per
    // layer), q_norm over heads × head_dim and k_norm over kv_heads × head_dim.
    Traits{"olmo2", false, Bias::attention_bias, true, false, 2, QkNorm::whole, 0,
           Sliding::layer_types_only, Moe::none},
    Traits{"olmo3", false, Bias::attention_bias, true, false, 2, QkNorm::whole, 0,
           Sliding::layer_types_only, Moe::none},
    Traits{"olmoe", false, Bias::attention_bias, true, false, 2, QkNorm::whole, 0,
           Sliding::layer_types_only, Moe::olmoe},
    // modeling_cohere.py / modeling_cohere2.py: attention and the MLP side by side after one
    // LayerNorm without bias per layer, tied embeddings, optional per-head q/k LayerNorms;
    // cohere2 keeps a window on three layers of four (sliding_window_pattern 4), the fourth
    // global without rotary embeddings.
    Traits{"cohere", true, Bias::attention_bias, true, false, 1, QkNorm::use_qk_norm, 0,
           Sliding::layer_types_only, Moe::none},
    Traits{"cohere2", true, Bias::attention_bias, true, false, 1, QkNorm::use_qk_norm, 0,
           Sliding::pattern, Moe::none, false, 4},
    // modeling_phimoe.py: Mixtral's experts and router behind LayerNorms with biases, q/k/v/o
    // biases when attention_bias, and a bias on lm_head when lm_head_bias.
    Traits{"phimoe", false, Bias::attention_bias, true, true, 2, QkNorm::none, 0,
           Sliding::all_layers, Moe::mixtral, false, 6, true},
    // modeling_granitemoe.py / modular_granitemoe.py: Granite's attention (LlamaAttention, q/k/v/o
    // biases when attention_bias) and Mixtral's layer, whose MoE is JetMoe's: per expert an
    // input_linear hidden → 2 × intermediate_size and an output_linear back, without biases
    // (Mixtral's three matrices), and a router hidden → num_local_experts without bias.
    Traits{"granitemoe", false, Bias::attention_only, true, false, 2, QkNorm::none, 0,
           Sliding::layer_types_only, Moe::mixtral},
    // modeling_glm.py / modular_glm4.py (GLM-4-9B converted; the GLM-4-0414 series): Granite's
    // attention with q/k/v biases when attention_bias (default true) and o_proj without,
    // head_dim 128 and 2 KV heads when absent, Phi-3's MLP (a fused gate_up_proj, no biases).
    // glm has Llama's two norms per layer; glm4 adds post_self_attn_layernorm and
    // post_mlp_layernorm (4). Partial rotary embeddings change no weight.
    Traits{"glm", false, Bias::attention_qkv, true, false, 2, QkNorm::none, 128,
           Sliding::layer_types_only, Moe::none, false, 6, false, 2},
    Traits{"glm4", false, Bias::attention_qkv, true, false, 4, QkNorm::none, 128,
           Sliding::layer_types_only, Moe::none, false, 6, false, 2},
};

// Which layers keep only a window of tokens; returns one flag per layer.
std::vector<bool> sliding_layers(const FieldReader& config, const Traits& traits,
                                 std::uint64_t layers, std::optional<std::uint64_t> window) {
    std::vector<bool> sliding(layers, false);
    if (!window) return sliding;
    if (const nlohmann::json* types = config.raw("layer_types")) {
        if (!types->is_array() || types->size() != layers) {
            config.fail("layer_types", "must be an array of " + std::to_string(layers) +
                                           " layer kinds (one per layer), " +
                                           describe_json_value(*types));
        }
        for (std::size_t i = 0; i < types->size(); ++i) {
            const nlohmann::json& type = (*types)[i];
            if (!type.is_string()) {
                config.fail("layer_types", "must hold strings, " + describe_json_value(type));
            }
            sliding[i] = type.get<std::string>() == "sliding_attention";
        }
        return sliding;
    }
    switch (traits.sliding) {
        case Sliding::layer_types_only:
            break;
        case Sliding::all_layers:
            std::fill(sliding.begin(), sliding.end(), true);
            break;
        case Sliding::qwen: {
            const std::uint64_t first = config.non_negative_or("max_window_layers", layers);
            for (std::uint64_t i = first; i < layers; ++i)
                sliding[i] = true;
            break;
        }
        case Sliding::alternate:
            for (std::uint64_t i = 0; i < layers; i += 2)
                sliding[i] = true;
            break;
        case Sliding::pattern: {
            const std::uint64_t period =
                config.positive_or("sliding_window_pattern", traits.sliding_pattern_default);
            for (std::uint64_t i = 0; i < layers; ++i)
                sliding[i] = (i + 1) % period != 0;
            break;
        }
    }
    return sliding;
}

// The sliding window in tokens, or nullopt when the config disables or lacks it.
std::optional<std::uint64_t> sliding_window(const FieldReader& config, const Traits& traits) {
    const bool enabled = config.boolean_or("use_sliding_window", traits.sliding != Sliding::qwen);
    if (!enabled) {
        (void)config.raw("sliding_window");
        return std::nullopt;
    }
    return config.optional_positive("sliding_window");
}

ModelSpec llama_like(const FieldReader& config, const Traits& traits) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t kv_heads = config.positive_or(
        "num_key_value_heads", traits.kv_heads_default != 0 ? traits.kv_heads_default : heads);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    std::uint64_t head_dim = 0;
    if (traits.head_dim_default != 0 && !config.has("head_dim")) {
        head_dim = traits.head_dim_default;
    } else {
        head_dim = head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    }
    const std::uint64_t vocab = config.positive("vocab_size");
    const bool tied = config.boolean_or("tie_word_embeddings", traits.tie_default);

    bool qkv_bias = false;
    bool o_bias = false;
    bool mlp_bias = false;
    switch (traits.bias) {
        case Bias::none:
            break;
        case Bias::attention_bias:
            qkv_bias = o_bias = config.boolean_or("attention_bias", false);
            mlp_bias = config.boolean_or("mlp_bias", false);
            break;
        case Bias::qkv_only:
            qkv_bias = config.boolean_or("qkv_bias", true);
            break;
        case Bias::use_bias:
            qkv_bias = o_bias = mlp_bias = config.boolean_or("use_bias", true);
            break;
        case Bias::use_qkv_bias:
            qkv_bias = config.boolean_or("use_qkv_bias", false);
            break;
        case Bias::attention_only:
            qkv_bias = o_bias = config.boolean_or("attention_bias", false);
            break;
        case Bias::attention_qkv:
            qkv_bias = config.boolean_or("attention_bias", true);
            break;
    }

    ParamCount attention;
    attention.linear(hidden, mul(heads, head_dim), qkv_bias);
    attention.linear(hidden, mul(kv_heads, head_dim), qkv_bias);
    attention.linear(hidden, mul(kv_heads, head_dim), qkv_bias);
    attention.linear(mul(heads, head_dim), hidden, o_bias);
    if (traits.qk_norm == QkNorm::per_head) {
        attention.norm(head_dim);
        attention.norm(head_dim);
    } else if (traits.qk_norm == QkNorm::whole ||
               (traits.qk_norm == QkNorm::qk_layernorm &&
                config.boolean_or("qk_layernorm", false)) ||
               (traits.qk_norm == QkNorm::use_qk_norm && config.boolean_or("use_qk_norm", false))) {
        attention.norm(mul(heads, head_dim));
        attention.norm(mul(kv_heads, head_dim));
    }
    ParamCount norms;
    const bool parallel =
        traits.parallel_residual_key && config.boolean_or("use_parallel_residual", false);
    for (unsigned i = 0; i < (parallel ? 1 : traits.norms_per_layer); ++i)
        norms.norm(hidden, traits.layer_norm_bias);

    auto mlp = [&](std::uint64_t intermediate) {
        ParamCount count;
        if (traits.gated_mlp) count.linear(hidden, intermediate, mlp_bias);
        count.linear(hidden, intermediate, mlp_bias);
        count.linear(intermediate, hidden, mlp_bias);
        return count;
    };

    ParamCount total;
    std::uint64_t inactive = 0;  // expert parameters a token does not use
    std::uint64_t moe_width = 0;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    if (traits.lm_head_bias_key && config.boolean_or("lm_head_bias", false)) total.add(vocab);
    total.norm(hidden, traits.layer_norm_bias);
    total.add_times(attention, layers);
    total.add_times(norms, layers);

    std::uint64_t routed_experts = 0;
    std::uint64_t experts_per_token = 0;
    if (traits.moe == Moe::none) {
        total.add_times(mlp(config.positive("intermediate_size")), layers);
    } else if (traits.moe == Moe::mixtral || traits.moe == Moe::olmoe) {
        const bool olmoe = traits.moe == Moe::olmoe;
        const std::uint64_t experts =
            olmoe ? config.positive_or("num_experts", 64) : config.positive("num_local_experts");
        const std::uint64_t active = olmoe ? config.positive_or("num_experts_per_tok", 8, experts)
                                           : config.positive("num_experts_per_tok", experts);
        const ParamCount expert = mlp(config.positive("intermediate_size"));
        moe_width = config.positive("intermediate_size");
        total.add_times(expert, mul(experts, layers));
        total.add(mul(mul(hidden, experts), layers));  // router
        inactive = checked_mul(expert.total(), experts - active, layers, "parameter count");
        routed_experts = experts;
        experts_per_token = active;
    } else {
        const std::uint64_t experts = config.non_negative_or("num_experts", 0);
        const std::uint64_t active =
            experts == 0 ? 0 : config.positive("num_experts_per_tok", experts);
        routed_experts = experts;
        experts_per_token = active;
        const std::uint64_t step = config.positive_or("decoder_sparse_step", 1);
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
        const std::uint64_t shared_intermediate =
            config.non_negative_or("shared_expert_intermediate_size", 0);
        for (std::uint64_t i = 0; i < layers; ++i) {
            const bool sparse = experts > 0 && !dense_only.contains(i) && (i + 1) % step == 0;
            if (!sparse) {
                total.add_times(mlp(config.positive("intermediate_size")), 1);
                continue;
            }
            const ParamCount expert = mlp(config.positive("moe_intermediate_size"));
            moe_width = config.positive("moe_intermediate_size");
            total.add_times(expert, experts);
            total.add(mul(hidden, experts));  // router
            inactive =
                checked_add(inactive, mul(expert.total(), experts - active), "parameter count");
            if (shared_intermediate > 0) {
                total.add_times(mlp(shared_intermediate), 1);
                total.add(hidden);  // shared_expert_gate: hidden → 1
            }
        }
    }

    ModelSpec model = counted_model(total.total(), inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.routed_experts = routed_experts;
    model.experts_per_token = experts_per_token;
    model.moe_intermediate_size = moe_width;

    const std::optional<std::uint64_t> window = sliding_window(config, traits);
    const std::vector<bool> sliding = sliding_layers(config, traits, layers, window);
    const auto windowed =
        static_cast<std::uint64_t>(std::count(sliding.begin(), sliding.end(), true));
    add_attention_layers(model, layers, windowed, windowed > 0 ? *window : 0, kv_heads, head_dim);
    return model;
}

}  // namespace

std::span<const Family> llama_like_families() {
    static const std::vector<Family> families = [] {
        std::vector<Family> list;
        list.reserve(k_traits.size());
        for (const Traits& traits : k_traits) {
            list.push_back(Family{traits.model_type, [&traits](const FieldReader& config) {
                                      return llama_like(config, traits);
                                  }});
        }
        return list;
    }();
    return families;
}

ModelSpec generic_decoder(const FieldReader& config) {
    static constexpr Traits k_generic{"generic",    false, Bias::attention_bias, true,     false, 2,
                                      QkNorm::none, 0,     Sliding::all_layers,  Moe::none};
    return llama_like(config, k_generic);
}

}  // namespace llmsize::arch
