// Qwen3.5 and Qwen3.5-MoE (transformers models/qwen3_5: modular_qwen3_5.py; models/qwen3_5_moe:
// configuration_qwen3_5_moe.py): Qwen3-Next's layer stack under "text_config" and Qwen3-VL's
// vision tower under "vision_config".
//   - Text: gated DeltaNet and gated attention layers as in Qwen3-Next. Qwen3.5's DeltaNet splits
//     in_proj_qkvz / in_proj_ba into in_proj_qkv, in_proj_z, in_proj_b and in_proj_a, the same
//     weights. Qwen3.5 (dense) follows every layer with a SwiGLU MLP of intermediate_size;
//     Qwen3.5-MoE with routed experts and a gated shared expert on every layer. Absent keys take
//     Qwen3_5TextConfig's / Qwen3_5MoeTextConfig's defaults.
//   - Vision: Qwen3-VL's tower with one merger and no deepstack mergers
//     (Qwen3_5VisionConfig: deepstack_visual_indexes removed).
// The checkpoints also store a multi-token-prediction layer (mtp.*), not counted, as for
// Qwen3-Next. The cache: KV for the full-attention layers, a fixed state for the DeltaNet ones.
#include "architectures.hpp"

namespace llmsize::arch {

namespace {

ModelSpec qwen3_5_model(const FieldReader& config, bool experts) {
    nlohmann::json defaults =
        experts
            // Qwen3_5MoeTextConfig's defaults (the Qwen3.5-35B-A3B shape).
            ? nlohmann::json{{"vocab_size", 248320},
                             {"hidden_size", 2048},
                             {"num_hidden_layers", 40},
                             {"num_attention_heads", 16},
                             {"num_key_value_heads", 2},
                             {"head_dim", 256},
                             {"moe_intermediate_size", 512},
                             {"shared_expert_intermediate_size", 512},
                             {"num_experts_per_tok", 8},
                             {"num_experts", 256}}
            // Qwen3_5TextConfig's: Qwen3NextConfig's with these overrides and no experts.
            : nlohmann::json{{"vocab_size", 248320},
                             {"hidden_size", 4096},
                             {"intermediate_size", 12288},
                             {"num_hidden_layers", 32},
                             {"num_key_value_heads", 4},
                             {"num_attention_heads", 16},
                             {"head_dim", 256}};
    nlohmann::json text = text_config_with_defaults(config, std::move(defaults), "Qwen3.5");
    if (!experts) text["num_experts"] = 0;  // Qwen3_5TextConfig deletes every expert key
    const FieldReader text_config(text, config.context(), "text_config.");
    ModelSpec model = gated_delta_net_hybrid(text_config, "Qwen3.5");
    if (text_config.has("max_position_embeddings"))
        model.max_position_embeddings = text_config.positive("max_position_embeddings");
    add_qwen3_vision_tower(model, config, false);
    return model;
}

}  // namespace

ModelSpec qwen3_5(const FieldReader& config) {
    return qwen3_5_model(config, false);
}

ModelSpec qwen3_5_moe(const FieldReader& config) {
    return qwen3_5_model(config, true);
}

}  // namespace llmsize::arch
