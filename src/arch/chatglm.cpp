// ChatGLM2-6B, ChatGLM3-6B and GLM-4-9B-Chat's remote code (model_type "chatglm";
// THUDM/chatglm3-6b and THUDM/glm-4-9b-chat modeling_chatglm.py, configuration_chatglm.py):
// word_embeddings padded_vocab_size × hidden_size; num_layers GLMBlocks, each input_layernorm,
// a fused query_key_value hidden → heads × kv_channels + 2 × groups × kv_channels (bias when
// add_bias_linear or add_qkv_bias; groups = multi_query_group_num under multi_query_attention,
// else every head), dense heads × kv_channels → hidden (bias when add_bias_linear),
// post_attention_layernorm, and a SwiGLU MLP dense_h_to_4h hidden → 2 × ffn_hidden_size and
// dense_4h_to_h back (biases when add_bias_linear); RMSNorm when rmsnorm (default true), else
// LayerNorm with biases; final_layernorm when post_layer_norm (default true); output_layer
// hidden → padded_vocab_size, never tied. The size keys have no safe default (the remote code's
// copies disagree), so they are required. The first ChatGLM-6B (inner_hidden_size, 2-D
// position encoding), P-tuning prefixes (pre_seq_len) and the remote code's in-place int4/int8
// quantisation (quantization_bit) are refused.
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec chatglm(const FieldReader& config) {
    for (const std::string_view key : {"inner_hidden_size", "position_encoding_2d"}) {
        if (config.has(key)) {
            config.fail(key,
                        "belongs to the first ChatGLM-6B's layout (GLM-130B style), which "
                        "llmsize does not count; ChatGLM2/3 and GLM-4 configs are counted");
        }
    }
    if (config.has("pre_seq_len")) {
        config.fail("pre_seq_len",
                    "is set: a P-tuning prefix encoder, which llmsize does not "
                    "count");
    }
    if (config.non_negative_or("quantization_bit", 0) != 0) {
        config.fail("quantization_bit",
                    "is set: the remote code quantises the weights in place, "
                    "which llmsize does not size");
    }
    if (config.boolean_or("tie_word_embeddings", false)) {
        config.fail("tie_word_embeddings",
                    "is true, but ChatGLM's remote code keeps output_layer apart from the "
                    "embeddings");
    }
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t head_dim = config.positive("kv_channels");
    const std::uint64_t vocab = config.positive("padded_vocab_size");
    const std::uint64_t ffn = config.positive("ffn_hidden_size");
    const bool grouped = config.boolean_or("multi_query_attention", false);
    const std::uint64_t groups = config.positive_or("multi_query_group_num", 1);
    const std::uint64_t kv_heads = grouped ? groups : heads;
    check_kv_heads(config, heads, kv_heads, "multi_query_group_num");
    const bool linear_bias = config.boolean_or("add_bias_linear", false);
    const bool qkv_bias = linear_bias || config.boolean_or("add_qkv_bias", false);
    const bool layer_norm = !config.boolean_or("rmsnorm", true);  // LayerNorm: a bias too
    const bool final_norm = config.boolean_or("post_layer_norm", true);

    ParamCount layer;
    layer.linear(
        hidden,
        checked_add(mul(heads, head_dim), mul(mul(kv_heads, head_dim), 2), "parameter count"),
        qkv_bias);                                            // query_key_value
    layer.linear(mul(heads, head_dim), hidden, linear_bias);  // dense
    layer.linear(hidden, mul(ffn, 2), linear_bias);           // dense_h_to_4h
    layer.linear(ffn, hidden, linear_bias);                   // dense_4h_to_h
    layer.norm(hidden, layer_norm);                           // input_layernorm
    layer.norm(hidden, layer_norm);                           // post_attention_layernorm

    ParamCount total;
    total.add(mul(vocab, hidden));  // word_embeddings
    total.add(mul(vocab, hidden));  // output_layer
    if (final_norm) total.norm(hidden, layer_norm);
    total.add_times(layer, layers);

    ModelSpec model =
        counted_model(total.total(), 0, {layers, hidden, heads, kv_heads, head_dim, vocab, false});
    model.kv_layers.push_back(full_attention_layers(layers, kv_heads, head_dim));
    model.notes.push_back("the checkpoint also stores rotary_pos_emb.inv_freq (" +
                          std::to_string(head_dim / 4) +
                          " values), a buffer rather than a parameter; not counted");
    return model;
}

}  // namespace llmsize::arch
