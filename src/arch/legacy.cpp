// Decoder families that predate Llama's layout: Falcon, GPT-NeoX, GPT-J, GPT-2, BLOOM, OPT.
// Each follows the module list of its HuggingFace transformers modeling file.
#include "architectures.hpp"

namespace llmsize::arch {

namespace {
ModelSpec with_shape(std::uint64_t parameters, std::uint64_t layers, std::uint64_t hidden,
                     std::uint64_t heads, std::uint64_t kv_heads, std::uint64_t head_dim,
                     std::uint64_t vocab, bool tied) {
    ModelSpec model =
        counted_model(parameters, 0, {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.kv_layers.push_back(full_attention_layers(layers, kv_heads, head_dim));
    return model;
}

// A key that older configs spell differently ("n_embd" for "hidden_size").
std::uint64_t positive_either(const FieldReader& config, std::string_view key,
                              std::string_view alias) {
    if (!config.has(key) && config.has(alias)) return config.positive(alias);
    return config.positive(key);
}
}  // namespace

// modeling_falcon.py: 7B multi-query; 40B/180B new_decoder_architecture (grouped KV, two norms).
ModelSpec falcon(const FieldReader& config) {
    const std::uint64_t hidden = positive_either(config, "hidden_size", "n_embed");
    const std::uint64_t layers = positive_either(config, "num_hidden_layers", "n_layer");
    const std::uint64_t heads = positive_either(config, "num_attention_heads", "n_head");
    const std::uint64_t vocab = config.positive("vocab_size");
    const bool new_architecture = config.boolean_or("new_decoder_architecture", false);
    const bool multi_query = config.boolean_or("multi_query", true);
    const bool parallel_attention = config.boolean_or("parallel_attn", true);
    const bool bias = config.boolean_or("bias", false);
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    const std::uint64_t ffn = config.positive_or("ffn_hidden_size", mul(hidden, 4));
    std::uint64_t kv_heads = heads;
    if (new_architecture) {
        kv_heads = config.positive_or("num_kv_heads", heads);
        check_kv_heads(config, heads, kv_heads, "num_kv_heads");
    } else if (multi_query) {
        kv_heads = 1;
    }
    std::uint64_t norms_per_layer = 2;  // input + post-attention, or ln_attn + ln_mlp
    if (parallel_attention) {
        const std::uint64_t parallel_norms =
            config.positive_or("num_ln_in_parallel_attn", new_architecture ? 2 : 1);
        norms_per_layer = new_architecture && parallel_norms == 2 ? 2 : 1;
    }

    ParamCount layer;
    for (std::uint64_t i = 0; i < norms_per_layer; ++i)
        layer.norm(hidden, true);
    layer.linear(hidden, mul(heads + 2 * kv_heads, head_dim), bias);  // query_key_value
    layer.linear(hidden, hidden, bias);                               // dense
    layer.linear(hidden, ffn, bias);                                  // dense_h_to_4h
    layer.linear(ffn, hidden, bias);                                  // dense_4h_to_h
    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.add_times(layer, layers);
    total.norm(hidden, true);  // ln_f
    return with_shape(total.total(), layers, hidden, heads, kv_heads, head_dim, vocab, tied);
}

// modeling_gpt_neox.py: fused qkv with biases, LayerNorms, untied embed_out.
ModelSpec gpt_neox(const FieldReader& config) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t intermediate = config.positive("intermediate_size");
    const bool bias = config.boolean_or("attention_bias", true);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    ParamCount layer;
    layer.norm(hidden, true);
    layer.norm(hidden, true);
    layer.linear(hidden, mul(hidden, 3), bias);
    layer.linear(hidden, hidden, bias);
    layer.linear(hidden, intermediate, true);
    layer.linear(intermediate, hidden, true);
    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.add_times(layer, layers);
    total.norm(hidden, true);
    return with_shape(total.total(), layers, hidden, heads, heads, head_dim, vocab, tied);
}

// modeling_gptj.py: bias-free attention, MLP with biases, lm_head with a bias.
ModelSpec gptj(const FieldReader& config) {
    const std::uint64_t hidden = positive_either(config, "n_embd", "hidden_size");
    const std::uint64_t layers = positive_either(config, "n_layer", "num_hidden_layers");
    const std::uint64_t heads = positive_either(config, "n_head", "num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t inner = config.positive_or("n_inner", mul(hidden, 4));
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    const std::uint64_t head_dim = head_dim_of(config, hidden, heads, "n_embd", "n_head");
    ParamCount layer;
    layer.norm(hidden, true);
    for (int i = 0; i < 4; ++i)
        layer.linear(hidden, hidden, false);  // q, k, v, out
    layer.linear(hidden, inner, true);
    layer.linear(inner, hidden, true);
    ParamCount total;
    total.add(mul(vocab, hidden));
    total.add_times(layer, layers);
    total.norm(hidden, true);
    if (!tied) total.linear(hidden, vocab, true);
    return with_shape(total.total(), layers, hidden, heads, heads, head_dim, vocab, tied);
}

// modeling_gpt2.py: learned positions, Conv1D layers with biases, tied head.
ModelSpec gpt2(const FieldReader& config) {
    const std::uint64_t hidden = positive_either(config, "n_embd", "hidden_size");
    const std::uint64_t layers = positive_either(config, "n_layer", "num_hidden_layers");
    const std::uint64_t heads = positive_either(config, "n_head", "num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t positions =
        positive_either(config, "n_positions", "max_position_embeddings");
    const std::uint64_t inner = config.positive_or("n_inner", mul(hidden, 4));
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    const std::uint64_t head_dim = head_dim_of(config, hidden, heads, "n_embd", "n_head");
    ParamCount layer;
    layer.norm(hidden, true);
    layer.linear(hidden, mul(hidden, 3), true);
    layer.linear(hidden, hidden, true);
    layer.norm(hidden, true);
    layer.linear(hidden, inner, true);
    layer.linear(inner, hidden, true);
    ParamCount total;
    total.add(mul(vocab, hidden));
    total.add(mul(positions, hidden));
    total.add_times(layer, layers);
    total.norm(hidden, true);
    if (!tied) total.add(mul(vocab, hidden));
    ModelSpec model =
        with_shape(total.total(), layers, hidden, heads, heads, head_dim, vocab, tied);
    model.max_position_embeddings = positions;
    return model;
}

// modeling_bloom.py: ALiBi (no position parameters), an embedding LayerNorm, tied head.
ModelSpec bloom(const FieldReader& config) {
    const std::uint64_t hidden = positive_either(config, "hidden_size", "n_embed");
    const std::uint64_t layers = positive_either(config, "n_layer", "num_hidden_layers");
    const std::uint64_t heads = positive_either(config, "n_head", "num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    const std::uint64_t head_dim = head_dim_of(config, hidden, heads, "hidden_size", "n_head");
    ParamCount layer;
    layer.norm(hidden, true);
    layer.linear(hidden, mul(hidden, 3), true);
    layer.linear(hidden, hidden, true);
    layer.norm(hidden, true);
    layer.linear(hidden, mul(hidden, 4), true);
    layer.linear(mul(hidden, 4), hidden, true);
    ParamCount total;
    total.add(mul(vocab, hidden));
    total.norm(hidden, true);  // word_embeddings_layernorm
    total.add_times(layer, layers);
    total.norm(hidden, true);  // ln_f
    if (!tied) total.add(mul(vocab, hidden));
    return with_shape(total.total(), layers, hidden, heads, heads, head_dim, vocab, tied);
}

// modeling_opt.py: learned positions with an offset of 2, optional embedding projections.
ModelSpec opt(const FieldReader& config) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t ffn = config.positive("ffn_dim");
    const std::uint64_t positions = config.positive("max_position_embeddings");
    const std::uint64_t projection = config.positive_or("word_embed_proj_dim", hidden);
    const bool bias = config.boolean_or("enable_bias", true);
    const bool norm_affine = config.boolean_or("layer_norm_elementwise_affine", true);
    const bool final_norm = config.boolean_or("do_layer_norm_before", true) &&
                            !config.boolean_or("_remove_final_layer_norm", false);
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    ParamCount layer;
    for (int i = 0; i < 4; ++i)
        layer.linear(hidden, hidden, bias);  // q, k, v, out
    if (norm_affine) layer.norm(hidden, true);
    layer.linear(hidden, ffn, bias);
    layer.linear(ffn, hidden, bias);
    if (norm_affine) layer.norm(hidden, true);
    ParamCount total;
    total.add(mul(vocab, projection));
    total.add(mul(positions + 2, hidden));
    if (projection != hidden) {
        total.linear(hidden, projection);  // project_out
        total.linear(projection, hidden);  // project_in
    }
    total.add_times(layer, layers);
    if (final_norm && norm_affine) total.norm(hidden, true);
    if (!tied) total.add(mul(vocab, projection));
    ModelSpec model =
        with_shape(total.total(), layers, hidden, heads, heads, head_dim, vocab, tied);
    model.max_position_embeddings = positions;
    return model;
}

}  // namespace llmsize::arch
