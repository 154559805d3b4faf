// Qwen2-VL and Qwen2.5-VL (transformers models/qwen2_vl: modeling_qwen2_vl.py; models/qwen2_5_vl:
// modeling_qwen2_5_vl.py): a Qwen2 decoder (its keys at the top level, or under "text_config"
// in newer files) and a vision tower under "vision_config".
//   - Patch embedding: a Conv3d of in_chans × temporal_patch_size × patch_size² → width, no bias.
//   - Blocks: qkv width → 3 × width and proj with biases; Qwen2-VL: LayerNorms with bias and an
//     MLP fc1/fc2 of mlp_ratio × width with biases; Qwen2.5-VL: RMSNorms and a gated MLP of
//     intermediate_size with biases. Rotary position embeddings have no weights.
//   - Merger: ln_q over the width (LayerNorm with bias in Qwen2-VL, RMSNorm in Qwen2.5-VL), then
//     width × spatial_merge_size² → the same, and → the text hidden size (hidden_size in Qwen2-VL's
//     vision_config, out_hidden_size in Qwen2.5-VL's), both with biases.
// The KV cache is the text decoder's (M-RoPE changes positions, not the cache).
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

namespace {

ModelSpec qwen_vl(const FieldReader& config, bool qwen2_5) {
    ModelSpec model;
    const Family* qwen2 = find_family("qwen2");
    if (const std::optional<FieldReader> text = config.optional_object("text_config")) {
        model = qwen2->adapter(*text);
        if (text->has("max_position_embeddings"))
            model.max_position_embeddings = text->positive("max_position_embeddings");
    } else {
        model = qwen2->adapter(config);
    }

    const std::optional<FieldReader> vision = config.optional_object("vision_config");
    if (!vision)
        config.fail("vision_config", "is missing: Qwen-VL checkpoints carry a vision tower");
    const std::uint64_t width =
        qwen2_5 ? vision->positive_or("hidden_size", 1280) : vision->positive_or("embed_dim", 1280);
    const std::uint64_t depth = vision->positive_or("depth", 32);
    const std::uint64_t channels = vision->positive_or("in_chans", 3);
    const std::uint64_t patch = vision->positive_or("patch_size", 14);
    const std::uint64_t temporal = vision->positive_or("temporal_patch_size", 2);
    const std::uint64_t merge = vision->positive_or("spatial_merge_size", 2);
    const std::uint64_t output = qwen2_5 ? vision->positive_or("out_hidden_size", 3584)
                                         : vision->positive_or("hidden_size", 3584);
    if (output != model.hidden_size) {
        vision->fail(qwen2_5 ? "out_hidden_size" : "hidden_size",
                     "(" + std::to_string(output) + ") must equal the text hidden_size (" +
                         std::to_string(model.hidden_size) + "): the merger feeds the decoder");
    }

    ParamCount tower;
    tower.linear(mul(mul(mul(channels, temporal), patch), patch), width);  // patch_embed
    ParamCount block;
    block.norm(width, !qwen2_5);               // norm1
    block.norm(width, !qwen2_5);               // norm2
    block.linear(width, mul(width, 3), true);  // attn.qkv
    block.linear(width, width, true);          // attn.proj
    if (qwen2_5) {
        block.add_times(gated_mlp(width, vision->positive_or("intermediate_size", 3420), true), 1);
    } else {
        const std::uint64_t mlp = mul(width, vision->positive_or("mlp_ratio", 4));
        block.linear(width, mlp, true);  // fc1
        block.linear(mlp, width, true);  // fc2
    }
    tower.add_times(block, depth);
    const std::uint64_t merged = mul(mul(width, merge), merge);
    tower.norm(width, !qwen2_5);         // merger.ln_q
    tower.linear(merged, merged, true);  // merger.mlp.0
    tower.linear(merged, output, true);  // merger.mlp.2

    model.parameters = checked_add(model.parameters, tower.total(), "parameter count");
    model.vision_parameters = tower.total();
    model.notes.push_back("includes the " + std::to_string(tower.total()) +
                          "-parameter vision tower and merger");
    return model;
}

}  // namespace

ModelSpec qwen2_vl(const FieldReader& config) {
    return qwen_vl(config, false);
}

ModelSpec qwen2_5_vl(const FieldReader& config) {
    return qwen_vl(config, true);
}

}  // namespace llmsize::arch
