// EXAONE 4.0 (transformers models/exaone4: modular_exaone4.py, configuration_exaone4.py).
// Exaone4Attention: q, k, v and o without biases, then an RMSNorm over head_dim on q and one on
// k (q_norm, k_norm). Exaone4DecoderLayer is Olmo2DecoderLayer: no input norm, an RMSNorm after
// attention (post_attention_layernorm) and one after the SwiGLU MLP
// (post_feedforward_layernorm). One final norm; embeddings untied unless tie_word_embeddings.
// Absent keys take Exaone4Config's defaults. Windows: "layer_types" when given; otherwise none
// when "sliding_window" is null, else a window of sliding_window (absent: 4096) on the layers
// sliding_window_pattern (absent: 4) marks — an integer p slides layer i unless (i + 1) % p == 0;
// a string of 'L' (local) and 'G' (global) repeats from layer 0, the last layer always global
// (the Exaone4Config docstring).
#include <algorithm>

#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

namespace {

// Which layers keep only a window; empty `window` means none do.
std::vector<bool> exaone4_sliding(const FieldReader& config, std::uint64_t layers,
                                  std::optional<std::uint64_t> window) {
    std::vector<bool> sliding(layers, false);
    if (config.has("layer_types")) {
        static constexpr std::string_view k_kinds[]{"full_attention", "sliding_attention"};
        const std::vector<std::string> kinds =
            layer_kind_list(config, "layer_types", layers, k_kinds);
        // A "sliding_attention" layer without a window attends to every token.
        if (!window) return sliding;
        for (std::uint64_t i = 0; i < layers; ++i)
            sliding[i] = kinds[i] == "sliding_attention";
        return sliding;
    }
    if (!window) {
        (void)config.raw("sliding_window_pattern");
        return sliding;
    }
    if (config.is_null("sliding_window_pattern")) {
        config.fail("sliding_window_pattern",
                    "must be a layer period or an 'L'/'G' pattern when sliding_window is set and "
                    "layer_types is absent, got null");
    }
    const nlohmann::json* pattern = config.raw("sliding_window_pattern");
    if (pattern != nullptr && pattern->is_string()) {
        const std::string letters = pattern->get<std::string>();
        if (letters.empty() || letters.find_first_not_of("LG") != std::string::npos) {
            config.fail("sliding_window_pattern", "must hold only 'L' (local) and 'G' (global), " +
                                                      describe_json_value(*pattern));
        }
        for (std::uint64_t i = 0; i + 1 < layers; ++i)
            sliding[i] = letters[i % letters.size()] == 'L';
        return sliding;
    }
    const std::uint64_t period = config.positive_or("sliding_window_pattern", 4);
    for (std::uint64_t i = 0; i < layers; ++i)
        sliding[i] = (i + 1) % period != 0;
    return sliding;
}

}  // namespace

ModelSpec exaone4(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 4096);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 32);
    const std::uint64_t heads = config.positive_or("num_attention_heads", 32);
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", 32);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    const std::uint64_t vocab = config.positive_or("vocab_size", 102400);
    const std::uint64_t intermediate = config.positive_or("intermediate_size", 16384);
    const bool tied = config.boolean_or("tie_word_embeddings", false);

    ParamCount layer = attention_projections(hidden, heads, kv_heads, head_dim);
    layer.norm(head_dim);  // q_norm
    layer.norm(head_dim);  // k_norm
    layer.norm(hidden);    // post_attention_layernorm
    layer.norm(hidden);    // post_feedforward_layernorm
    layer.add_times(gated_mlp(hidden, intermediate), 1);

    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);  // final norm
    total.add_times(layer, layers);

    ModelSpec model =
        counted_model(total.total(), 0, {layers, hidden, heads, kv_heads, head_dim, vocab, tied});

    const std::optional<std::uint64_t> window =
        config.is_null("sliding_window")
            ? std::nullopt
            : std::optional<std::uint64_t>(config.positive_or("sliding_window", 4096));
    (void)config.raw("sliding_window");
    const std::vector<bool> sliding = exaone4_sliding(config, layers, window);
    const auto windowed =
        static_cast<std::uint64_t>(std::count(sliding.begin(), sliding.end(), true));
    add_attention_layers(model, layers, windowed, windowed > 0 ? *window : 0, kv_heads, head_dim);
    return model;
}

}  // namespace llmsize::arch
