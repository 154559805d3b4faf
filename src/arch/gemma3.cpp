// Gemma 3 multimodal checkpoints (model_type "gemma3"): a gemma3_text decoder under
// "text_config", a SigLIP vision tower under "vision_config" and a projector between them
// (modeling_gemma3.py, modeling_siglip.py). Absent keys take the defaults of
// Gemma3TextConfig / SiglipVisionConfig as shipped with transformers 4.50.
#include "architectures.hpp"

namespace llmsize::arch {

namespace {
const nlohmann::json& text_defaults() {
    static const nlohmann::json defaults = {
        {"vocab_size", 262208},
        {"hidden_size", 2304},
        {"intermediate_size", 9216},
        {"num_hidden_layers", 26},
        {"num_attention_heads", 8},
        {"num_key_value_heads", 4},
        {"head_dim", 256},
        {"sliding_window", 4096},
        {"sliding_window_pattern", 6},
        {"max_position_embeddings", 131072},
        {"tie_word_embeddings", true},
    };
    return defaults;
}
const nlohmann::json& vision_defaults() {
    static const nlohmann::json defaults = {
        {"hidden_size", 768}, {"intermediate_size", 3072}, {"num_hidden_layers", 12},
        {"num_channels", 3},  {"image_size", 224},         {"patch_size", 16},
    };
    return defaults;
}

nlohmann::json with_defaults(const nlohmann::json& defaults, const nlohmann::json* given) {
    nlohmann::json merged = defaults;
    if (given != nullptr && given->is_object()) merged.update(*given);
    return merged;
}
}  // namespace

ModelSpec gemma3_multimodal(const FieldReader& config) {
    const nlohmann::json* text_json = config.raw("text_config");
    if (text_json != nullptr && !text_json->is_object()) {
        config.fail("text_config", "must be an object, " + describe_json_value(*text_json));
    }
    const nlohmann::json text = with_defaults(text_defaults(), text_json);
    const FieldReader text_config(text, config.context(), "text_config.");
    ModelSpec model;
    for (const Family& family : llama_like_families()) {
        if (family.model_type == "gemma3_text") model = family.adapter(text_config);
    }

    const nlohmann::json* vision_json = config.raw("vision_config");
    if (vision_json != nullptr && !vision_json->is_object()) {
        config.fail("vision_config", "must be an object, " + describe_json_value(*vision_json));
    }
    const nlohmann::json vision = with_defaults(vision_defaults(), vision_json);
    const FieldReader vision_config(vision, config.context(), "vision_config.");
    const std::uint64_t width = vision_config.positive("hidden_size");
    const std::uint64_t mlp = vision_config.positive("intermediate_size");
    const std::uint64_t layers = vision_config.positive("num_hidden_layers");
    const std::uint64_t channels = vision_config.positive("num_channels");
    const std::uint64_t image = vision_config.positive("image_size");
    const std::uint64_t patch = vision_config.positive("patch_size");
    if (vision_config.boolean_or("vision_use_head", false)) {
        vision_config.fail("vision_use_head",
                           "is true; llmsize does not count SigLIP's attention-pooling head");
    }
    const std::uint64_t patches_per_side = image / patch;

    ParamCount tower;
    tower.linear(mul(mul(channels, patch), patch), width, true);     // patch_embedding (conv)
    tower.add(mul(mul(patches_per_side, patches_per_side), width));  // position_embedding
    ParamCount layer;
    layer.norm(width, true);
    for (int i = 0; i < 4; ++i)
        layer.linear(width, width, true);  // q, k, v, out
    layer.norm(width, true);
    layer.linear(width, mlp, true);
    layer.linear(mlp, width, true);
    tower.add_times(layer, layers);
    tower.norm(width, true);  // post_layernorm
    // multi_modal_projector: mm_soft_emb_norm + mm_input_projection_weight.
    tower.norm(width);
    tower.add(mul(width, model.hidden_size));

    ParamCount total;
    total.add(model.parameters);
    total.add(tower.total());
    model.parameters = total.total();
    model.vision_parameters = tower.total();
    model.notes.push_back("includes the " + std::to_string(tower.total()) +
                          "-parameter SigLIP vision tower and projector");
    return model;
}

}  // namespace llmsize::arch
