// Whisper (transformers models/whisper: modeling_whisper.py WhisperForConditionalGeneration,
// configuration_whisper.py WhisperConfig, whose defaults are whisper-tiny's): an audio encoder
// and a text decoder with cross-attention.
//   - Encoder: conv1 (num_mel_bins → d_model, 3 taps) and conv2 (d_model → d_model, 3 taps,
//     stride 2), both with biases; embed_positions, max_source_positions × d_model (a sinusoidal
//     table, but an nn.Embedding: a parameter in every checkpoint); per layer self_attn and an
//     fc1/fc2 MLP of encoder_ffn_dim, each behind a LayerNorm with bias; a final layer_norm.
//   - Decoder: embed_tokens vocab × d_model; learned embed_positions, max_target_positions ×
//     d_model; per layer self_attn, encoder_attn (cross-attention) and fc1/fc2 of
//     decoder_ffn_dim, each behind a LayerNorm with bias; a final layer_norm.
//   - WhisperAttention: q_proj, v_proj and out_proj with biases, k_proj without; head_dim is
//     d_model / heads.
//   - proj_out is tied to embed_tokens (tie_word_embeddings, true by default).
// The cache: each decoder layer keeps K and V per generated token, and its cross-attention K and V
// over the encoder's output, max_source_positions (1500: 30 s of audio at conv2's stride) tokens
// per sequence whatever its length. The decoder's context is max_target_positions (vLLM reads it
// as max_model_len).
#include "architectures.hpp"
#include "llmsize/units.hpp"

namespace llmsize::arch {

ModelSpec whisper(const FieldReader& config) {
    const std::uint64_t d_model = config.positive_or("d_model", 384);
    const std::uint64_t encoder_layers = config.positive_or("encoder_layers", 4);
    const std::uint64_t decoder_layers = config.positive_or("decoder_layers", 4);
    const std::uint64_t encoder_heads = config.positive_or("encoder_attention_heads", 6);
    const std::uint64_t decoder_heads = config.positive_or("decoder_attention_heads", 6);
    const std::uint64_t encoder_ffn = config.positive_or("encoder_ffn_dim", 1536);
    const std::uint64_t decoder_ffn = config.positive_or("decoder_ffn_dim", 1536);
    const std::uint64_t mel_bins = config.positive_or("num_mel_bins", 80);
    const std::uint64_t vocab = config.positive_or("vocab_size", 51865);
    const std::uint64_t source_positions = config.positive_or("max_source_positions", 1500);
    const std::uint64_t target_positions = config.positive_or("max_target_positions", 448);
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    for (const auto& [key, heads] : {std::pair{"encoder_attention_heads", encoder_heads},
                                     {"decoder_attention_heads", decoder_heads}}) {
        if (d_model % heads != 0)
            config.fail("d_model", "(" + std::to_string(d_model) + ") must be a multiple of " +
                                       key + " (" + std::to_string(heads) + ")");
    }
    const std::uint64_t head_dim = d_model / decoder_heads;

    // q, k, v, out_proj of d_model × d_model; biases on q, v and out_proj only.
    ParamCount attention = attention_projections(d_model, 1, 1, d_model, false, true);
    attention.add(mul(d_model, 2));  // q_proj.bias, v_proj.bias
    const auto mlp = [&](std::uint64_t ffn) {
        ParamCount block;
        block.linear(d_model, ffn, true);  // fc1
        block.linear(ffn, d_model, true);  // fc2
        return block;
    };

    ParamCount encoder_layer;
    encoder_layer.add_times(attention, 1);  // self_attn
    encoder_layer.norm(d_model, true);      // self_attn_layer_norm
    encoder_layer.add_times(mlp(encoder_ffn), 1);
    encoder_layer.norm(d_model, true);  // final_layer_norm
    ParamCount decoder_layer;
    decoder_layer.add_times(attention, 2);  // self_attn, encoder_attn
    decoder_layer.norm(d_model, true);      // self_attn_layer_norm
    decoder_layer.norm(d_model, true);      // encoder_attn_layer_norm
    decoder_layer.add_times(mlp(decoder_ffn), 1);
    decoder_layer.norm(d_model, true);  // final_layer_norm

    ParamCount encoder;
    encoder.linear(mul(mel_bins, 3), d_model, true);  // conv1
    encoder.linear(mul(d_model, 3), d_model, true);   // conv2
    encoder.add(mul(source_positions, d_model));      // embed_positions
    encoder.add_times(encoder_layer, encoder_layers);
    encoder.norm(d_model, true);  // layer_norm
    ParamCount total = encoder;
    total.add(mul(vocab, d_model));             // decoder.embed_tokens
    total.add(mul(target_positions, d_model));  // decoder.embed_positions
    total.add_times(decoder_layer, decoder_layers);
    total.norm(d_model, true);                  // decoder.layer_norm
    if (!tied) total.add(mul(vocab, d_model));  // proj_out

    ModelSpec model = counted_model(
        total.total(), 0,
        {decoder_layers, d_model, decoder_heads, decoder_heads, head_dim, vocab, tied});
    model.encoder_layers = encoder_layers;
    model.audio_parameters = encoder.total();
    model.max_position_embeddings = target_positions;
    model.context_rule = "max_target_positions " + std::to_string(target_positions);
    model.kv_layers.push_back(full_attention_layers(decoder_layers, decoder_heads, head_dim));
    KvLayerGroup cross = full_attention_layers(decoder_layers, decoder_heads, head_dim);
    cross.kind = LayerKind::cross_attention;
    model.cross_kv_layers.push_back(cross);
    model.cross_attention_tokens = source_positions;
    // 1,500 positions are 30 s of audio: 3,000 mel frames of 10 ms, halved by conv2's stride.
    const std::string window =
        source_positions == 1500 ? "max_source_positions: one 30 s window" : "max_source_positions";
    model.cross_attention_input = "the audio encoder's " + units::group_digits(source_positions) +
                                  " output positions per sequence (" + window +
                                  "), whatever the sequence length";
    model.notes.push_back("Whisper: the decoder's context is max_target_positions (" +
                          units::group_digits(target_positions) + " tokens)");
    return model;
}

}  // namespace llmsize::arch
