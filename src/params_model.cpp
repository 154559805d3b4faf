#include "llmsize/params_model.hpp"

#include <string>

#include "llmsize/error.hpp"
#include "llmsize/presets.hpp"

namespace llmsize {

ModelSpec model_from_parameter_count(std::uint64_t parameters, const ShapeOverrides& overrides) {
    const Preset& reference = nearest_guide_sample(parameters);
    const ModelSpec base = model_from_preset(reference);

    ModelSpec model;
    model.source = ModelSource::params;
    model.parameters = parameters;
    model.layers = overrides.layers.value_or(base.layers);
    model.attention_heads = overrides.attention_heads.value_or(base.attention_heads);
    model.hidden_size = overrides.hidden_size.value_or(base.hidden_size);
    const bool layout_given = overrides.hidden_size || overrides.attention_heads;
    if (overrides.head_dim) {
        model.head_dim = *overrides.head_dim;
    } else if (layout_given) {
        if (model.hidden_size % model.attention_heads != 0) {
            throw Error("--hidden " + std::to_string(model.hidden_size) +
                        " is not divisible by --heads " + std::to_string(model.attention_heads) +
                        (overrides.attention_heads ? "" : " (taken from " + reference.name + ")") +
                        "; give --heads or --head-dim");
        }
        model.head_dim = model.hidden_size / model.attention_heads;
    } else {
        model.head_dim = base.head_dim;
    }
    model.kv_heads = overrides.kv_heads.value_or(overrides.attention_heads ? model.attention_heads
                                                                           : base.kv_heads);
    if (model.attention_heads % model.kv_heads != 0) {
        throw Error("--kv-heads " + std::to_string(model.kv_heads) +
                    " must divide the number of attention heads (" +
                    std::to_string(model.attention_heads) + ")");
    }
    model.kv_layers.push_back(full_attention_layers(model.layers, model.kv_heads, model.head_dim));

    const bool complete =
        overrides.layers && overrides.kv_heads && (overrides.head_dim || layout_given);
    const bool complete_mha = overrides.layers && layout_given && !overrides.kv_heads;
    if (complete_mha) {
        model.notes.push_back(
            "--kv-heads not given: multi-head attention assumed (KV heads = "
            "attention heads = " +
            std::to_string(model.kv_heads) + ")");
    } else if (!complete) {
        model.notes.push_back(
            "only a parameter count was given: the KV-cache shape (" +
            std::to_string(model.layers) + " layers, " + std::to_string(model.kv_heads) +
            " KV heads, head_dim " + std::to_string(model.head_dim) + ") is " +
            (overrides.any() ? "partly " : "") + "assumed from " + reference.name +
            ", the sizing guide's reference model nearest in size; "
            "give --config or --model, or --layers, --kv-heads and --head-dim, for exact figures");
    }
    return model;
}

}  // namespace llmsize
