// Mistral 3 vision-language checkpoints (Mistral-Small-3.1/3.2; transformers models/mistral3:
// modeling_mistral3.py, and models/pixtral: modeling_pixtral.py): a Mistral decoder under
// "text_config", a Pixtral vision tower under "vision_config" and a projector.
//   - Pixtral tower: patch_conv (num_channels × patch² → hidden, no bias), ln_pre (RMSNorm), and
//     per layer an attention_norm and ffn_norm (RMSNorm), q/k/v/o hidden → hidden and a gated
//     MLP hidden → intermediate_size, all without bias. Its 2-D rotary embedding has no weights.
//   - Projector (Mistral3MultiModalProjector): an RMSNorm over the vision width, the patch
//     merger (vision width × spatial_merge_size² → vision width, no bias), linear_1 (vision width
//     × the number of vision_feature_layer entries → text hidden) and linear_2 (text hidden →
//     text hidden), both with a bias when multimodal_projector_bias.
// The KV cache is the text decoder's; image tokens occupy ordinary positions in it.
#include "architectures.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

namespace llmsize::arch {

namespace {
const Family& family_named(const FieldReader& config, std::string_view key,
                           std::string_view model_type) {
    const Family* family = find_family(model_type);
    if (family == nullptr) {
        config.fail(key, "names model_type " + quote_value(model_type) +
                             ", which llmsize does not count as a vision-language text model");
    }
    return *family;
}
}  // namespace

ModelSpec mistral3(const FieldReader& config) {
    const std::optional<FieldReader> text = config.optional_object("text_config");
    if (!text) config.fail("text_config", "is missing: the language model's size keys live there");
    const std::string text_type = text->optional_string("model_type").value_or("mistral");
    ModelSpec model = family_named(*text, "model_type", text_type).adapter(*text);
    if (text->has("max_position_embeddings"))
        model.max_position_embeddings = text->positive("max_position_embeddings");

    const std::optional<FieldReader> vision = config.optional_object("vision_config");
    if (!vision)
        config.fail("vision_config", "is missing: Mistral 3 checkpoints carry a vision tower");
    const std::uint64_t width = vision->positive_or("hidden_size", 1024);
    const std::uint64_t mlp = vision->positive_or("intermediate_size", 4096);
    const std::uint64_t layers = vision->positive_or("num_hidden_layers", 24);
    const std::uint64_t channels = vision->positive_or("num_channels", 3);
    const std::uint64_t patch = vision->positive_or("patch_size", 16);
    const std::uint64_t merge = config.positive_or("spatial_merge_size", 2);
    const bool projector_bias = config.boolean_or("multimodal_projector_bias", false);
    std::uint64_t feature_layers = 1;
    if (const nlohmann::json* layer = config.raw("vision_feature_layer");
        layer && layer->is_array())
        feature_layers = layer->size();

    ParamCount tower;
    tower.linear(mul(mul(channels, patch), patch), width);  // patch_conv
    tower.norm(width);                                      // ln_pre
    ParamCount layer = attention_projections(width, 1, 1, width);
    layer.add_times(gated_mlp(width, mlp), 1);
    layer.norm(width);  // attention_norm
    layer.norm(width);  // ffn_norm
    tower.add_times(layer, layers);
    tower.norm(width);                                   // projector norm
    tower.linear(mul(mul(width, merge), merge), width);  // patch_merger.merging_layer
    tower.linear(mul(width, feature_layers), model.hidden_size, projector_bias);  // linear_1
    tower.linear(model.hidden_size, model.hidden_size, projector_bias);           // linear_2

    model.parameters = checked_add(model.parameters, tower.total(), "parameter count");
    model.vision_parameters = tower.total();
    if (model.active_parameters)
        model.active_parameters =
            checked_add(*model.active_parameters, tower.total(), "parameter count");
    model.notes.push_back("includes the " + std::to_string(tower.total()) +
                          "-parameter Pixtral vision tower and projector");
    return model;
}

}  // namespace llmsize::arch
