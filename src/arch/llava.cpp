// LLaVA (transformers models/llava: modeling_llava.py, configuration_llava.py; the tower is
// models/clip: modeling_clip.py CLIPVisionModel): a text decoder under "text_config", a CLIP
// vision tower under "vision_config" and a two-layer projector.
//   - Published configs list only the keys that differ from the defaults, so absent text keys
//     take LlamaConfig's (the llava-1.5 shape) and absent vision keys CLIPVisionConfig's, or
//     LlavaConfig's own CLIP ViT-L/14-336 when vision_config is absent.
//   - CLIP tower: class_embedding, patch_embedding (num_channels × patch² → width, no bias),
//     (patches + 1) position embeddings, pre_layrnorm, and per layer q/k/v/out_proj with biases,
//     two LayerNorms with biases and fc1/fc2 with biases, then post_layernorm. Every layer is
//     loaded, whichever vision_feature_layer the projector reads.
//   - Projector: linear_1 (width × the number of feature layers → text hidden) and linear_2
//     (text hidden → text hidden), with biases unless multimodal_projector_bias is false.
#include "architectures.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

namespace llmsize::arch {

namespace {

nlohmann::json merged(nlohmann::json defaults, const nlohmann::json* given) {
    if (given != nullptr && given->is_object()) defaults.update(*given);
    return defaults;
}

}  // namespace

ModelSpec llava(const FieldReader& config) {
    const nlohmann::json* text_json = config.raw("text_config");
    if (text_json != nullptr && !text_json->is_object())
        config.fail("text_config", "must be an object, " + describe_json_value(*text_json));
    const std::string text_type = text_json != nullptr && text_json->contains("model_type") &&
                                          (*text_json)["model_type"].is_string()
                                      ? (*text_json)["model_type"].get<std::string>()
                                      : "llama";
    if (text_type != "llama") {
        config.fail("text_config", "has model_type " + quote_value(text_type) +
                                       "; llmsize counts LLaVA with a Llama text model only "
                                       "(whose absent keys take LlamaConfig's defaults)");
    }
    static const nlohmann::json k_llama_defaults = {
        {"hidden_size", 4096},       {"intermediate_size", 11008}, {"num_hidden_layers", 32},
        {"num_attention_heads", 32}, {"vocab_size", 32000},        {"tie_word_embeddings", false}};
    const nlohmann::json text = merged(k_llama_defaults, text_json);
    const FieldReader text_config(text, config.context(), "text_config.");
    ModelSpec model = find_family("llama")->adapter(text_config);
    if (text_config.has("max_position_embeddings"))
        model.max_position_embeddings = text_config.positive("max_position_embeddings");

    const nlohmann::json* vision_json = config.raw("vision_config");
    if (vision_json != nullptr && !vision_json->is_object())
        config.fail("vision_config", "must be an object, " + describe_json_value(*vision_json));
    if (vision_json != nullptr && vision_json->contains("model_type") &&
        (*vision_json)["model_type"] != "clip_vision_model") {
        const nlohmann::json& type = (*vision_json)["model_type"];
        config.fail("vision_config", "has model_type " +
                                         (type.is_string() ? quote_value(type.get<std::string>())
                                                           : describe_json_value(type)) +
                                         "; llmsize counts LLaVA with a CLIP vision tower only");
    }
    // CLIPVisionConfig's defaults, or LlavaConfig's own tower when vision_config is absent.
    const nlohmann::json vision =
        vision_json != nullptr
            ? merged({{"hidden_size", 768},
                      {"intermediate_size", 3072},
                      {"num_hidden_layers", 12},
                      {"num_channels", 3},
                      {"image_size", 224},
                      {"patch_size", 32}},
                     vision_json)
            : nlohmann::json{{"hidden_size", 1024},     {"intermediate_size", 4096},
                             {"num_hidden_layers", 24}, {"num_channels", 3},
                             {"image_size", 336},       {"patch_size", 14}};
    const FieldReader vision_config(vision, config.context(), "vision_config.");
    const std::uint64_t width = vision_config.positive("hidden_size");
    const std::uint64_t mlp = vision_config.positive("intermediate_size");
    const std::uint64_t layers = vision_config.positive("num_hidden_layers");
    const std::uint64_t channels = vision_config.positive("num_channels");
    const std::uint64_t image = vision_config.positive("image_size");
    const std::uint64_t patch = vision_config.positive("patch_size");
    const std::uint64_t patches = mul(image / patch, image / patch);
    std::uint64_t feature_layers = 1;
    if (const nlohmann::json* layer = config.raw("vision_feature_layer");
        layer && layer->is_array())
        feature_layers = layer->size();
    const bool projector_bias = config.boolean_or("multimodal_projector_bias", true);

    ParamCount tower;
    tower.add(width);                                       // class_embedding
    tower.linear(mul(mul(channels, patch), patch), width);  // patch_embedding, no bias
    tower.add(mul(patches + 1, width));                     // position_embedding
    tower.norm(width, true);                                // pre_layrnorm
    ParamCount layer;
    for (int i = 0; i < 4; ++i)
        layer.linear(width, width, true);  // q, k, v, out_proj
    layer.norm(width, true);               // layer_norm1
    layer.norm(width, true);               // layer_norm2
    layer.linear(width, mlp, true);        // fc1
    layer.linear(mlp, width, true);        // fc2
    tower.add_times(layer, layers);
    tower.norm(width, true);                                                      // post_layernorm
    tower.linear(mul(width, feature_layers), model.hidden_size, projector_bias);  // linear_1
    tower.linear(model.hidden_size, model.hidden_size, projector_bias);           // linear_2

    model.parameters = checked_add(model.parameters, tower.total(), "parameter count");
    model.vision_parameters = tower.total();
    model.notes.push_back("includes the " + std::to_string(tower.total()) +
                          "-parameter CLIP vision tower and projector");
    return model;
}

}  // namespace llmsize::arch
