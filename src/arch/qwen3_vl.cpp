// Qwen3-VL and Qwen3-VL-MoE (transformers models/qwen3_vl: modeling_qwen3_vl.py,
// configuration_qwen3_vl.py; models/qwen3_vl_moe): a Qwen3 (or Qwen3-MoE) decoder under
// "text_config" and a vision tower under "vision_config".
//   - Text: the qwen3 / qwen3_moe families' count (per-head q/k RMSNorms, no biases), with
//     Qwen3VLTextConfig's defaults for absent keys. tie_word_embeddings is read from text_config,
//     else from the top level (Qwen3VLConfig's own argument), else false.
//   - Patch embedding: a Conv3d of in_channels × temporal_patch_size × patch_size² → width, with
//     a bias (unlike Qwen2-VL's); learned position embeddings of num_position_embeddings × width.
//   - Blocks: LayerNorms with biases, qkv width → 3 × width and proj with biases, an MLP
//     linear_fc1 width → intermediate_size and linear_fc2 back, both with biases.
//   - Mergers: one of LayerNorm(width), width × merge² → the same, → out_hidden_size (biases);
//     plus one "deepstack" merger per deepstack_visual_indexes entry, whose LayerNorm is over
//     width × merge² (use_postshuffle_norm).
// The KV cache is the text decoder's (M-RoPE changes positions, not the cache).
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

namespace {

ModelSpec qwen3_vl_model(const FieldReader& config, bool experts) {
    // Qwen3VLTextConfig's (and Qwen3VLMoeTextConfig's) defaults for the keys a file leaves out.
    nlohmann::json defaults = {{"vocab_size", 151936},      {"hidden_size", 4096},
                               {"num_hidden_layers", 32},   {"num_attention_heads", 32},
                               {"num_key_value_heads", 32}, {"head_dim", 128}};
    if (!experts) defaults["intermediate_size"] = 22016;
    const nlohmann::json text = text_config_with_defaults(config, std::move(defaults), "Qwen3-VL");
    const FieldReader text_config(text, config.context(), "text_config.");
    ModelSpec model = find_family(experts ? "qwen3_moe" : "qwen3")->adapter(text_config);
    if (text_config.has("max_position_embeddings"))
        model.max_position_embeddings = text_config.positive("max_position_embeddings");

    add_qwen3_vision_tower(model, config, true);
    return model;
}

}  // namespace

void add_qwen3_vision_tower(ModelSpec& model, const FieldReader& config, bool with_deepstack) {
    const std::optional<FieldReader> vision = config.optional_object("vision_config");
    if (!vision) config.fail("vision_config", "is missing: the checkpoint carries a vision tower");
    const std::uint64_t width = vision->positive_or("hidden_size", 1152);
    const std::uint64_t depth = vision->positive_or("depth", 27);
    const std::uint64_t mlp = vision->positive_or("intermediate_size", 4304);
    const std::uint64_t channels = vision->positive_or("in_channels", 3);
    const std::uint64_t patch = vision->positive_or("patch_size", 16);
    const std::uint64_t temporal = vision->positive_or("temporal_patch_size", 2);
    const std::uint64_t merge = vision->positive_or("spatial_merge_size", 2);
    const std::uint64_t positions = vision->positive_or("num_position_embeddings", 2304);
    const std::uint64_t output = vision->positive_or("out_hidden_size", 3584);
    // Qwen3VLVisionConfig: deepstack_visual_indexes=[8, 16, 24]; Qwen3.5's tower has none.
    std::uint64_t deepstack = with_deepstack ? 3 : 0;
    if (const nlohmann::json* indexes =
            with_deepstack ? vision->raw("deepstack_visual_indexes") : nullptr) {
        if (!indexes->is_array())
            vision->fail("deepstack_visual_indexes",
                         "must be an array of layer indexes, " + describe_json_value(*indexes));
        deepstack = indexes->size();
    }
    if (output != model.hidden_size) {
        vision->fail("out_hidden_size",
                     "(" + std::to_string(output) + ") must equal the text hidden_size (" +
                         std::to_string(model.hidden_size) + "): the merger feeds the decoder");
    }

    ParamCount tower;
    tower.linear(mul(mul(mul(channels, temporal), patch), patch), width, true);  // patch_embed
    tower.add(mul(positions, width));                                            // pos_embed
    ParamCount block;
    block.norm(width, true);                   // norm1
    block.norm(width, true);                   // norm2
    block.linear(width, mul(width, 3), true);  // attn.qkv
    block.linear(width, width, true);          // attn.proj
    block.linear(width, mlp, true);            // mlp.linear_fc1
    block.linear(mlp, width, true);            // mlp.linear_fc2
    tower.add_times(block, depth);
    const std::uint64_t merged = mul(mul(width, merge), merge);
    ParamCount merger_linears;
    merger_linears.linear(merged, merged, true);  // linear_fc1
    merger_linears.linear(merged, output, true);  // linear_fc2
    tower.norm(width, true);                      // merger.norm, before the shuffle
    tower.add_times(merger_linears, 1);
    ParamCount deepstack_merger;
    deepstack_merger.norm(merged, true);  // after the shuffle
    deepstack_merger.add_times(merger_linears, 1);
    tower.add_times(deepstack_merger, deepstack);

    model.parameters = checked_add(model.parameters, tower.total(), "parameter count");
    if (model.active_parameters)
        model.active_parameters =
            checked_add(*model.active_parameters, tower.total(), "parameter count");
    model.vision_parameters = tower.total();
    model.notes.push_back(
        "includes the " + std::to_string(tower.total()) + "-parameter vision tower and its " +
        (deepstack == 0 ? std::string("merger") : std::to_string(deepstack + 1) + " mergers"));
}

ModelSpec qwen3_vl(const FieldReader& config) {
    return qwen3_vl_model(config, false);
}

ModelSpec qwen3_vl_moe(const FieldReader& config) {
    return qwen3_vl_model(config, true);
}

}  // namespace llmsize::arch
