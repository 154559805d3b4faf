// Mllama: Llama 3.2 Vision (transformers models/mllama: modeling_mllama.py,
// configuration_mllama.py): a Llama decoder whose cross_attention_layers attend to the image,
// under "text_config", and a tiled vision encoder under "vision_config".
//   - Text: embed_tokens holds vocab_size + 8 rows (the extra image tokens); lm_head vocab_size.
//     Self-attention layers are Llama's (q, k, v, o without biases, SwiGLU MLP, two RMSNorms).
//     Each cross-attention layer adds per-head q_norm and k_norm and two scalar tanh gates
//     (cross_attn_attn_gate, cross_attn_mlp_gate).
//   - Vision: a Conv2d patch embedding without bias, class_embedding, a gated positional
//     embedding (gate, (patches + 1) × width, and a tile embedding of (aspect ratios + 1) ×
//     max_num_tiles × (patches + 1) × width), gated pre- and post-tile embeddings ((aspect ratios
//     + 1) × max_num_tiles × width and a gate each), layernorm_pre / layernorm_post, then
//     num_hidden_layers encoder layers and num_global_layers gated ones (two scalar gates each):
//     q, k, v, o without biases, fc1 / fc2 with biases, two LayerNorms with biases.
//   - multi_modal_projector: vision_output_dim → text hidden_size, with a bias.
// The cache: self-attention layers keep K and V per token; each cross-attention layer keeps K and
// V over one image's vision tokens (max_num_tiles × (patches + 1)) per sequence, whatever its
// length: the largest image a request can carry, at one image per request.
#include <algorithm>

#include "architectures.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/units.hpp"

