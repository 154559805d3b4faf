// What llmsize knows about a model: its parameter count and the exact shape of its KV cache.
// Built from a bare parameter count, a config.json or a bundled preset; consumed by kv_cache
// and sizing. Pure data: no parsing here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/weight_format.hpp"

namespace llmsize {

// Most layers a model may declare, wherever it comes from (config.json's layer-count keys, GGUF's
// block_count): code loops over layers, so the bound keeps every input within a second. The
// deepest real models have a few hundred.
inline constexpr std::uint64_t k_max_layers = 65'536;

enum class ModelSource { params, config, preset, gguf };
std::string_view source_name(ModelSource source);  // "params", "config", "preset", "gguf"

// What a layer keeps per token of a sequence.
enum class LayerKind {
    full_attention,     // K and V for every token
    sliding_attention,  // K and V for the last `window_tokens` tokens only
    latent_attention,   // one compressed latent + rope key per token (DeepSeek MLA)
    cross_attention,    // encoder-decoder: K and V for every encoder token
};
std::string_view layer_kind_name(LayerKind kind);

// A run of layers with the same cache shape.
struct KvLayerGroup {
    LayerKind kind = LayerKind::full_attention;
    std::uint64_t layers = 0;         // how many layers have this shape
    std::uint64_t kv_heads = 0;       // heads cached per layer (1 for a latent cache)
    std::uint64_t key_dim = 0;        // K elements per head (latent: kv_lora_rank + rope dim)
    std::uint64_t value_dim = 0;      // V elements per head (latent: 0, V is rebuilt from it)
    std::uint64_t window_tokens = 0;  // sliding window; 0 means the whole sequence

    // K+V elements one layer caches for one token.
    std::uint64_t elements_per_token_per_layer() const;
};

struct ModelSpec {
    std::optional<std::string> name;  // preset name or config "_name_or_path"
    ModelSource source = ModelSource::params;
    std::optional<std::string> architecture;         // config.json "model_type"
    std::uint64_t parameters = 0;                    // total parameters: memory is sized by this
    std::optional<std::uint64_t> active_parameters;  // per token, mixture-of-experts only
    // Input embeddings plus an untied output layer: quantised formats keep these at 16 bits.
    std::uint64_t embedding_parameters = 0;

    // The headline shape (JSON `model.*`). For hybrids `layers` counts every layer.
    std::uint64_t layers = 0;
    std::uint64_t hidden_size = 0;
    std::uint64_t attention_heads = 0;
    std::uint64_t kv_heads = 0;
    std::uint64_t head_dim = 0;
    std::optional<std::uint64_t> vocab_size;
    std::optional<std::uint64_t> max_position_embeddings;
    std::optional<std::string> torch_dtype;  // the checkpoint's dtype ("torch_dtype" or "dtype")
    // The longest sequence the model supports, as vLLM derives max_model_len: the position
    // limit × the rope scaling factor where the config has one; a GGUF file's context_length.
    std::optional<std::uint64_t> max_context_tokens;
    std::string context_rule;  // how max_context_tokens was derived, in words
    // The checkpoint's quantisation (config.json "quantization_config"), when it has one.
    std::optional<WeightFormat> checkpoint_format;

    // Decoder self-attention caches: what grows with the generated sequence.
    std::vector<KvLayerGroup> kv_layers;
    // Encoder-decoder: the decoder's cross-attention cache, per encoder token.
    std::vector<KvLayerGroup> cross_kv_layers;
    // The encoder tokens each sequence's cross-attention caches: 0 for an encoder as long as the
    // sequence (T5's assumption); a fixed count where the encoder input has one (Llama 3.2
    // Vision: one image at its most tiles).
    std::uint64_t cross_attention_tokens = 0;
    // Those fixed encoder tokens in words, for the report's note: what follows "cross-attention
    // layers also cache K and V over " ("the encoder's 1,500 positions per sequence ..."); empty:
    // "N encoder tokens per sequence".
    std::string cross_attention_input;
    std::uint64_t encoder_layers = 0;
    // Recurrent (Mamba) layers: a fixed state per sequence, whatever its length.
    std::uint64_t recurrent_layers = 0;
    std::uint64_t recurrent_state_elements_per_layer = 0;
    // Of those, the elements kept in float32 whatever the KV dtype: the SSM state of a config
    // that declares "mamba_ssm_cache_dtype" / "mamba_ssm_dtype" float32 (Nemotron-H, Qwen3.5).
    std::uint64_t recurrent_float32_elements_per_layer = 0;

    // Routed experts' weight matrices (not their biases): what an experts-only quantisation
    // (gpt-oss MXFP4) stores at its low bit width.
    std::uint64_t expert_weight_parameters = 0;
    // Mixture-of-experts routing: routed experts per MoE layer and how many each token uses
    // (0 for dense models). The speed model reads only the experts a step's tokens touch.
    std::uint64_t routed_experts = 0;
    std::uint64_t experts_per_token = 0;
    // For the mixtures of experts run by vLLM's Triton fused-MoE kernel (Mixtral, Qwen-MoE,
    // OLMoE): one expert's MLP width; 0 for dense models and the families not recorded. vLLM
    // sizes its persistent fused-MoE workspace by it and experts_per_token (docs/engines.md).
    std::uint64_t moe_intermediate_size = 0;

    // Of `parameters`, the vision tower and projector of a vision-language model (0 otherwise):
    // what an engine's multimodal profiling run exercises besides the decoder.
    std::uint64_t vision_parameters = 0;
    // Of `parameters`, the audio encoder of a speech model (Whisper's; 0 otherwise): what vLLM's
    // multimodal profiling run encodes besides the decoder.
    std::uint64_t audio_parameters = 0;

    // Human-readable statements of what was assumed.
    std::vector<std::string> notes;
    // Components the counter does not model and sized approximately anyway (--approximate):
    // reported as warnings, never as notes.
    std::vector<std::string> warnings;
};

// A plain multi-head / grouped-query decoder: every layer full attention.
KvLayerGroup full_attention_layers(std::uint64_t layers, std::uint64_t kv_heads,
                                   std::uint64_t head_dim);

// `layers` attention layers of which `windowed` attend to at most `window_tokens` (sliding or
// chunked local attention): one full-attention group and one windowed group, each only where it
// has layers.
void add_attention_layers(ModelSpec& model, std::uint64_t layers, std::uint64_t windowed,
                          std::uint64_t window_tokens, std::uint64_t kv_heads,
                          std::uint64_t head_dim);

}  // namespace llmsize
