// One adapter per model family: how its config.json keys map to an exact parameter count and KV
// layout. Internal to the core library; registry.cpp maps "model_type" to its adapter.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "field_reader.hpp"
#include "llmsize/model.hpp"

namespace llmsize::arch {

// Sums parameter counts with overflow checks.
class ParamCount {
  public:
    void add(std::uint64_t count);
    // A dense layer: in × out weights, plus out biases when `bias`.
    void linear(std::uint64_t in, std::uint64_t out, bool bias = false);
    // A normalisation over `width` features: a weight, plus a bias when `bias` (LayerNorm).
    void norm(std::uint64_t width, bool bias = false);
    // `times` copies of what `other` counted.
    void add_times(const ParamCount& other, std::uint64_t times);
    std::uint64_t total() const { return m_total; }

  private:
    std::uint64_t m_total = 0;
};

std::uint64_t mul(std::uint64_t a, std::uint64_t b);  // checked, "parameter count"

// Shared blocks that adapters compose.

// A Mamba-1 mixer (modeling_mamba.py MambaMixer): in_proj hidden → 2 × d_inner, a depthwise
// conv1d of d_conv taps, x_proj d_inner → dt_rank + 2 × d_state, dt_proj dt_rank → d_inner
// with bias, A_log d_inner × d_state, D, out_proj d_inner → hidden.
struct Mamba1Shape {
    std::uint64_t hidden = 0;
    std::uint64_t d_inner = 0;
    std::uint64_t d_state = 0;
    std::uint64_t d_conv = 0;
    std::uint64_t dt_rank = 0;
    bool conv_bias = true;
    bool proj_bias = false;
};
ParamCount mamba1_mixer(const Mamba1Shape& shape);
// Per sequence and layer: a conv state of d_inner × (d_conv − 1) and an SSM state of
// d_inner × d_state elements (vLLM's MambaStateShapeCalculator layout).
std::uint64_t mamba1_state_elements(const Mamba1Shape& shape);

// A Mamba-2 mixer (modeling_mamba2.py Mamba2Mixer; the same block in nemotron_h,
// granitemoehybrid, falcon_h1, zamba2): d_inner = heads × head_dim; in_proj hidden →
// 2 × d_inner + 2 × groups × d_state + heads; a depthwise conv1d over d_inner + 2 × groups ×
// d_state channels of d_conv taps; dt_bias, A_log and D per head; a gated RMSNorm over d_inner;
// out_proj d_inner → hidden.
struct Mamba2Shape {
    std::uint64_t hidden = 0;
    std::uint64_t heads = 0;
    std::uint64_t head_dim = 0;
    std::uint64_t groups = 0;
    std::uint64_t d_state = 0;
    std::uint64_t d_conv = 0;
    bool conv_bias = true;
    bool proj_bias = false;
    bool gated_norm = true;  // the RMSNorm over d_inner before out_proj
};
ParamCount mamba2_mixer(const Mamba2Shape& shape);
// Per sequence and layer (vLLM MambaStateShapeCalculator.mamba2_state_shape): a conv state of
// (d_conv − 1) × (d_inner + 2 × groups × d_state) and an SSM state of heads × head_dim × d_state.
std::uint64_t mamba2_conv_state_elements(const Mamba2Shape& shape);
std::uint64_t mamba2_ssm_state_elements(const Mamba2Shape& shape);

// Grouped-query attention projections: q, k, v (bias `qkv_bias`) and o (bias `o_bias`).
ParamCount attention_projections(std::uint64_t hidden, std::uint64_t heads, std::uint64_t kv_heads,
                                 std::uint64_t head_dim, bool qkv_bias = false,
                                 bool o_bias = false);
// A gated (SwiGLU) MLP: gate and up hidden → intermediate, down intermediate → hidden.
ParamCount gated_mlp(std::uint64_t hidden, std::uint64_t intermediate, bool bias = false);

// One string per layer from an array key ("layer_types", "layers_block_type"), checked against
// `layers` and against `allowed` (an entry outside it fails naming the key and the entry).
std::vector<std::string> layer_kind_list(const FieldReader& config, std::string_view key,
                                         std::uint64_t layers,
                                         std::span<const std::string_view> allowed);

// Whether the config declares a float32 SSM / recurrent state ("mamba_ssm_cache_dtype" or
// "mamba_ssm_dtype" "float32"; absent: `class_default`), kept in float32 whatever the KV dtype.
bool float32_ssm_state(const FieldReader& config, bool class_default = false);

// The headline shape an adapter reports (JSON model.*).
struct Shape {
    std::uint64_t layers = 0;
    std::uint64_t hidden = 0;
    std::uint64_t heads = 0;
    std::uint64_t kv_heads = 0;
    std::uint64_t head_dim = 0;
    std::uint64_t vocab = 0;
    bool tied = false;  // output layer tied to the input embeddings
};

// A ModelSpec with `parameters`, its shape, the embedding parameters that quantised formats keep
// at 16 bits, and — when `inactive` expert parameters exist — the active count. KV layers are
// left for the adapter to add.
ModelSpec counted_model(std::uint64_t parameters, std::uint64_t inactive, const Shape& shape);

// A vision-language config's "text_config" with `defaults` (its text config class's) for the keys
// the file leaves out, and tie_word_embeddings falling back to the top level's, else false. Fails
// naming `family` when text_config is absent, or not an object.
nlohmann::json text_config_with_defaults(const FieldReader& config, nlohmann::json defaults,
                                         std::string_view family);

using Adapter = std::function<ModelSpec(const FieldReader&)>;

struct Family {
    std::string_view model_type;
    Adapter adapter;
    // The config.json "layer_types" entries the adapter sizes, when it reads that key.
    std::vector<std::string_view> layer_kinds{"full_attention", "sliding_attention"};
};

// What `config` holds that its adapter did not read (`used_keys`) and that would change the
// count or the cache, one "'num_local_experts' (mixture-of-experts)" per key; `generic` (an
// unknown model_type: `family` null) also lists every key outside the generic decoder's.
std::vector<std::string> unmodelled_components(const nlohmann::json& config,
                                               const std::set<std::string>& used_keys,
                                               const Family* family);

// The adapter registered for a config.json "model_type" (registry.cpp), or nullptr.
const Family* find_family(std::string_view model_type);

// For a model_type llmsize knows of but does not count yet, what it has that the counter lacks
// ("gated delta-net layers and experts"); nullopt otherwise.
std::optional<std::string_view> unsupported_family(std::string_view model_type);

// Llama and its descendants: llama, mistral, mixtral, qwen2, qwen2_moe, qwen3, qwen3_moe,
// gemma, gemma2, gemma3_text, phi3, starcoder2 (their differences are a table of traits).
std::span<const Family> llama_like_families();
// The generic decoder formula for an unknown model_type with the usual keys.
ModelSpec generic_decoder(const FieldReader& config);

ModelSpec falcon(const FieldReader& config);
ModelSpec gpt_neox(const FieldReader& config);
ModelSpec gptj(const FieldReader& config);
ModelSpec gpt2(const FieldReader& config);
ModelSpec bloom(const FieldReader& config);
ModelSpec opt(const FieldReader& config);
ModelSpec t5(const FieldReader& config);
ModelSpec deepseek(const FieldReader& config);
ModelSpec jamba(const FieldReader& config);
ModelSpec gpt_oss(const FieldReader& config);
ModelSpec mamba(const FieldReader& config);  // mamba, falcon_mamba
ModelSpec gemma3_multimodal(const FieldReader& config);
ModelSpec qwen3_next(const FieldReader& config);
// Qwen3-Next's layer stack (gated DeltaNet and gated attention layers; a mixture of experts with
// a shared expert, or a dense MLP when num_experts is 0), read from `config`; `family` names the
// checkpoints in the note on their multi-token-prediction layer.
ModelSpec gated_delta_net_hybrid(const FieldReader& config, std::string_view family);
// Qwen3-VL's vision tower (also Qwen3.5's, without the deepstack mergers), read from the
// config's "vision_config", added to `model`: parameters, active parameters, vision_parameters
// and a note.
void add_qwen3_vision_tower(ModelSpec& model, const FieldReader& config, bool deepstack);
ModelSpec qwen3_5(const FieldReader& config);      // Qwen3.5: text_config + vision tower
ModelSpec qwen3_5_moe(const FieldReader& config);  // Qwen3.5-MoE: text_config + vision tower
ModelSpec llama4(const FieldReader& config);       // text_config + vision tower
ModelSpec llama4_text(const FieldReader& config);
ModelSpec mistral3(const FieldReader& config);  // text_config + Pixtral tower
ModelSpec llava(const FieldReader& config);     // Llama text_config + CLIP tower
ModelSpec qwen2_vl(const FieldReader& config);
ModelSpec qwen2_5_vl(const FieldReader& config);
ModelSpec mllama(const FieldReader& config);        // Llama 3.2 Vision
ModelSpec whisper(const FieldReader& config);       // audio encoder + decoder
ModelSpec qwen3_vl(const FieldReader& config);      // Qwen3 text_config + vision tower
ModelSpec qwen3_vl_moe(const FieldReader& config);  // Qwen3-MoE text_config + vision tower
ModelSpec glm4_moe(const FieldReader& config);
ModelSpec mamba2(const FieldReader& config);
ModelSpec nemotron_h(const FieldReader& config);
ModelSpec granite_moe_hybrid(const FieldReader& config);
ModelSpec exaone4(const FieldReader& config);
ModelSpec falcon_h1(const FieldReader& config);
ModelSpec chatglm(const FieldReader& config);  // ChatGLM2/3, GLM-4-9B-Chat remote code

// head_dim for configs that may set it explicitly: the key when present, else hidden / heads
// (which must divide).
std::uint64_t head_dim_of(const FieldReader& config, std::uint64_t hidden, std::uint64_t heads,
                          std::string_view hidden_key, std::string_view heads_key);

// kv heads must divide attention heads.
void check_kv_heads(const FieldReader& config, std::uint64_t heads, std::uint64_t kv_heads,
                    std::string_view kv_key);

}  // namespace llmsize::arch
