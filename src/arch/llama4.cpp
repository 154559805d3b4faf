// Llama 4 (transformers models/llama4: modeling_llama4.py, configuration_llama4.py).
//   - llama4_text, and the decoder under a "llama4" config's text_config: attention without
//     biases (its q/k L2 norm has no weights); layers listed in moe_layers (default every
//     interleave_moe_layer_step-th) hold num_local_experts experts (gate_up_proj [E, hidden,
//     2 × intermediate_size], down_proj [E, intermediate_size, hidden]), a router without bias
//     and a shared expert of intermediate_size; the other layers a dense MLP of
//     intermediate_size_mlp. Layers with no_rope_layers[i] = 1 use chunked local attention over
//     attention_chunk_size tokens; the others (NoPE) attend to the whole sequence.
//   - "llama4": the vision tower (Llama4VisionModel: an unfold patch embedding without bias, a
//     class embedding, (patches + 1) position embeddings, pre and post LayerNorms, encoder
//     layers with biased attention and fc1/fc2, the pixel-shuffle MLP fc1 intermediate_size →
//     projector_input_dim and fc2 projector_output_dim², both without bias) and the projector
//     vision_output_dim → text hidden_size without bias.
// The KV cache: NoPE layers keep every token; chunked layers at most attention_chunk_size tokens
// (vLLM's ChunkedLocalAttentionSpec), sized as a window of that many tokens.
#include <algorithm>
#include <set>

#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

namespace {

const nlohmann::json& text_defaults() {
    // Llama4TextConfig's defaults (the Scout shape).
    static const nlohmann::json defaults = {
        {"vocab_size", 202048},         {"hidden_size", 5120},
        {"intermediate_size", 8192},    {"intermediate_size_mlp", 16384},
        {"num_hidden_layers", 48},      {"num_attention_heads", 40},
        {"num_key_value_heads", 8},     {"head_dim", 128},
        {"num_local_experts", 16},      {"num_experts_per_tok", 1},
        {"attention_chunk_size", 8192}, {"tie_word_embeddings", false},
    };
    return defaults;
}

ModelSpec llama4_decoder(const FieldReader& config) {
    const std::uint64_t hidden = config.positive("hidden_size");
    const std::uint64_t layers = config.positive("num_hidden_layers");
    const std::uint64_t heads = config.positive("num_attention_heads");
    const std::uint64_t kv_heads = config.positive_or("num_key_value_heads", heads);
    check_kv_heads(config, heads, kv_heads, "num_key_value_heads");
    const std::uint64_t head_dim =
        head_dim_of(config, hidden, heads, "hidden_size", "num_attention_heads");
    const std::uint64_t vocab = config.positive("vocab_size");
    const std::uint64_t expert_width = config.positive("intermediate_size");
    const std::uint64_t experts = config.positive("num_local_experts");
    const std::uint64_t active = config.positive_or("num_experts_per_tok", 1, experts);
    const bool bias = config.boolean_or("attention_bias", false);
    const bool tied = config.boolean_or("tie_word_embeddings", false);
    (void)config.raw("use_qk_norm");  // an L2 norm without weights

    std::set<std::uint64_t> moe_layers;
    if (const nlohmann::json* list = config.raw("moe_layers")) {
        if (!list->is_array())
            config.fail("moe_layers",
                        "must be an array of layer indices, " + describe_json_value(*list));
        for (const nlohmann::json& index : *list) {
            if (!index.is_number_unsigned() || index.get<std::uint64_t>() >= layers)
                config.fail("moe_layers", "must hold layer indices below " +
                                              std::to_string(layers) + ", " +
                                              describe_json_value(index));
            moe_layers.insert(index.get<std::uint64_t>());
        }
    } else {
        const std::uint64_t step = config.positive_or("interleave_moe_layer_step", 1);
        for (std::uint64_t i = step - 1; i < layers; i += step)
            moe_layers.insert(i);
    }
    std::vector<bool> chunked(layers);
    if (const nlohmann::json* list = config.raw("no_rope_layers");
        list != nullptr && !(list->is_array() && list->empty())) {
        if (!list->is_array() || list->size() != layers)
            config.fail("no_rope_layers", "must be an array of " + std::to_string(layers) +
                                              " flags (one per layer), " +
                                              describe_json_value(*list));
        for (std::uint64_t i = 0; i < layers; ++i) {
            const nlohmann::json& flag = (*list)[i];
            if (!flag.is_number_unsigned() || flag.get<std::uint64_t>() > 1)
                config.fail("no_rope_layers", "must hold 0 or 1, " + describe_json_value(flag));
            chunked[i] = flag.get<std::uint64_t>() == 1;
        }
    } else {
        const std::uint64_t interval = config.positive_or("no_rope_layer_interval", 4);
        for (std::uint64_t i = 0; i < layers; ++i)
            chunked[i] = (i + 1) % interval != 0;
    }

    ParamCount layer = attention_projections(hidden, heads, kv_heads, head_dim, bias, bias);
    layer.norm(hidden);  // input_layernorm
    layer.norm(hidden);  // post_attention_layernorm
    ParamCount expert;
    expert.add(mul(mul(hidden, expert_width), 3));  // gate_up_proj, down_proj
    ParamCount moe;
    moe.add_times(expert, experts);
    moe.add(mul(hidden, experts));                      // router
    moe.add_times(gated_mlp(hidden, expert_width), 1);  // shared_expert

    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.norm(hidden);
    total.add_times(layer, layers);
    total.add_times(moe, moe_layers.size());
    if (moe_layers.size() < layers) {
        total.add_times(gated_mlp(hidden, config.positive("intermediate_size_mlp")),
                        layers - moe_layers.size());
    }
    const std::uint64_t inactive =
        checked_mul(expert.total(), experts - active, moe_layers.size(), "parameter count");

    ModelSpec model = counted_model(total.total(), inactive,
                                    {layers, hidden, heads, kv_heads, head_dim, vocab, tied});
    model.routed_experts = experts;  // the speed model reads only the experts a step touches
    model.experts_per_token = active;
    const std::uint64_t chunk = config.positive("attention_chunk_size");
    const auto local = static_cast<std::uint64_t>(std::count(chunked.begin(), chunked.end(), true));
    add_attention_layers(model, layers, local, chunk, kv_heads, head_dim);
    if (local > 0) {
        model.notes.push_back(std::to_string(local) + " of " + std::to_string(layers) +
                              " layers use chunked local attention: at most " +
                              std::to_string(chunk) +
                              " tokens each (attention_chunk_size), the rest (NoPE) every token");
    }
    return model;
}

}  // namespace

