// T5 family (t5, flan-t5, flan-ul2): encoder-decoder. modeling_t5.py: bias-free attention with
// relative position buckets in the first layer of each stack, RMS-style norms without bias,
// "gated-*" feed-forward with two input projections.
#include "architectures.hpp"

namespace llmsize::arch {

ModelSpec t5(const FieldReader& config) {
    const std::uint64_t d_model = config.positive("d_model");
    const std::uint64_t d_kv = config.positive("d_kv");
    const std::uint64_t heads = config.positive("num_heads");
    const std::uint64_t d_ff = config.positive("d_ff");
    const std::uint64_t encoder_layers = config.positive("num_layers");
    const std::uint64_t decoder_layers = config.positive_or("num_decoder_layers", encoder_layers);
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t buckets = config.positive_or("relative_attention_num_buckets", 32);
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    const std::string feed_forward = config.optional_string("feed_forward_proj").value_or("relu");
    const bool gated = feed_forward.starts_with("gated-");
    const std::uint64_t inner = mul(heads, d_kv);

    ParamCount attention;  // q, k, v, o
    attention.linear(d_model, inner);
    attention.linear(d_model, inner);
    attention.linear(d_model, inner);
    attention.linear(inner, d_model);
    ParamCount feed;
    feed.linear(d_model, d_ff);
    if (gated) feed.linear(d_model, d_ff);
    feed.linear(d_ff, d_model);

    ParamCount encoder_layer;
    encoder_layer.add_times(attention, 1);
    encoder_layer.norm(d_model);
    encoder_layer.add_times(feed, 1);
    encoder_layer.norm(d_model);
    ParamCount decoder_layer;
    decoder_layer.add_times(encoder_layer, 1);
    decoder_layer.add_times(attention, 1);  // cross-attention
    decoder_layer.norm(d_model);

    ParamCount total;
    total.add(mul(vocab, d_model));  // shared embedding
    total.add_times(encoder_layer, encoder_layers);
    total.add_times(decoder_layer, decoder_layers);
    total.add(mul(buckets, heads));  // encoder relative_attention_bias
    total.add(mul(buckets, heads));  // decoder relative_attention_bias
    total.norm(d_model);             // encoder final_layer_norm
    total.norm(d_model);             // decoder final_layer_norm
    if (!tied) total.add(mul(vocab, d_model));

    ModelSpec model =
        counted_model(total.total(), 0, {decoder_layers, d_model, heads, heads, d_kv, vocab, tied});
    model.encoder_layers = encoder_layers;
    model.kv_layers.push_back(full_attention_layers(decoder_layers, heads, d_kv));
    KvLayerGroup cross = full_attention_layers(decoder_layers, heads, d_kv);
    cross.kind = LayerKind::cross_attention;
    model.cross_kv_layers.push_back(cross);
    return model;
}

}  // namespace llmsize::arch
