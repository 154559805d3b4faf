// What a config.json holds that its adapter did not read and that would change the count or the
// cache: experts, a vision or audio sub-model, a state-space mixer, unknown layer kinds, and —
// for a model_type llmsize does not know — any key outside the generic decoder's. Sizing such a
// config as if those parts were absent is how a tool gets confidently wrong.
#include <algorithm>
#include <array>

#include "architectures.hpp"
#include "llmsize/error.hpp"

namespace llmsize::arch {

namespace {

// Keys that add parameters (experts) or a per-sequence state when present and non-zero.
struct Component {
    std::string_view key;
    std::string_view what;
};
constexpr Component k_component_keys[]{
    {"num_experts", "mixture-of-experts"},
    {"num_local_experts", "mixture-of-experts"},
    {"n_routed_experts", "mixture-of-experts"},
    {"moe_num_experts", "mixture-of-experts"},
    {"n_shared_experts", "mixture-of-experts"},
    {"moe_intermediate_size", "mixture-of-experts"},
    {"shared_expert_intermediate_size", "mixture-of-experts"},
    {"ffn_config", "mixture-of-experts"},
    {"vision_tower", "a vision tower"},
    {"mm_vision_tower", "a vision tower"},
    {"ssm_cfg", "state-space (Mamba) layers"},
    {"state_size", "state-space (Mamba) layers"},
    {"ssm_state_size", "state-space (Mamba) layers"},
    {"d_state", "state-space (Mamba) layers"},
    {"mamba_d_state", "state-space (Mamba) layers"},
    {"mamba_d_conv", "state-space (Mamba) layers"},
    {"mamba_n_heads", "state-space (Mamba) layers"},
    {"mamba_expand", "state-space (Mamba) layers"},
    {"conv_kernel", "state-space (Mamba) layers"},
    {"d_conv", "state-space (Mamba) layers"},
    {"time_step_rank", "state-space (Mamba) layers"},
    {"hybrid_override_pattern", "a hybrid layer pattern"},
    {"layers_block_type", "a hybrid layer pattern"},
    {"layer_block_types", "a hybrid layer pattern"},
    {"attn_layer_indices", "a hybrid layer pattern"},
    {"linear_num_value_heads", "linear-attention (gated delta-net) layers"},
    {"linear_num_key_heads", "linear-attention (gated delta-net) layers"},
    {"linear_key_head_dim", "linear-attention (gated delta-net) layers"},
    {"cross_attention_layers", "cross-attention layers"},
    {"no_rope_layers", "NoPE layers"},
    {"attention_chunk_size", "chunked attention"},
    {"use_qk_norm", "q/k norms"},
};

// Objects that are settings, not sub-models.
constexpr std::array<std::string_view, 7> k_setting_objects{"quantization_config",
                                                            "rope_scaling",
                                                            "rope_parameters",
                                                            "task_specific_params",
                                                            "auto_map",
                                                            "id2label",
                                                            "label2id"};

// Keys that never change the parameter count or the cache.
constexpr std::array<std::string_view, 28> k_harmless_keys{"architectures",
                                                           "model_type",
                                                           "_name_or_path",
                                                           "transformers_version",
                                                           "torch_dtype",
                                                           "dtype",
                                                           "use_cache",
                                                           "hidden_act",
                                                           "hidden_activation",
                                                           "max_position_embeddings",
                                                           "rope_theta",
                                                           "rope_scaling",
                                                           "rope_parameters",
                                                           "pretraining_tp",
                                                           "auto_map",
                                                           "quantization_config",
                                                           "id2label",
                                                           "label2id",
                                                           "task_specific_params",
                                                           "return_dict",
                                                           "output_attentions",
                                                           "output_hidden_states",
                                                           "is_encoder_decoder",
                                                           "problem_type",
                                                           "tokenizer_class",
                                                           "bad_words_ids",
                                                           "logits_soft_cap",
                                                           "original_max_position_embeddings"};

bool ends_with_any(std::string_view key, std::initializer_list<std::string_view> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](std::string_view suffix) { return key.ends_with(suffix); });
}

// Whether a value switches a component on: absent, null, 0, false, "" and empty containers do not.
bool is_set(const nlohmann::json& value) {
    if (value.is_null()) return false;
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_number()) return value != 0;
    if (value.is_string() || value.is_array() || value.is_object()) return !value.empty();
    return true;
}

bool is_harmless(std::string_view key) {
    if (std::find(k_harmless_keys.begin(), k_harmless_keys.end(), key) != k_harmless_keys.end())
        return true;
    // token ids, dropouts, norm epsilons, initialisers, logit scaling, generation settings
    return ends_with_any(key, {"_token_id", "_token_ids", "_dropout", "dropout", "_eps", "_epsilon",
                               "_range", "_std", "_factor", "_multiplier"}) ||
           key.starts_with("rope_") || key.starts_with("initializer") ||
           key.starts_with("output_") || key.starts_with("router_aux") ||
           key.starts_with("use_return") || key.starts_with("torchscript");
}

}  // namespace

std::vector<std::string> unmodelled_components(const nlohmann::json& config,
                                               const std::set<std::string>& used_keys,
                                               const Family* family) {
    std::vector<std::string> found;  // components and layer kinds first
    std::vector<std::string> sub_models;
    std::vector<std::string> other_keys;  // unknown model_type: keys outside the generic decoder's
    const auto unread = [&](const std::string& key) { return !used_keys.contains(key); };
    if (const auto types = config.find("layer_types"); types != config.end() && types->is_array()) {
        // Kinds the adapter sizes: its own list when it read layer_types, else full attention.
        std::vector<std::string_view> known{"full_attention"};
        if (!unread("layer_types")) {
            known = family != nullptr
                        ? family->layer_kinds
                        : std::vector<std::string_view>{"full_attention", "sliding_attention"};
        }
        for (const nlohmann::json& kind : *types) {
            if (!kind.is_string() ||
                std::find(known.begin(), known.end(), kind.get<std::string>()) != known.end())
                continue;
            found.push_back("'layer_types' entry " + quote_value(kind.get<std::string>()) +
                            " (a layer kind)");
            break;
        }
    }
    const bool generic = family == nullptr;
    for (const auto& item : config.items()) {
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        if (key == "layer_types" || !unread(key) || !is_set(value)) continue;
        const auto component =
            std::find_if(std::begin(k_component_keys), std::end(k_component_keys),
                         [&](const Component& entry) { return entry.key == key; });
        if (component != std::end(k_component_keys)) {
            found.push_back(quote_value(key) + " (" + std::string(component->what) + ")");
            continue;
        }
        if (value.is_object() && std::find(k_setting_objects.begin(), k_setting_objects.end(),
                                           key) == k_setting_objects.end()) {
            sub_models.push_back(quote_value(key) + " (a nested sub-model)");
            continue;
        }
        if (generic && !is_harmless(key)) {
            other_keys.push_back(quote_value(key) + " (a key outside the generic decoder's)");
        }
    }
    found.insert(found.end(), sub_models.begin(), sub_models.end());
    found.insert(found.end(), other_keys.begin(), other_keys.end());
    return found;
}

}  // namespace llmsize::arch