namespace llmsize::arch {

ModelSpec mllama(const FieldReader& config) {
    const std::optional<FieldReader> text = config.optional_object("text_config");
    if (!text)
        config.fail("text_config",
                    "is missing: Llama 3.2 Vision keeps its decoder under "
                    "text_config");
    const std::uint64_t hidden = text->positive("hidden_size");
    const std::uint64_t layers = text->positive("num_hidden_layers");
    const std::uint64_t heads = text->positive("num_attention_heads");
    const std::uint64_t kv_heads = text->positive_or("num_key_value_heads", heads);
    check_kv_heads(*text, heads, kv_heads, "num_key_value_heads");
    if (hidden % heads != 0)
        text->fail("hidden_size", "(" + std::to_string(hidden) +
                                      ") must be a multiple of num_attention_heads (" +
                                      std::to_string(heads) + ")");
    const std::uint64_t head_dim = hidden / heads;
    const std::uint64_t intermediate = text->positive("intermediate_size");
    const std::uint64_t vocab = text->positive("vocab_size");
    const bool tied = text->boolean_or("tie_word_embeddings", false);
    std::vector<std::uint64_t> cross_layers;
    const nlohmann::json* cross_json = text->raw("cross_attention_layers");
    if (cross_json == nullptr || !cross_json->is_array())
        text->fail("cross_attention_layers",
                   "must be an array of layer indices, " +
                       (cross_json ? describe_json_value(*cross_json) : std::string("got none")));
    for (const nlohmann::json& index : *cross_json) {
        if (!index.is_number_integer() || index.get<std::int64_t>() < 0 ||
            index.get<std::uint64_t>() >= layers)
            text->fail("cross_attention_layers",
                       "must hold layer indices below num_hidden_layers (" +
                           std::to_string(layers) + "), " + describe_json_value(index));
        cross_layers.push_back(index.get<std::uint64_t>());
    }
    std::sort(cross_layers.begin(), cross_layers.end());
    cross_layers.erase(std::unique(cross_layers.begin(), cross_layers.end()), cross_layers.end());
    const std::uint64_t cross = cross_layers.size();

    ParamCount self_layer;
    self_layer.add_times(attention_projections(hidden, heads, kv_heads, head_dim), 1);
    self_layer.add_times(gated_mlp(hidden, intermediate), 1);
    self_layer.norm(hidden);  // input_layernorm
    self_layer.norm(hidden);  // post_attention_layernorm
    ParamCount cross_layer = self_layer;
    cross_layer.norm(head_dim);  // q_norm
    cross_layer.norm(head_dim);  // k_norm
    cross_layer.add(2);          // cross_attn_attn_gate, cross_attn_mlp_gate

    ParamCount total;
    total.add(mul(vocab + 8, hidden));  // embed_tokens: 8 extra rows
    total.add_times(self_layer, layers - cross);
    total.add_times(cross_layer, cross);
    total.norm(hidden);                        // norm
    if (!tied) total.add(mul(vocab, hidden));  // lm_head

    const std::optional<FieldReader> vision = config.optional_object("vision_config");
    if (!vision)
        config.fail("vision_config", "is missing: Llama 3.2 Vision carries a vision encoder");
    const std::uint64_t width = vision->positive("hidden_size");
    const std::uint64_t local_layers = vision->positive("num_hidden_layers");
    const std::uint64_t global_layers = vision->non_negative_or("num_global_layers", 8);
    const std::uint64_t mlp = vision->positive("intermediate_size");
    const std::uint64_t channels = vision->positive_or("num_channels", 3);
    const std::uint64_t image = vision->positive("image_size");
    const std::uint64_t patch = vision->positive("patch_size");
    const std::uint64_t tiles = vision->positive_or("max_num_tiles", 4);
    const std::uint64_t output = vision->positive("vision_output_dim");
    std::uint64_t aspect_ratios = 8;  // MllamaVisionConfig's default list has 8 entries
    if (const nlohmann::json* ratios = vision->raw("supported_aspect_ratios")) {
        if (!ratios->is_array() || ratios->empty())
            vision->fail("supported_aspect_ratios",
                         "must be a non-empty array, " + describe_json_value(*ratios));
        aspect_ratios = ratios->size();
    }
    if (patch > image)
        vision->fail("patch_size", "(" + std::to_string(patch) + ") exceeds image_size (" +
                                       std::to_string(image) + ")");
    const std::uint64_t positions = checked_add(mul(image / patch, image / patch), 1,
                                                "parameter count");  // patches + class token

    ParamCount tower;
    tower.linear(mul(mul(channels, patch), patch), width);  // patch_embedding, no bias
    tower.add(width);                                       // class_embedding
    tower.add(1);                                           // gated_positional_embedding.gate
    tower.add(mul(positions, width));                       // .embedding
    tower.add(mul(mul(mul(aspect_ratios + 1, tiles), positions), width));  // .tile_embedding
    ParamCount tile_embedding;
    tile_embedding.add(mul(mul(aspect_ratios + 1, tiles), width));
    tile_embedding.add(1);               // gate
    tower.add_times(tile_embedding, 2);  // pre_ and post_tile_positional_embedding
    tower.norm(width, true);             // layernorm_pre
    tower.norm(width, true);             // layernorm_post
    ParamCount encoder_layer;
    for (int i = 0; i < 4; ++i)
        encoder_layer.linear(width, width);  // q, k, v, o: no bias
    encoder_layer.linear(width, mlp, true);  // fc1
    encoder_layer.linear(mlp, width, true);  // fc2
    encoder_layer.norm(width, true);         // input_layernorm
    encoder_layer.norm(width, true);         // post_attention_layernorm
    tower.add_times(encoder_layer, local_layers);
    ParamCount global_layer = encoder_layer;
    global_layer.add(2);  // gate_attn, gate_ffn
    tower.add_times(global_layer, global_layers);
    tower.linear(output, hidden, true);  // multi_modal_projector
    total.add_times(tower, 1);

    ModelSpec model =
        counted_model(total.total(), 0, {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.vision_parameters = tower.total();
    if (text->has("max_position_embeddings"))
        model.max_position_embeddings = text->positive("max_position_embeddings");
    model.kv_layers.push_back(full_attention_layers(layers - cross, kv_heads, head_dim));
    if (cross > 0) {
        KvLayerGroup group = full_attention_layers(cross, kv_heads, head_dim);
        group.kind = LayerKind::cross_attention;
        model.cross_kv_layers.push_back(group);
        model.cross_attention_tokens = mul(tiles, positions);
        model.cross_attention_input =
            "one image's " + units::group_digits(model.cross_attention_tokens) +
            " vision tokens per sequence (its most tiles), whatever the sequence length; more "
            "images per request cost that much again each";
    }
    model.notes.push_back("includes the " + std::to_string(tower.total()) +
                          "-parameter vision encoder and projector");
    return model;
}

}  // namespace llmsize::arch