ModelSpec llama4_text(const FieldReader& config) {
    return llama4_decoder(config);
}

ModelSpec llama4(const FieldReader& config) {
    const nlohmann::json* text_json = config.raw("text_config");
    if (text_json == nullptr || !text_json->is_object()) {
        config.fail("text_config", text_json == nullptr
                                       ? std::string("is missing")
                                       : "must be an object, " + describe_json_value(*text_json));
    }
    nlohmann::json text = text_defaults();
    text.update(*text_json);
    const FieldReader text_config(text, config.context(), "text_config.");
    ModelSpec model = llama4_decoder(text_config);
    // The position limit lives in text_config (vLLM reads the text config's).
    if (text_config.has("max_position_embeddings"))
        model.max_position_embeddings = text_config.positive("max_position_embeddings");

    const std::optional<FieldReader> vision = config.optional_object("vision_config");
    if (!vision)
        config.fail("vision_config", "is missing: Llama 4 checkpoints carry a vision tower");
    const std::uint64_t width = vision->positive("hidden_size");
    const std::uint64_t layers = vision->positive("num_hidden_layers");
    const std::uint64_t mlp = vision->positive("intermediate_size");
    const std::uint64_t channels = vision->positive_or("num_channels", 3);
    const std::uint64_t image = vision->positive("image_size");
    const std::uint64_t patch = vision->positive("patch_size");
    const std::uint64_t projector_in = vision->positive("projector_input_dim");
    const std::uint64_t projector_out = vision->positive("projector_output_dim");
    const std::uint64_t output = vision->positive("vision_output_dim");
    const std::uint64_t patches = mul(image / patch, image / patch);

    ParamCount tower;
    tower.linear(mul(mul(channels, patch), patch), width);  // patch_embedding (unfold, no bias)
    tower.add(width);                                       // class_embedding
    tower.add(mul(patches + 1, width));                     // positional_embedding_vlm
    tower.norm(width, true);                                // layernorm_pre
    tower.norm(width, true);                                // layernorm_post
    ParamCount layer;
    for (int i = 0; i < 4; ++i)
        layer.linear(width, width, true);  // q, k, v, o
    layer.linear(width, mlp, true);        // fc1
    layer.linear(mlp, width, true);        // fc2
    layer.norm(width, true);               // input_layernorm
    layer.norm(width, true);               // post_attention_layernorm
    tower.add_times(layer, layers);
    tower.linear(mlp, projector_in);             // vision_adapter.mlp.fc1
    tower.linear(projector_out, projector_out);  // vision_adapter.mlp.fc2
    tower.linear(output, model.hidden_size);     // multi_modal_projector.linear_1

    model.parameters = checked_add(model.parameters, tower.total(), "parameter count");
    model.vision_parameters = tower.total();
    if (model.active_parameters)
        model.active_parameters =
            checked_add(*model.active_parameters, tower.total(), "parameter count");
    model.notes.push_back("includes the " + std::to_string(tower.total()) +
                          "-parameter vision tower and projector");
    return model;
}

}  // namespace llmsize::arch
