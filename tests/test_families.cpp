// The families added for issue 11, one TEST_CASE each: the count pinned to a published exact
// figure (source in the comment; data/model_sources.json has the full citation) and the KV
// cache or state derived by hand from the family's transformers modelling code.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "llmsize/catalog.hpp"
#include "llmsize/config.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

using namespace llmsize;

namespace {
ModelSpec preset(std::string_view name) {
    return model_from_preset(find_preset(name));
}
}  // namespace

TEST_CASE("gpt_oss: experts with biases, sinks, alternating windows, MXFP4", "[config][gpt_oss]") {
    // gpt-oss-20b: 20,914,757,184 (Ollama general.parameter_count; unsloth/gpt-oss-20b-BF16
    // index total_parameters, total_size 41,829,514,368 = 2 B each).
    const ModelSpec small = preset("gpt-oss-20b");
    CHECK(small.parameters == 20'914'757'184);
    // gpt-oss-120b: 116,829,156,672 (HF parameter list; model card "116.83B").
    CHECK(preset("gpt-oss-120b").parameters == 116'829'156'672);
    SECTION("active: 4 of 32 experts, each 3 × 2880² weights + 2 × 2880 + 2880 biases") {
        REQUIRE(small.active_parameters);
        CHECK(*small.active_parameters ==
              20'914'757'184 - 24ULL * 28 * (3ULL * 2880 * 2880 + 3 * 2880));
    }
    SECTION("MXFP4 stores the experts' matrices at 4.25 bits, the rest at bf16") {
        // openai/gpt-oss-20b model.safetensors.index.json metadata.total_size: 13,761,264,768 B
        // = 24 × 32 × 3 × 2880² expert weights × 4.25 / 8 + the other 1,804,459,584 × 2 B.
        REQUIRE(small.checkpoint_format);
        CHECK(small.checkpoint_format->experts_only);
        CHECK(weight_bytes_for(small, *small.checkpoint_format) == 13'761'264'768);
    }
    SECTION("KV: 12 full layers and 12 layers with a 128-token window") {
        // modeling_gpt_oss.py: 8 KV heads × head_dim 64, K and V; sinks are weights, not cache.
        CHECK(kv_bytes_per_token(small, Dtype::bf16) == 24ULL * 2 * 8 * 64 * 2);
        CHECK(kv_bytes_per_sequence(small, Dtype::bf16, 4096) ==
              12ULL * 2 * 8 * 64 * 2 * 4096 + 12ULL * 2 * 8 * 64 * 2 * 128);
    }
}

TEST_CASE("olmo2, olmo3, olmoe: q/k norms over the whole projection", "[config][olmo]") {
    // allenai/OLMo-2-1124-7B config.json size keys (Olmo2Config).
    nlohmann::json olmo2 = {{"model_type", "olmo2"},      {"hidden_size", 4096},
                            {"intermediate_size", 11008}, {"num_hidden_layers", 32},
                            {"num_attention_heads", 32},  {"num_key_value_heads", 32},
                            {"vocab_size", 100352},       {"tie_word_embeddings", false},
                            {"attention_bias", false},    {"rms_norm_eps", 1e-6}};
    // OLMo-2-1124-7B: 7,298,617,344 (HF safetensors total; OLMo 2 paper's 7B).
    CHECK(model_from_config(olmo2, "config.json").parameters == 7'298'617'344);

    // allenai/Olmo-3-1025-7B: the same layer with a 100,278-token vocabulary and three
    // 4096-token sliding layers per full one.
    nlohmann::json olmo3 = olmo2;
    olmo3["model_type"] = "olmo3";
    olmo3["vocab_size"] = 100278;
    olmo3["sliding_window"] = 4096;
    olmo3["layer_types"] = nlohmann::json::array();
    for (int i = 0; i < 32; ++i)
        olmo3["layer_types"].push_back((i + 1) % 4 == 0 ? "full_attention" : "sliding_attention");
    // OLMo-3 7B: 7,298,011,136 (training logs "num_params=7298011136").
    const ModelSpec model3 = model_from_config(olmo3, "config.json");
    CHECK(model3.parameters == 7'298'011'136);
    // 8 full layers keep every token, 24 keep 4096: 2 × 32 heads × 128 × 2 B per layer-token.
    CHECK(kv_bytes_per_sequence(model3, Dtype::bf16, 32768) ==
          8ULL * 2 * 32 * 128 * 2 * 32768 + 24ULL * 2 * 32 * 128 * 2 * 4096);

    // allenai/OLMoE-1B-7B-0924 config.json size keys (OlmoeConfig defaults: 64 experts, top 8).
    const nlohmann::json olmoe = {{"model_type", "olmoe"},     {"hidden_size", 2048},
                                  {"intermediate_size", 1024}, {"num_hidden_layers", 16},
                                  {"num_attention_heads", 16}, {"num_key_value_heads", 16},
                                  {"num_experts", 64},         {"num_experts_per_tok", 8},
                                  {"vocab_size", 50304},       {"tie_word_embeddings", false}};
    // OLMoE-1B-7B-0924: 6,919,161,856 (HF API {"F32": 6919161856}; safetensors headers).
    const ModelSpec moe = model_from_config(olmoe, "config.json");
    CHECK(moe.parameters == 6'919'161'856);
    REQUIRE(moe.active_parameters);
    CHECK(*moe.active_parameters == 6'919'161'856 - 16ULL * 56 * 3 * 2048 * 1024);
}

TEST_CASE("kimi_k2: DeepSeek-V3's architecture with 384 experts", "[config][deepseek]") {
    // moonshotai/Kimi-K2-Instruct config.json size keys (model_type kimi_k2, DeepseekV3 layers).
    const nlohmann::json config = {{"model_type", "kimi_k2"},     {"num_hidden_layers", 61},
                                   {"hidden_size", 7168},         {"num_attention_heads", 64},
                                   {"num_key_value_heads", 64},   {"q_lora_rank", 1536},
                                   {"kv_lora_rank", 512},         {"qk_nope_head_dim", 128},
                                   {"qk_rope_head_dim", 64},      {"v_head_dim", 128},
                                   {"n_routed_experts", 384},     {"num_experts_per_tok", 8},
                                   {"n_shared_experts", 1},       {"moe_intermediate_size", 2048},
                                   {"intermediate_size", 18432},  {"first_k_dense_replace", 1},
                                   {"vocab_size", 163840},        {"topk_method", "noaux_tc"},
                                   {"tie_word_embeddings", false}};
    // Kimi-K2-Instruct: 1,026,408,232,448 (Fireworks model list paramCount; a checkpoint audit's
    // "logical parameters" of all 61 shards' headers).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 1'026'408'232'448);
    // Latent cache: 512 + 64 elements per layer and token, 61 layers, 2 B.
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 61ULL * (512 + 64) * 2);
}

TEST_CASE("mamba, falcon_mamba: no KV cache, a state per sequence", "[config][mamba]") {
    // state-spaces/mamba-130m-hf config.json size keys (MambaConfig: state 16, conv 4, expand 2,
    // time_step_rank "auto" = 48, tied embeddings).
    nlohmann::json config = {
        {"model_type", "mamba"}, {"hidden_size", 768},        {"num_hidden_layers", 24},
        {"vocab_size", 50280},   {"state_size", 16},          {"conv_kernel", 4},
        {"expand", 2},           {"intermediate_size", 1536}, {"time_step_rank", 48},
        {"use_bias", false},     {"use_conv_bias", true},     {"tie_word_embeddings", true}};
    // mamba-130m-hf: 129,135,360 (a model list "mamba-130m-hf"="129135360"; a pinned snapshot's
    // 242 tensors, 129135360 elements).
    const ModelSpec small = model_from_config(config, "config.json");
    CHECK(small.parameters == 129'135'360);
    // mamba-2.8b-hf: 2,768,345,600 (the same list).
    config["hidden_size"] = 2560;
    config["num_hidden_layers"] = 64;
    config["intermediate_size"] = 5120;
    config["time_step_rank"] = 160;
    CHECK(model_from_config(config, "config.json").parameters == 2'768'345'600);
    SECTION("the state: conv d_inner × (d_conv − 1) + SSM d_inner × d_state per layer") {
        CHECK(kv_bytes_per_token(small, Dtype::bf16) == 0);
        // 24 layers × 1536 × (3 + 16) elements × 2 B, at any length.
        CHECK(recurrent_state_bytes_per_sequence(small, Dtype::bf16) == 24ULL * 1536 * 19 * 2);
        CHECK(kv_bytes_per_sequence(small, Dtype::bf16, 100'000) == 24ULL * 1536 * 19 * 2);
    }
    SECTION("falcon_mamba counts alike (its B, C, dt norms have no weights)") {
        // tiiuae/falcon-mamba-7b: hidden 4096, 64 layers, vocab 65024, untied, time_step_rank
        // 256: 7,272,665,088; published only as "7.27B".
        nlohmann::json falcon = config;
        falcon["model_type"] = "falcon_mamba";
        falcon["hidden_size"] = 4096;
        falcon["intermediate_size"] = 8192;
        falcon["time_step_rank"] = 256;
        falcon["vocab_size"] = 65024;
        falcon["tie_word_embeddings"] = false;
        CHECK(model_from_config(falcon, "config.json").parameters == 7'272'665'088);
    }
}

TEST_CASE("granite: Llama's layer with activation multipliers", "[config][granite]") {
    // ibm-granite/granite-3.3-8b-instruct config.json size keys (GraniteConfig).
    nlohmann::json config = {{"model_type", "granite"},
                             {"hidden_size", 4096},
                             {"num_hidden_layers", 40},
                             {"num_attention_heads", 32},
                             {"num_key_value_heads", 8},
                             {"intermediate_size", 12800},
                             {"vocab_size", 49159},
                             {"tie_word_embeddings", true},
                             {"attention_bias", false},
                             {"mlp_bias", false},
                             {"embedding_multiplier", 12.0},
                             {"residual_multiplier", 0.22},
                             {"attention_multiplier", 0.0078125},
                             {"logits_scaling", 16.0}};
    // granite-3.3-8b-instruct: 8,170,864,640; granite-3.3-2b-instruct: 2,533,539,840 (a stored
    // list of HF safetensors counts).
    CHECK(model_from_config(config, "config.json").parameters == 8'170'864'640);
    config["hidden_size"] = 2048;
    config["intermediate_size"] = 8192;
    CHECK(model_from_config(config, "config.json").parameters == 2'533'539'840);
}

TEST_CASE("stablelm: LayerNorms with biases, q/k/v biases", "[config][stablelm]") {
    // stabilityai/stablelm-2-1_6b config.json size keys (StableLmConfig).
    nlohmann::json config = {{"model_type", "stablelm"},       {"hidden_size", 2048},
                             {"num_hidden_layers", 24},        {"num_attention_heads", 32},
                             {"num_key_value_heads", 32},      {"intermediate_size", 5632},
                             {"vocab_size", 100352},           {"tie_word_embeddings", false},
                             {"use_qkv_bias", true},           {"qk_layernorm", false},
                             {"use_parallel_residual", false}, {"partial_rotary_factor", 0.25}};
    // StableLM-2-1.6B: 1,644,515,328 (a model comparison table "Parameters | 1644515328").
    CHECK(model_from_config(config, "config.json").parameters == 1'644'515'328);
    SECTION("qk_layernorm adds a weight per head dimension; a parallel residual drops a norm") {
        config["qk_layernorm"] = true;
        config["use_parallel_residual"] = true;
        CHECK(model_from_config(config, "config.json").parameters ==
              1'644'515'328 + 24ULL * (32 + 32) * 64 - 24ULL * 2 * 2048);
    }
}

namespace {
// One "kind" per layer, `kind_at(i)` naming layer i.
template <typename KindAt>
nlohmann::json layer_list(std::size_t layers, KindAt kind_at) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < layers; ++i)
        list.push_back(kind_at(i));
    return list;
}
}  // namespace

TEST_CASE("qwen3_next: gated DeltaNet and gated attention, experts with a shared expert",
          "[config][qwen3_next]") {
    // Qwen/Qwen3-Next-80B-A3B-Instruct config.json size keys (Qwen3NextConfig).
    nlohmann::json config = {
        {"model_type", "qwen3_next"},   {"hidden_size", 2048},
        {"num_hidden_layers", 48},      {"num_attention_heads", 16},
        {"num_key_value_heads", 2},     {"head_dim", 256},
        {"vocab_size", 151936},         {"intermediate_size", 5120},
        {"full_attention_interval", 4}, {"linear_conv_kernel_dim", 4},
        {"linear_key_head_dim", 128},   {"linear_num_key_heads", 16},
        {"linear_num_value_heads", 32}, {"linear_value_head_dim", 128},
        {"num_experts", 512},           {"num_experts_per_tok", 10},
        {"moe_intermediate_size", 512}, {"shared_expert_intermediate_size", 512},
        {"decoder_sparse_step", 1},     {"mlp_only_layers", nlohmann::json::array()},
        {"tie_word_embeddings", false}, {"attention_bias", false},
        {"use_sliding_window", false}};
    // Qwen3-Next-80B-A3B: 81,324,862,720 in the HF safetensors metadata (debaditc/kvfit
    // scripts/build_registry.py "exact params from HF safetensors"), which includes the one
    // multi-token-prediction layer (mtp.*: a gated-attention MoE layer, fc 2 × 2048 → 2048 and
    // three norms = 1,650,471,424) that transformers does not load.
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 81'324'862'720 - 1'650'471'424);
    CHECK(preset("qwen3-next-80b-a3b").parameters == 79'674'391'296);
    SECTION("active: 10 of 512 experts per layer") {
        REQUIRE(model.active_parameters);
        CHECK(*model.active_parameters == 79'674'391'296 - 48ULL * 502 * 3 * 2048 * 512);
    }
    SECTION("KV on the 12 attention layers only; a constant state on the 36 DeltaNet layers") {
        // 12 layers × 2 KV heads × 256 × 2 (K, V) × 2 B.
        CHECK(kv_bytes_per_token(model, Dtype::bf16) == 12ULL * 2 * 256 * 2 * 2);
        // vLLM gated_delta_net_state_shape: conv (4 − 1) × (2 × 16 × 128 + 32 × 128) and
        // recurrent 32 × 128 × 128 elements per layer, 36 layers, 2 B.
        CHECK(model.recurrent_layers == 36);
        CHECK(recurrent_state_bytes_per_sequence(model, Dtype::bf16) ==
              36ULL * (3 * 8192 + 32 * 128 * 128) * 2);
        CHECK(kv_bytes_per_sequence(model, Dtype::bf16, 131'072) ==
              12ULL * 2 * 256 * 2 * 2 * 131'072 + 36ULL * (3 * 8192 + 32 * 128 * 128) * 2);
    }
    SECTION("explicit layer_types; an unknown kind is refused, naming it") {
        config["layer_types"] = layer_list(48, [](std::size_t i) {
            return (i + 1) % 4 == 0 ? "full_attention" : "linear_attention";
        });
        CHECK(model_from_config(config, "config.json").parameters == 79'674'391'296);
        config["layer_types"][0] = "sliding_attention";
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'layer_types' entry 'sliding_attention' is a "
                          "layer kind llmsize does not count for this family");
    }
}

TEST_CASE("glm4_moe: GLM-4.5 experts with a shared expert and score-correction biases",
          "[config][glm4_moe]") {
    // zai-org/GLM-4.5-Air config.json size keys (Glm4MoeConfig); attention_bias true.
    nlohmann::json config = {{"model_type", "glm4_moe"},      {"hidden_size", 4096},
                             {"num_hidden_layers", 46},       {"num_attention_heads", 96},
                             {"num_key_value_heads", 8},      {"head_dim", 128},
                             {"vocab_size", 151552},          {"intermediate_size", 10944},
                             {"moe_intermediate_size", 1408}, {"n_routed_experts", 128},
                             {"n_shared_experts", 1},         {"num_experts_per_tok", 8},
                             {"first_k_dense_replace", 1},    {"num_nextn_predict_layers", 1},
                             {"attention_bias", true},        {"use_qk_norm", false},
                             {"partial_rotary_factor", 0.5},  {"tie_word_embeddings", false}};
    // GLM-4.5-Air: 110,468,824,832 in the HF safetensors metadata (debaditc/kvfit
    // build_registry.py), with one multi-token-prediction layer stored as layer 46: a MoE layer,
    // eh_proj 2 × 4096 → 4096, three norms and its own embeddings and head = 3,616,573,568.
    const ModelSpec air = model_from_config(config, "config.json");
    CHECK(air.parameters == 110'468'824'832 - 3'616'573'568);
    CHECK(preset("glm-4.5-air").parameters == 106'852'251'264);
    SECTION("GLM-4.5: 92 layers, 160 experts, three dense layers, per-head q/k norms") {
        // GLM-4.5: 358,337,791,296 (the same source) = 352,797,829,024 + its MTP layer
        // (5,539,962,272 with use_qk_norm's 2 × 128 weights).
        config["hidden_size"] = 5120;
        config["num_hidden_layers"] = 92;
        config["intermediate_size"] = 12288;
        config["moe_intermediate_size"] = 1536;
        config["n_routed_experts"] = 160;
        config["first_k_dense_replace"] = 3;
        config["use_qk_norm"] = true;
        CHECK(model_from_config(config, "config.json").parameters == 352'797'829'024);
    }
    SECTION("KV: full attention on every layer; the MTP layer is a note") {
        CHECK(kv_bytes_per_token(air, Dtype::bf16) == 46ULL * 8 * 128 * 2 * 2);
        CHECK(std::any_of(air.notes.begin(), air.notes.end(), [](const std::string& note) {
            return note.find("multi-token-prediction") != std::string::npos;
        }));
    }
}

TEST_CASE("nemotron_h, granitemoehybrid, mamba2: Mamba-2 layers hold a state, attention a cache",
          "[config][mamba2]") {
    // nvidia/NVIDIA-Nemotron-Nano-9B-v2 config.json size keys (NemotronHConfig).
    const nlohmann::json nemotron = {
        {"model_type", "nemotron_h"},
        {"hidden_size", 4480},
        {"num_hidden_layers", 56},
        {"hybrid_override_pattern", "M-M-M-MM-M-M-M*-M-M-M*-M-M-M-M*-M-M-M-M*-M-MM-M-M-M-M-M-"},
        {"num_attention_heads", 40},
        {"num_key_value_heads", 8},
        {"head_dim", 128},
        {"intermediate_size", 15680},
        {"mamba_num_heads", 128},
        {"mamba_head_dim", 80},
        {"n_groups", 8},
        {"ssm_state_size", 128},
        {"conv_kernel", 4},
        {"use_conv_bias", true},
        {"use_bias", false},
        {"mlp_bias", false},
        {"attention_bias", false},
        {"vocab_size", 131072},
        {"tie_word_embeddings", false},
        {"mamba_ssm_cache_dtype", "float32"}};
    // NVIDIA-Nemotron-Nano-9B-v2: 8,888,227,328 (HF safetensors metadata, debaditc/kvfit
    // build_registry.py).
    const ModelSpec nano = model_from_config(nemotron, "config.json");
    CHECK(nano.parameters == 8'888'227'328);
    SECTION("Nemotron-H: KV on the 4 '*' layers; 27 Mamba layers with a float32 SSM state") {
        CHECK(kv_bytes_per_token(nano, Dtype::bf16) == 4ULL * 8 * 128 * 2 * 2);
        // vLLM mamba2_state_shape: conv (4 − 1) × (128 × 80 + 2 × 8 × 128) at 2 B, SSM
        // 128 heads × 80 × 128 at 4 B (mamba_ssm_cache_dtype float32).
        CHECK(nano.recurrent_layers == 27);
        CHECK(recurrent_state_bytes_per_sequence(nano, Dtype::bf16) ==
              27ULL * (3 * (10240 + 2048) * 2 + 128 * 80 * 128 * 4));
    }
    SECTION("expert keys the class writes by default size nothing without 'E' layers") {
        nlohmann::json saved = nemotron;
        saved["n_routed_experts"] = 8;
        saved["moe_intermediate_size"] = 7688;
        CHECK(model_from_config(saved, "config.json").parameters == 8'888'227'328);
    }
    SECTION("Nemotron-H mixture-of-experts layers are refused, naming the pattern") {
        nlohmann::json moe = nemotron;
        moe["hybrid_override_pattern"] = "MEM*";
        CHECK_THROWS_WITH(model_from_config(moe, "config.json"),
                          "reading 'config.json': 'hybrid_override_pattern' holds 'E'; llmsize "
                          "counts Mamba-2 ('M'), attention ('*') and MLP ('-') layers of "
                          "nemotron_h, not mixture-of-experts ('E') layers");
    }

    // ibm-granite/granite-4.0-h-small config.json size keys (GraniteMoeHybridConfig).
    nlohmann::json granite = {
        {"model_type", "granitemoehybrid"},
        {"hidden_size", 4096},
        {"num_hidden_layers", 40},
        {"layer_types",
         layer_list(40, [](std::size_t i) { return i % 10 == 5 ? "attention" : "mamba"; })},
        {"num_attention_heads", 32},
        {"num_key_value_heads", 8},
        {"intermediate_size", 768},
        {"shared_intermediate_size", 1536},
        {"num_local_experts", 72},
        {"num_experts_per_tok", 10},
        {"mamba_n_heads", 128},
        {"mamba_d_head", 64},
        {"mamba_n_groups", 1},
        {"mamba_d_state", 128},
        {"mamba_d_conv", 4},
        {"mamba_expand", 2},
        {"mamba_conv_bias", true},
        {"mamba_proj_bias", false},
        {"attention_bias", false},
        {"position_embedding_type", "nope"},
        {"vocab_size", 100352},
        {"tie_word_embeddings", true}};
    // granite-4.0-h-small: 32,207,337,984 (HF safetensors metadata, debaditc/kvfit
    // build_registry.py).
    const ModelSpec small = model_from_config(granite, "config.json");
    CHECK(small.parameters == 32'207'337'984);
    CHECK(preset("granite-4.0-h-small").parameters == 32'207'337'984);
    SECTION("Granite 4.0: KV on 4 attention layers, a bf16 state on 36 Mamba layers") {
        CHECK(kv_bytes_per_token(small, Dtype::bf16) == 4ULL * 8 * 128 * 2 * 2);
        CHECK(recurrent_state_bytes_per_sequence(small, Dtype::bf16) ==
              36ULL * (3 * (8192 + 2 * 128) + 128 * 64 * 128) * 2);
        REQUIRE(small.active_parameters);
        CHECK(*small.active_parameters == 32'207'337'984 - 40ULL * 62 * 3 * 4096 * 768);
    }

    SECTION("mamba2: the same mixer, attention-free") {
        // mistralai/Mamba-Codestral-7B-v0.1 config.json size keys (Mamba2Config). No exact
        // published count was found; the mixer is the one pinned above by Nemotron-H and
        // Granite 4.0, so 64 × (mixer + norm) + 2 × 32768 × 4096 + 4096 = 7,285,403,648.
        const nlohmann::json codestral = {
            {"model_type", "mamba2"},  {"hidden_size", 4096},
            {"num_hidden_layers", 64}, {"num_heads", 128},
            {"head_dim", 64},          {"expand", 2},
            {"n_groups", 8},           {"state_size", 128},
            {"conv_kernel", 4},        {"use_bias", false},
            {"use_conv_bias", true},   {"vocab_size", 32768},
            {"time_step_rank", 256},   {"tie_word_embeddings", false}};
        const ModelSpec model = model_from_config(codestral, "config.json");
        CHECK(model.parameters == 7'285'403'648);
        CHECK(kv_bytes_per_token(model, Dtype::bf16) == 0);
        CHECK(recurrent_state_bytes_per_sequence(model, Dtype::bf16) ==
              64ULL * (3 * (8192 + 2 * 8 * 128) + 128 * 64 * 128) * 2);
    }
}

TEST_CASE("llama4: text_config experts, chunked and NoPE layers, and the vision tower",
          "[config][llama4]") {
    // meta-llama/Llama-4-Scout-17B-16E-Instruct config.json size keys (Llama4Config; its
    // no_rope_layers is [] there, which Llama4TextConfig fills as every 4th layer NoPE).
    nlohmann::json config = {{"model_type", "llama4"},
                             {"text_config",
                              {{"model_type", "llama4_text"},
                               {"hidden_size", 5120},
                               {"num_hidden_layers", 48},
                               {"num_attention_heads", 40},
                               {"num_key_value_heads", 8},
                               {"head_dim", 128},
                               {"vocab_size", 202048},
                               {"intermediate_size", 8192},
                               {"intermediate_size_mlp", 16384},
                               {"num_local_experts", 16},
                               {"num_experts_per_tok", 1},
                               {"interleave_moe_layer_step", 1},
                               {"attention_chunk_size", 8192},
                               {"no_rope_layers", nlohmann::json::array()},
                               {"use_qk_norm", true},
                               {"tie_word_embeddings", false}}},
                             {"vision_config",
                              {{"model_type", "llama4_vision_model"},
                               {"hidden_size", 1408},
                               {"num_hidden_layers", 34},
                               {"num_attention_heads", 16},
                               {"intermediate_size", 5632},
                               {"num_channels", 3},
                               {"image_size", 336},
                               {"patch_size", 14},
                               {"pixel_shuffle_ratio", 0.5},
                               {"projector_input_dim", 4096},
                               {"projector_output_dim", 4096},
                               {"vision_output_dim", 4096}}}};
    // Llama-4-Scout-17B-16E: 108,641,793,536 (HF safetensors metadata, debaditc/kvfit
    // build_registry.py), of which the vision tower and projector are 871,932,416.
    const ModelSpec scout = model_from_config(config, "config.json");
    CHECK(scout.parameters == 108'641'793'536);
    SECTION("Maverick: 128 experts on every other layer, dense MLPs between") {
        // Llama-4-Maverick-17B-128E: 401,583,781,376 (Fireworks' billing export lists
        // "Llama 4 Maverick Basic,401583781376"; a model-visualiser test asserts the same).
        config["text_config"]["num_local_experts"] = 128;
        config["text_config"]["interleave_moe_layer_step"] = 2;
        CHECK(model_from_config(config, "config.json").parameters == 401'583'781'376);
    }
    SECTION("KV: 12 NoPE layers keep every token, 36 chunked layers at most 8192") {
        CHECK(kv_bytes_per_token(scout, Dtype::bf16) == 48ULL * 8 * 128 * 2 * 2);
        CHECK(kv_bytes_per_sequence(scout, Dtype::bf16, 100'000) ==
              12ULL * 8 * 128 * 2 * 2 * 100'000 + 36ULL * 8 * 128 * 2 * 2 * 8192);
    }
    SECTION("llama4_text alone counts the decoder without the tower") {
        nlohmann::json text = config["text_config"];
        CHECK(model_from_config(text, "config.json").parameters == 108'641'793'536 - 871'932'416);
    }
}

TEST_CASE("mistral3: a Mistral decoder, the Pixtral tower and the projector",
          "[config][mistral3]") {
    // mistralai/Mistral-Small-3.2-24B-Instruct-2506 config.json size keys (Mistral3Config).
    const nlohmann::json config = {{"model_type", "mistral3"},
                                   {"spatial_merge_size", 2},
                                   {"vision_feature_layer", -1},
                                   {"multimodal_projector_bias", false},
                                   {"text_config",
                                    {{"model_type", "mistral"},
                                     {"hidden_size", 5120},
                                     {"num_hidden_layers", 40},
                                     {"num_attention_heads", 32},
                                     {"num_key_value_heads", 8},
                                     {"head_dim", 128},
                                     {"intermediate_size", 32768},
                                     {"vocab_size", 131072},
                                     {"sliding_window", nullptr},
                                     {"max_position_embeddings", 131072},
                                     {"tie_word_embeddings", false}}},
                                   {"vision_config",
                                    {{"model_type", "pixtral"},
                                     {"hidden_size", 1024},
                                     {"intermediate_size", 4096},
                                     {"num_hidden_layers", 24},
                                     {"num_attention_heads", 16},
                                     {"head_dim", 64},
                                     {"num_channels", 3},
                                     {"image_size", 1540},
                                     {"patch_size", 14}}}};
    // Mistral-Small-3.2-24B: 24,011,361,280 (HF safetensors metadata, debaditc/kvfit
    // build_registry.py) = the 23,572,403,200 of Mistral Small 3's text model (bundled preset
    // mistral-small-24b) + 438,958,080 for the tower and projector.
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 24'011'361'280);
    CHECK(model.parameters - preset("mistral-small-24b").parameters == 438'958'080);
    CHECK(preset("mistral-small-3.2-24b").parameters == 24'011'361'280);
    SECTION("KV: the text decoder's, 40 full layers") {
        CHECK(kv_bytes_per_token(model, Dtype::bf16) == 40ULL * 8 * 128 * 2 * 2);
    }
    SECTION("a text_config of a family llmsize does not count is refused, naming it") {
        nlohmann::json other = config;
        other["text_config"]["model_type"] = "exotic";
        CHECK_THROWS_WITH(model_from_config(other, "config.json"),
                          "reading 'config.json': 'text_config.model_type' names model_type "
                          "'exotic', which llmsize does not count as a vision-language text model");
    }
}

TEST_CASE("qwen2_vl, qwen2_5_vl: a Qwen2 decoder and the vision tower with its merger",
          "[config][qwen_vl]") {
    // Qwen/Qwen2.5-VL-7B-Instruct config.json size keys (Qwen2_5_VLConfig: text keys at the top
    // level, the tower under vision_config).
    nlohmann::json config = {{"model_type", "qwen2_5_vl"},
                             {"hidden_size", 3584},
                             {"intermediate_size", 18944},
                             {"num_hidden_layers", 28},
                             {"num_attention_heads", 28},
                             {"num_key_value_heads", 4},
                             {"vocab_size", 152064},
                             {"max_window_layers", 28},
                             {"sliding_window", 32768},
                             {"use_sliding_window", false},
                             {"tie_word_embeddings", false},
                             {"vision_config",
                              {{"depth", 32},
                               {"hidden_size", 1280},
                               {"intermediate_size", 3420},
                               {"num_heads", 16},
                               {"in_chans", 3},
                               {"out_hidden_size", 3584},
                               {"patch_size", 14},
                               {"spatial_merge_size", 2},
                               {"temporal_patch_size", 2},
                               {"window_size", 112},
                               {"fullatt_block_indexes", {7, 15, 23, 31}}}}};
    // Qwen2.5-VL-7B-Instruct: 8,292,166,656 of which the visual module 676,550,144 (a training
    // script's printed counts, stored id 49095663873; MTEB model meta n_parameters=8292166656).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 8'292'166'656);
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 28ULL * 4 * 128 * 2 * 2);
    SECTION("the same keys nested under text_config count alike") {
        nlohmann::json nested = {{"model_type", "qwen2_5_vl"},
                                 {"vision_config", config["vision_config"]},
                                 {"text_config", config}};
        nested["text_config"].erase("vision_config");
        nested["text_config"]["model_type"] = "qwen2_5_vl_text";
        CHECK(model_from_config(nested, "config.json").parameters == 8'292'166'656);
    }
    SECTION("Qwen2-VL: LayerNorms and an fc1/fc2 MLP in the tower") {
        // Qwen/Qwen2-VL-7B-Instruct and -2B-Instruct: 8,291,375,616 and 2,208,985,600 (HfApi
        // safetensors parameter_count in a stored get_model_sizes table, id 12439498600).
        nlohmann::json qwen2 = config;
        qwen2["model_type"] = "qwen2_vl";
        qwen2["vision_config"] = {
            {"depth", 32},      {"embed_dim", 1280},       {"mlp_ratio", 4},
            {"num_heads", 16},  {"in_chans", 3},           {"hidden_size", 3584},
            {"patch_size", 14}, {"spatial_merge_size", 2}, {"temporal_patch_size", 2}};
        CHECK(model_from_config(qwen2, "config.json").parameters == 8'291'375'616);
        qwen2["hidden_size"] = 1536;
        qwen2["intermediate_size"] = 8960;
        qwen2["num_attention_heads"] = 12;
        qwen2["num_key_value_heads"] = 2;
        qwen2["vocab_size"] = 151936;
        qwen2["tie_word_embeddings"] = true;
        qwen2["vision_config"]["hidden_size"] = 1536;
        CHECK(model_from_config(qwen2, "config.json").parameters == 2'208'985'600);
    }
}

TEST_CASE("cohere, cohere2: parallel attention and MLP after one LayerNorm, tied embeddings",
          "[config][cohere]") {
    // CohereForAI/aya-expanse-8b config.json size keys (CohereConfig).
    nlohmann::json config = {{"model_type", "cohere"},   {"hidden_size", 4096},
                             {"num_hidden_layers", 32},  {"num_attention_heads", 32},
                             {"num_key_value_heads", 8}, {"intermediate_size", 14336},
                             {"vocab_size", 256000},     {"logit_scale", 0.125},
                             {"use_qk_norm", false},     {"attention_bias", false}};
    // aya-expanse-8b: 8,028,033,024 (HfApi safetensors parameter_count in a stored
    // get_model_sizes table, id 12439498600).
    CHECK(model_from_config(config, "config.json").parameters == 8'028'033'024);
    SECTION("use_qk_norm adds a [heads, head_dim] and a [kv_heads, head_dim] weight per layer") {
        config["use_qk_norm"] = true;
        CHECK(model_from_config(config, "config.json").parameters ==
              8'028'033'024 + 32ULL * (32 + 8) * 128);
    }
    SECTION("cohere2: the same layer; three of four layers keep a 4096-token window") {
        // CohereForAI/c4ai-command-r7b-12-2024 (Cohere2Config): sliding_window 4096,
        // sliding_window_pattern 4 (modeling_cohere2.py: layer i slides unless (i + 1) % 4 == 0).
        config["model_type"] = "cohere2";
        config["sliding_window"] = 4096;
        config["sliding_window_pattern"] = 4;
        const ModelSpec model = model_from_config(config, "config.json");
        CHECK(model.parameters == 8'028'033'024);
        CHECK(kv_bytes_per_sequence(model, Dtype::bf16, 32'768) ==
              8ULL * 8 * 128 * 2 * 2 * 32'768 + 24ULL * 8 * 128 * 2 * 2 * 4096);
    }
}

TEST_CASE("phimoe: Mixtral's experts behind LayerNorms with biases", "[config][phimoe]") {
    // microsoft/Phi-3.5-MoE-instruct config.json size keys (PhimoeConfig).
    const nlohmann::json config = {
        {"model_type", "phimoe"},      {"hidden_size", 4096},      {"num_hidden_layers", 32},
        {"num_attention_heads", 32},   {"num_key_value_heads", 8}, {"intermediate_size", 6400},
        {"num_local_experts", 16},     {"num_experts_per_tok", 2}, {"vocab_size", 32064},
        {"attention_bias", true},      {"lm_head_bias", true},     {"sliding_window", 131072},
        {"tie_word_embeddings", false}};
    // Phi-3.5-MoE: 41,873,153,344, its feed-forward 40,267,415,552 (a parameter breakdown
    // quoted in an r/LocalLLaMA digest, stored id 5536979741).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 41'873'153'344);
    REQUIRE(model.active_parameters);
    CHECK(*model.active_parameters == 41'873'153'344 - 32ULL * 14 * 3 * 4096 * 6400);
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 32ULL * 8 * 128 * 2 * 2);
}

TEST_CASE("qwen3_vl, qwen3_vl_moe: a Qwen3 decoder, the vision tower and its deepstack mergers",
          "[config][qwen3_vl]") {
    // Qwen/Qwen3-VL-8B-Instruct config.json size keys (Qwen3VLConfig: the decoder under
    // text_config, the tower under vision_config).
    nlohmann::json config = {{"model_type", "qwen3_vl"},
                             {"tie_word_embeddings", false},
                             {"text_config",
                              {{"model_type", "qwen3_vl_text"},
                               {"hidden_size", 4096},
                               {"intermediate_size", 12288},
                               {"num_hidden_layers", 36},
                               {"num_attention_heads", 32},
                               {"num_key_value_heads", 8},
                               {"head_dim", 128},
                               {"vocab_size", 151936},
                               {"max_position_embeddings", 262144}}},
                             {"vision_config",
                              {{"model_type", "qwen3_vl"},
                               {"depth", 27},
                               {"hidden_size", 1152},
                               {"intermediate_size", 4304},
                               {"num_heads", 16},
                               {"in_channels", 3},
                               {"patch_size", 16},
                               {"spatial_merge_size", 2},
                               {"temporal_patch_size", 2},
                               {"out_hidden_size", 4096},
                               {"num_position_embeddings", 2304},
                               {"deepstack_visual_indexes", {8, 16, 24}}}}};
    // Qwen3-VL-8B-Instruct: 8,767,123,696 (the Hugging Face API's safetensors count,
    // {"parameters":{"BF16":8767123696},"total":8767123696}, quoted in a stored verification
    // note, id 62872967919; a fine-tuning pipeline asserting sum(p.numel()) == 8767123696, id
    // 71085764064; the Fireworks training catalogue,
    // docs.fireworks.ai Models page generated 2026-08-28, paramCount; stored id 66729435508).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 8'767'123'696);
    CHECK(model.vision_parameters > 0);
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 36ULL * 8 * 128 * 2 * 2);
    REQUIRE(model.max_position_embeddings);
    CHECK(*model.max_position_embeddings == 262'144);
    SECTION("Qwen3-VL-2B: a smaller tower, tied embeddings declared in text_config") {
        // Qwen/Qwen3-VL-2B-Instruct config.json (as printed in xorbitsai/inference issue #4592).
        // 2,127,532,032: a test asserting sum(p.numel()) == 2127532032 for
        // Qwen3VLForConditionalGeneration built from that config (stored id 70815101304; the
        // Hugging Face API metadata pinned in another project, id 70474491636).
        nlohmann::json small = config;
        small["tie_word_embeddings"] = true;
        small["text_config"].update({{"hidden_size", 2048},
                                     {"intermediate_size", 6144},
                                     {"num_hidden_layers", 28},
                                     {"num_attention_heads", 16},
                                     {"tie_word_embeddings", true}});
        small["vision_config"].update({{"depth", 24},
                                       {"hidden_size", 1024},
                                       {"intermediate_size", 4096},
                                       {"out_hidden_size", 2048},
                                       {"deepstack_visual_indexes", {5, 11, 17}}});
        CHECK(model_from_config(small, "config.json").parameters == 2'127'532'032);
        SECTION("tie_word_embeddings at the top level applies when text_config is silent") {
            small["text_config"].erase("tie_word_embeddings");
            CHECK(model_from_config(small, "config.json").parameters == 2'127'532'032);
            small["tie_word_embeddings"] = false;
            CHECK(model_from_config(small, "config.json").parameters ==
                  2'127'532'032 + 151'936ULL * 2048);
        }
    }
    SECTION("qwen3_vl_moe: Qwen3-VL-30B-A3B and -235B-A22B, every decoder layer routed") {
        // Qwen/Qwen3-VL-30B-A3B-Instruct and Qwen3-VL-235B-A22B-Instruct config.json size keys.
        // 31,070,754,032 and 235,670,022,896 (the Fireworks training catalogue,
        // docs.fireworks.ai Models page generated 2026-08-28, paramCount, stored id 66729435508;
        // 31,070,754,032 also a checkpoint census, "total_params=31070754032 ... layers=48
        // experts=128 topk=8", id 61938983991).
        nlohmann::json moe = config;
        moe["model_type"] = "qwen3_vl_moe";
        moe["text_config"] = {{"model_type", "qwen3_vl_moe_text"},
                              {"hidden_size", 2048},
                              {"intermediate_size", 6144},
                              {"num_hidden_layers", 48},
                              {"num_attention_heads", 32},
                              {"num_key_value_heads", 4},
                              {"head_dim", 128},
                              {"num_experts", 128},
                              {"num_experts_per_tok", 8},
                              {"moe_intermediate_size", 768},
                              {"decoder_sparse_step", 1},
                              {"mlp_only_layers", nlohmann::json::array()},
                              {"vocab_size", 151936}};
        moe["vision_config"]["out_hidden_size"] = 2048;
        const ModelSpec small = model_from_config(moe, "config.json");
        CHECK(small.parameters == 31'070'754'032);
        CHECK(small.routed_experts == 128);
        CHECK(small.experts_per_token == 8);
        CHECK(kv_bytes_per_token(small, Dtype::bf16) == 48ULL * 4 * 128 * 2 * 2);
        moe["text_config"].update({{"hidden_size", 4096},
                                   {"intermediate_size", 12288},
                                   {"num_hidden_layers", 94},
                                   {"num_attention_heads", 64},
                                   {"moe_intermediate_size", 1536}});
        moe["vision_config"]["out_hidden_size"] = 4096;
        CHECK(model_from_config(moe, "config.json").parameters == 235'670'022'896);
    }
    SECTION("a tower whose output width is not the decoder's is refused") {
        config["vision_config"]["out_hidden_size"] = 3584;
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'vision_config.out_hidden_size' (3584) must "
                          "equal the text hidden_size (4096): the merger feeds the decoder");
    }
    SECTION("a config without text_config is refused, naming the key") {
        config.erase("text_config");
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'text_config' is missing: Qwen3-VL keeps its "
                          "decoder under text_config");
    }
}

TEST_CASE("qwen3_5, qwen3_5_moe: Qwen3-Next's hybrid stack under text_config, Qwen3-VL's tower",
          "[config][qwen3_5]") {
    // Qwen/Qwen3.5-27B config.json size keys (Qwen3_5Config; the text keys under text_config).
    nlohmann::json config = {{"model_type", "qwen3_5"},
                             {"tie_word_embeddings", false},
                             {"text_config",
                              {{"model_type", "qwen3_5_text"},
                               {"hidden_size", 5120},
                               {"intermediate_size", 17408},
                               {"num_hidden_layers", 64},
                               {"num_attention_heads", 24},
                               {"num_key_value_heads", 4},
                               {"head_dim", 256},
                               {"linear_num_key_heads", 16},
                               {"linear_num_value_heads", 48},
                               {"linear_key_head_dim", 128},
                               {"linear_value_head_dim", 128},
                               {"linear_conv_kernel_dim", 4},
                               {"full_attention_interval", 4},
                               {"attn_output_gate", true},
                               {"mamba_ssm_dtype", "float32"},
                               {"mtp_num_hidden_layers", 1},
                               {"vocab_size", 248320},
                               {"max_position_embeddings", 262144}}},
                             {"vision_config",
                              {{"depth", 27},
                               {"hidden_size", 1152},
                               {"intermediate_size", 4304},
                               {"num_heads", 16},
                               {"in_channels", 3},
                               {"patch_size", 16},
                               {"spatial_merge_size", 2},
                               {"temporal_patch_size", 2},
                               {"out_hidden_size", 5120},
                               {"num_position_embeddings", 2304}}}};
    // Qwen3.5-27B, -9B, -35B-A3B and -397B-A17B: 27,356,728,560, 9,409,813,744, 35,107,181,936
    // and 396,802,360,816 (the Fireworks training catalogue, docs.fireworks.ai Models page
    // generated 2026-08-28, paramCount, stored id 66729435508; the mtp.* layer is not in these
    // counts, as for Qwen3-Next).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 27'356'728'560);
    CHECK(model.vision_parameters > 0);
    CHECK(model.recurrent_layers == 48);
    // 16 full-attention layers hold KV; each DeltaNet layer a conv state of 3 × (2 × 2048 +
    // 6144) and a float32 recurrent state of 48 × 128 × 128.
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 16ULL * 4 * 256 * 2 * 2);
    CHECK(model.recurrent_state_elements_per_layer == 3ULL * 10240 + 48ULL * 128 * 128);
    CHECK(model.recurrent_float32_elements_per_layer == 48ULL * 128 * 128);
    SECTION("Qwen3.5-9B") {
        config["text_config"].update({{"hidden_size", 4096},
                                      {"intermediate_size", 12288},
                                      {"num_hidden_layers", 32},
                                      {"num_attention_heads", 16},
                                      {"linear_num_value_heads", 32}});
        config["vision_config"]["out_hidden_size"] = 4096;
        CHECK(model_from_config(config, "config.json").parameters == 9'409'813'744);
    }
    SECTION("qwen3_5_moe: routed experts and a gated shared expert on every layer") {
        nlohmann::json moe = config;
        moe["model_type"] = "qwen3_5_moe";
        moe["text_config"] = {{"model_type", "qwen3_5_moe_text"},
                              {"hidden_size", 2048},
                              {"num_hidden_layers", 40},
                              {"num_attention_heads", 16},
                              {"num_key_value_heads", 2},
                              {"head_dim", 256},
                              {"linear_num_key_heads", 16},
                              {"linear_num_value_heads", 32},
                              {"linear_key_head_dim", 128},
                              {"linear_value_head_dim", 128},
                              {"linear_conv_kernel_dim", 4},
                              {"full_attention_interval", 4},
                              {"num_experts", 256},
                              {"num_experts_per_tok", 8},
                              {"moe_intermediate_size", 512},
                              {"shared_expert_intermediate_size", 512},
                              {"mamba_ssm_dtype", "float32"},
                              {"vocab_size", 248320}};
        moe["vision_config"]["out_hidden_size"] = 2048;
        const ModelSpec small = model_from_config(moe, "config.json");
        CHECK(small.parameters == 35'107'181'936);
        CHECK(small.routed_experts == 256);
        CHECK(small.experts_per_token == 8);
        moe["text_config"].update({{"hidden_size", 4096},
                                   {"num_hidden_layers", 60},
                                   {"num_attention_heads", 32},
                                   {"linear_num_value_heads", 64},
                                   {"num_experts", 512},
                                   {"num_experts_per_tok", 10},
                                   {"moe_intermediate_size", 1024},
                                   {"shared_expert_intermediate_size", 1024}});
        moe["vision_config"]["out_hidden_size"] = 4096;
        CHECK(model_from_config(moe, "config.json").parameters == 396'802'360'816);
    }
}

TEST_CASE("mllama: Llama 3.2 Vision's cross-attention layers and tiled vision encoder",
          "[config][mllama]") {
    // meta-llama/Llama-3.2-11B-Vision-Instruct config.json size keys (MllamaConfig).
    nlohmann::json config = {{"model_type", "mllama"},
                             {"text_config",
                              {{"model_type", "mllama_text_model"},
                               {"hidden_size", 4096},
                               {"intermediate_size", 14336},
                               {"num_hidden_layers", 40},
                               {"num_attention_heads", 32},
                               {"num_key_value_heads", 8},
                               {"vocab_size", 128256},
                               {"max_position_embeddings", 131072},
                               {"tie_word_embeddings", false},
                               {"cross_attention_layers", {3, 8, 13, 18, 23, 28, 33, 38}}}},
                             {"vision_config",
                              {{"model_type", "mllama_vision_model"},
                               {"hidden_size", 1280},
                               {"image_size", 560},
                               {"intermediate_size", 5120},
                               {"intermediate_layers_indices", {3, 7, 15, 23, 30}},
                               {"max_num_tiles", 4},
                               {"num_attention_heads", 16},
                               {"num_channels", 3},
                               {"num_global_layers", 8},
                               {"num_hidden_layers", 32},
                               {"patch_size", 14},
                               {"supported_aspect_ratios",
                                {{1, 1}, {1, 2}, {1, 3}, {1, 4}, {2, 1}, {2, 2}, {3, 1}, {4, 1}}},
                               {"vision_output_dim", 7680}}}};
    // Llama-3.2-11B-Vision-Instruct: 10,670,220,835 (HfApi safetensors parameter_count in a
    // stored get_model_sizes table, id 12439498600; odd because of the 35 scalar gates).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 10'670'220'835);
    CHECK(model.vision_parameters > 0);
    // 32 self-attention layers per token; 8 cross-attention layers over one image's 4 tiles of
    // (560 / 14)² + 1 = 1,601 positions, whatever the sequence length.
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 32ULL * 8 * 128 * 2 * 2);
    CHECK(model.cross_attention_tokens == 4 * 1601);
    CHECK(model.cross_attention_input ==
          "one image's 6,404 vision tokens per sequence (its most tiles), whatever the sequence "
          "length; more images per request cost that much again each");
    const std::uint64_t cross = 8ULL * 8 * 128 * 2 * 2 * 6404;
    CHECK(kv_bytes_per_sequence(model, Dtype::bf16, 1000) ==
          32ULL * 8 * 128 * 2 * 2 * 1000 + cross);
    SECTION("a cross-attention layer index beyond the decoder is refused, naming the key") {
        config["text_config"]["cross_attention_layers"] = {3, 40};
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'text_config.cross_attention_layers' must hold "
                          "layer indices below num_hidden_layers (40), got 40");
    }
}

TEST_CASE("llava: a Llama text model, the CLIP tower and the projector", "[config][llava]") {
    // llava-hf/llava-1.5-7b-hf config.json: its text_config and vision_config list only the keys
    // that differ from LlamaConfig's and CLIPVisionConfig's defaults.
    const nlohmann::json config = {{"model_type", "llava"},
                                   {"projector_hidden_act", "gelu"},
                                   {"vision_feature_layer", -2},
                                   {"vision_feature_select_strategy", "default"},
                                   {"image_token_index", 32000},
                                   {"text_config",
                                    {{"model_type", "llama"},
                                     {"_name_or_path", "lmsys/vicuna-7b-v1.5"},
                                     {"max_position_embeddings", 4096},
                                     {"rms_norm_eps", 1e-05},
                                     {"vocab_size", 32064}}},
                                   {"vision_config",
                                    {{"model_type", "clip_vision_model"},
                                     {"hidden_size", 1024},
                                     {"image_size", 336},
                                     {"intermediate_size", 4096},
                                     {"num_attention_heads", 16},
                                     {"num_hidden_layers", 24},
                                     {"patch_size", 14},
                                     {"projection_dim", 768},
                                     {"vocab_size", 32000}}}};
    // llava-1.5-7b-hf: 7,063,427,072 (a test asserting count_parameters(
    // LlavaForConditionalGeneration(LlavaConfig.from_pretrained("llava-hf/llava-1.5-7b-hf"))),
    // stored id 4065502446; a blog's sum(p.numel()), id 53760140093).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 7'063'427'072);
    CHECK(kv_bytes_per_token(model, Dtype::fp16) == 32ULL * 32 * 128 * 2 * 2);
    SECTION("a text model other than Llama is refused, naming it") {
        nlohmann::json other = config;
        other["text_config"]["model_type"] = "mistral";
        CHECK_THROWS_WITH(model_from_config(other, "config.json"),
                          "reading 'config.json': 'text_config' has model_type 'mistral'; llmsize "
                          "counts LLaVA with a Llama text model only (whose absent keys take "
                          "LlamaConfig's defaults)");
    }
}

TEST_CASE("2025-2026 mixtures of experts record their routing for the speed model", "[families]") {
    // Each config.json's expert count and experts per token (Hugging Face, the presets' sources
    // in data/model_sources.json); the speed model reads only the experts a step touches.
    const auto routing = [](std::string_view name) {
        const ModelSpec model = preset(name);
        return std::pair{model.routed_experts, model.experts_per_token};
    };
    CHECK(routing("qwen3-next-80b-a3b") == std::pair<std::uint64_t, std::uint64_t>{512, 10});
    CHECK(routing("glm-4.5-air") == std::pair<std::uint64_t, std::uint64_t>{128, 8});
    CHECK(routing("granite-4.0-h-small") == std::pair<std::uint64_t, std::uint64_t>{72, 10});
    CHECK(routing("llama-4-scout") == std::pair<std::uint64_t, std::uint64_t>{16, 1});
    CHECK(routing("llama-4-maverick") == std::pair<std::uint64_t, std::uint64_t>{128, 1});
}

TEST_CASE("exaone4: q/k norms per head, norms after attention and MLP, 3:1 local/global",
          "[config][exaone4]") {
    // LGAI-EXAONE/EXAONE-4.0-32B config.json size keys (Exaone4Config): 64 layers, layer_types
    // three "sliding_attention" then one "full_attention", sliding_window 4096.
    nlohmann::json config = {{"model_type", "exaone4"},
                             {"hidden_size", 5120},
                             {"intermediate_size", 27392},
                             {"num_hidden_layers", 64},
                             {"num_attention_heads", 40},
                             {"num_key_value_heads", 8},
                             {"head_dim", 128},
                             {"vocab_size", 102400},
                             {"tie_word_embeddings", false},
                             {"sliding_window", 4096},
                             {"sliding_window_pattern", "LLLG"}};
    config["layer_types"] = layer_list(64, [](std::size_t i) {
        return (i + 1) % 4 == 0 ? "full_attention" : "sliding_attention";
    });
    // EXAONE-4.0-32B: 32,003,216,384 (model.safetensors.index.json metadata.total_size
    // 64,006,432,768 B of bf16 = 2 B each, reconciled to the parameter in a stored EXAONE
    // architecture brief, id 58151180185; the model card's "30.95B without embeddings").
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 32'003'216'384);
    CHECK_FALSE(model.active_parameters);
    SECTION("KV: 16 full layers keep every token, 48 keep 4096") {
        // 8 KV heads × head_dim 128, K and V, 2 B: 4 KiB per layer and token.
        CHECK(kv_bytes_per_token(model, Dtype::bf16) == 64ULL * 2 * 8 * 128 * 2);
        CHECK(kv_bytes_per_sequence(model, Dtype::bf16, 131072) ==
              16ULL * 2 * 8 * 128 * 2 * 131072 + 48ULL * 2 * 8 * 128 * 2 * 4096);
    }
    SECTION("without layer_types the pattern decides: 'LLLG' or the integer 4 alike") {
        config.erase("layer_types");
        const std::uint64_t expected =
            16ULL * 2 * 8 * 128 * 2 * 131072 + 48ULL * 2 * 8 * 128 * 2 * 4096;
        CHECK(kv_bytes_per_sequence(model_from_config(config, "config.json"), Dtype::bf16,
                                    131072) == expected);
        config["sliding_window_pattern"] = 4;
        CHECK(kv_bytes_per_sequence(model_from_config(config, "config.json"), Dtype::bf16,
                                    131072) == expected);
        config["sliding_window_pattern"] = "LLXG";
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'sliding_window_pattern' must hold only 'L' "
                          "(local) and 'G' (global), got \"LLXG\"");
    }
    SECTION("EXAONE-4.0-1.2B: tied embeddings, global attention on all 30 layers") {
        // LGAI-EXAONE/EXAONE-4.0-1.2B config.json size keys (hidden 2048, 30 layers, GQA 32:8,
        // tied, as a stored write-up checked against the hub, id 58527414853); the model card
        // gives hybrid attention to the 32B only, so the window is written here as null (the
        // count does not depend on it). 1,279,391,488 (the same write-up's quantisation log,
        // model.num_parameters()).
        const nlohmann::json small = {
            {"model_type", "exaone4"},  {"hidden_size", 2048},       {"intermediate_size", 4096},
            {"num_hidden_layers", 30},  {"num_attention_heads", 32}, {"num_key_value_heads", 8},
            {"head_dim", 64},           {"vocab_size", 102400},      {"tie_word_embeddings", true},
            {"sliding_window", nullptr}};
        const ModelSpec model_small = model_from_config(small, "config.json");
        CHECK(model_small.parameters == 1'279'391'488);
        CHECK(kv_bytes_per_sequence(model_small, Dtype::bf16, 65536) ==
              30ULL * 2 * 8 * 64 * 2 * 65536);
    }
}

TEST_CASE("granitemoe: Granite's attention, JetMoe's experts without biases", "[config][granite]") {
    // ibm-granite/granite-3.1-1b-a400m-instruct config.json size keys (GraniteMoeConfig).
    nlohmann::json config = {{"model_type", "granitemoe"},  {"hidden_size", 1024},
                             {"intermediate_size", 512},    {"num_hidden_layers", 24},
                             {"num_attention_heads", 16},   {"num_key_value_heads", 8},
                             {"num_local_experts", 32},     {"num_experts_per_tok", 8},
                             {"vocab_size", 49155},         {"tie_word_embeddings", true},
                             {"attention_bias", false},     {"embedding_multiplier", 12.0},
                             {"residual_multiplier", 0.22}, {"attention_multiplier", 0.015625},
                             {"logits_scaling", 6.0}};
    // granite-3.1-1b-a400m-instruct revision 0da7a48b: 1,334,628,352 (sum(p.numel()) asserted
    // in a stored harness, id 70311894077; its safetensors header read 2,669,256,704 B of bf16,
    // 2,415,919,104 B of them experts, id 66747146920).
    const ModelSpec small = model_from_config(config, "config.json");
    CHECK(small.parameters == 1'334'628'352);
    REQUIRE(small.active_parameters);
    CHECK(*small.active_parameters == 1'334'628'352 - 24ULL * 24 * 3 * 1024 * 512);
    CHECK(small.routed_experts == 32);
    CHECK(small.experts_per_token == 8);
    // 8 KV heads × head_dim 64, K and V, 2 B, on all 24 layers.
    CHECK(kv_bytes_per_token(small, Dtype::bf16) == 24ULL * 2 * 8 * 64 * 2);
    SECTION("granite-3.1-3b-a800m: 40 experts on 32 layers of 1536") {
        config["hidden_size"] = 1536;
        config["num_hidden_layers"] = 32;
        config["num_attention_heads"] = 24;
        config["num_local_experts"] = 40;
        // 3,298,793,472 (the GGUF header's parameter count of granite-3.1-3b-a800m-instruct in a
        // stored model gate log, id 71471098890; granite-guardian-3.2-3b-a800m, the same shape,
        // in a stored model roster, id 68688959620).
        CHECK(model_from_config(config, "config.json").parameters == 3'298'793'472);
    }
}

TEST_CASE("glm, glm4: q/k/v biases without an o bias, glm4's four norms per layer",
          "[config][glm]") {
    // THUDM/GLM-4-9B-0414 config.json size keys (Glm4Config).
    nlohmann::json config = {{"model_type", "glm4"},
                             {"hidden_size", 4096},
                             {"intermediate_size", 13696},
                             {"num_hidden_layers", 40},
                             {"num_attention_heads", 32},
                             {"num_key_value_heads", 2},
                             {"head_dim", 128},
                             {"vocab_size", 151552},
                             {"attention_bias", true},
                             {"tie_word_embeddings", false},
                             {"partial_rotary_factor", 0.5},
                             {"rms_norm_eps", 1e-05}};
    // GLM-4-9B-0414: 9,400,279,040 (the official safetensors count quoted in a stored design
    // note, id 69323105306; llama.cpp's n-params of its GGUF in a stored server config, id
    // 37074310570).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 9'400'279'040);
    // 2 KV heads × head_dim 128, K and V, 2 B, on all 40 layers.
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 40ULL * 2 * 2 * 128 * 2);
    SECTION("absent keys take Glm4Config's defaults: 2 KV heads, head_dim 128, q/k/v biases") {
        config.erase("num_key_value_heads");
        config.erase("head_dim");
        config.erase("attention_bias");
        CHECK(model_from_config(config, "config.json").parameters == 9'400'279'040);
    }
    SECTION("glm: GLM-4-9B's layer has the two Llama norms only") {
        // THUDM/glm-4-9b-chat-hf (GlmConfig): the same size keys. 9,399,951,360 (the GLM-4
        // repository's demo banner "served by GLM-4, with 9399951360 (9.4B) parameters", stored
        // id 42305816254; a load log's trainable count of glm-4-9b-chat, id 29151670186).
        config["model_type"] = "glm";
        CHECK(model_from_config(config, "config.json").parameters == 9'399'951'360);
    }
}

TEST_CASE("falcon_h1: a Mamba-2 mixer and attention side by side in every layer",
          "[config][falcon_h1]") {
    // tiiuae/Falcon-H1-0.5B-Base config.json size keys (FalconH1Config; the key set in a stored
    // test, id 54893243323). mamba_d_ssm 1536 = 24 heads × 64 (a stored pre-registration's conv
    // state [1, 1792, 4] = 1536 + 2 × 128 channels, id 60850713165).
    nlohmann::json config = {{"model_type", "falcon_h1"},
                             {"hidden_size", 1024},
                             {"intermediate_size", 2048},
                             {"num_hidden_layers", 36},
                             {"num_attention_heads", 8},
                             {"num_key_value_heads", 2},
                             {"head_dim", 64},
                             {"vocab_size", 32784},
                             {"tie_word_embeddings", false},
                             {"attention_bias", false},
                             {"mlp_bias", false},
                             {"attn_layer_indices", nullptr},
                             {"mamba_d_ssm", 1536},
                             {"mamba_n_heads", 24},
                             {"mamba_d_head", 64},
                             {"mamba_d_state", 128},
                             {"mamba_n_groups", 1},
                             {"mamba_d_conv", 4},
                             {"mamba_expand", 2},
                             {"mamba_chunk_size", 128},
                             {"mamba_conv_bias", true},
                             {"mamba_proj_bias", false},
                             {"mamba_rms_norm", false},
                             {"mamba_norm_before_gate", false},
                             {"projectors_bias", false},
                             {"mlp_multipliers", {0.8838834764831844, 0.5859375}},
                             {"ssm_multipliers", {0.35, 0.25, 0.35, 0.5, 0.35}},
                             {"key_multiplier", 0.39062499999999994},
                             {"time_step_rank", "auto"}};
    // Falcon-H1-0.5B-Base: 521,411,104 (measured in a stored model audit, id 62405531367; "the
    // published 521,411,104-parameter Falcon-H1-0.5B-Base checkpoint", id 60921870048).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 521'411'104);
    SECTION("KV on all 36 layers, and a conv and an SSM state on all 36") {
        // 2 KV heads × head_dim 64, K and V; conv (4 − 1) × (1536 + 2 × 128), SSM 24 × 64 × 128.
        CHECK(kv_bytes_per_token(model, Dtype::bf16) == 36ULL * 2 * 2 * 64 * 2);
        CHECK(recurrent_state_bytes_per_sequence(model, Dtype::bf16) ==
              36ULL * (3 * (1536 + 2 * 128) + 24 * 64 * 128) * 2);
    }
    SECTION("Falcon-H1-7B-Base: 44 layers, the gated RMSNorm in the mixer") {
        // tiiuae/Falcon-H1-7B-Base size keys (a stored config table, id 65865534003); the mixer's
        // norm (mamba_rms_norm, "actual trained model uses True" for Falcon-H1R-7B, id
        // 54573632580) adds 44 × 3072. 7,585,648,736 (a stored audit of Falcon-H1-7B-Base, id
        // 60315456338).
        config["hidden_size"] = 3072;
        config["intermediate_size"] = 12288;
        config["num_hidden_layers"] = 44;
        config["num_attention_heads"] = 12;
        config["head_dim"] = 128;
        config["vocab_size"] = 130048;
        config["mamba_d_ssm"] = 3072;
        config["mamba_d_head"] = 128;
        config["mamba_d_state"] = 256;
        config["mamba_rms_norm"] = true;
        CHECK(model_from_config(config, "config.json").parameters == 7'585'648'736);
    }
    SECTION("a mixer width that the heads do not fill is refused, naming the keys") {
        config["mamba_d_ssm"] = 2048;
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'mamba_n_heads' (24) × 'mamba_d_head' (64) must "
                          "equal the mixer's inner width 'mamba_d_ssm' (2048)");
    }
}

TEST_CASE("chatglm: ChatGLM2/3 and GLM-4-9B-Chat's remote code, a fused query_key_value",
          "[config][glm]") {
    // THUDM/chatglm3-6b config.json size keys (ChatGLMConfig of its modeling_chatglm.py).
    nlohmann::json config = {{"model_type", "chatglm"},
                             {"num_layers", 28},
                             {"padded_vocab_size", 65024},
                             {"hidden_size", 4096},
                             {"ffn_hidden_size", 13696},
                             {"kv_channels", 128},
                             {"num_attention_heads", 32},
                             {"seq_length", 8192},
                             {"multi_query_attention", true},
                             {"multi_query_group_num", 2},
                             {"add_bias_linear", false},
                             {"add_qkv_bias", true},
                             {"rmsnorm", true},
                             {"post_layer_norm", true},
                             {"apply_residual_connection_post_layernorm", false},
                             {"original_rope", true},
                             {"pre_seq_len", nullptr},
                             {"quantization_bit", 0},
                             {"tie_word_embeddings", false}};
    // chatglm3-6b: 6,243,584,000 (model.num_parameters() printed in a stored script, id
    // 29193968977; a load log's trainable count, id 29151670186; chatglm2-6b, the same shape, in a
    // stored model table, id 5812671115).
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 6'243'584'000);
    // 2 query groups × kv_channels 128, K and V, 2 B, on all 28 layers.
    CHECK(kv_bytes_per_token(model, Dtype::bf16) == 28ULL * 2 * 2 * 128 * 2);
    SECTION("glm-4-9b-chat: 40 layers, a 151,552-token vocabulary; the same count as glm") {
        // THUDM/glm-4-9b-chat: 9,399,951,360 (the GLM-4 demo banner, stored id 42305816254).
        config["num_layers"] = 40;
        config["padded_vocab_size"] = 151552;
        CHECK(model_from_config(config, "config.json").parameters == 9'399'951'360);
    }
    SECTION("the first ChatGLM-6B, P-tuning prefixes and in-place quantisation are refused") {
        nlohmann::json first = config;
        first["inner_hidden_size"] = 16384;
        CHECK_THROWS_WITH(model_from_config(first, "config.json"),
                          Catch::Contains("'inner_hidden_size' belongs to the first ChatGLM-6B"));
        nlohmann::json prefix = config;
        prefix["pre_seq_len"] = 128;
        CHECK_THROWS_WITH(model_from_config(prefix, "config.json"),
                          Catch::Contains("'pre_seq_len' is set"));
        nlohmann::json int4 = config;
        int4["quantization_bit"] = 4;
        CHECK_THROWS_WITH(model_from_config(int4, "config.json"),
                          Catch::Contains("'quantization_bit' is set"));
    }
}

TEST_CASE("whisper: an audio encoder, a decoder with cross-attention over 1500 positions",
          "[config][whisper]") {
    // openai/whisper-large-v3 config.json size keys
    // (https://huggingface.co/openai/whisper-large-v3/blob/main/config.json).
    nlohmann::json config = {{"model_type", "whisper"},
                             {"architectures", {"WhisperForConditionalGeneration"}},
                             {"d_model", 1280},
                             {"encoder_layers", 32},
                             {"encoder_attention_heads", 20},
                             {"encoder_ffn_dim", 5120},
                             {"decoder_layers", 32},
                             {"decoder_attention_heads", 20},
                             {"decoder_ffn_dim", 5120},
                             {"num_hidden_layers", 32},
                             {"num_mel_bins", 128},
                             {"vocab_size", 51866},
                             {"max_source_positions", 1500},
                             {"max_target_positions", 448},
                             {"max_length", 448},
                             {"scale_embedding", false},
                             {"use_weighted_layer_sum", false},
                             {"classifier_proj_size", 256},
                             {"torch_dtype", "float16"}};
    // whisper-large-v3: 1,543,490,560 (HF Hub API safetensors.total, in two stored model tables:
    // ids 71142266638 "'openai/whisper-large-v3': ('Apache-2.0', 1543490560)" and 69457224706
    // "1543490560, // safetensors.total"). The count includes the encoder's 1500 × 1280
    // sinusoidal embed_positions, stored as a weight; proj_out is tied to embed_tokens.
    const ModelSpec model = model_from_config(config, "config.json");
    CHECK(model.parameters == 1'543'490'560);
    CHECK(model.encoder_layers == 32);
    CHECK(model.max_position_embeddings == 448);
    // The encoder: conv1 128 × 3 × 1280 + 1280, conv2 1280 × 3 × 1280 + 1280, 1500 × 1280
    // positions, 32 layers of 4 × 1280² + 3 × 1280 (q, v, out biases) + 2 × 1280 × 5120 + 5120 +
    // 1280 + 2 × 2 × 1280 (LayerNorms), a final LayerNorm.
    CHECK(model.audio_parameters ==
          128ULL * 3 * 1280 + 1280 + 1280ULL * 3 * 1280 + 1280 + 1500ULL * 1280 +
              32 * (4ULL * 1280 * 1280 + 3 * 1280 + 2ULL * 1280 * 5120 + 5120 + 1280 + 4 * 1280) +
              2 * 1280);
    SECTION("KV: 32 decoder layers per token, and 1500 encoder positions per sequence") {
        // 20 heads × 64 = 1280 K and 1280 V elements per layer and token, 2 B each.
        CHECK(kv_bytes_per_token(model, Dtype::bf16) == 32ULL * 2 * 1280 * 2);
        CHECK(model.cross_attention_tokens == 1500);
        CHECK_THAT(model.cross_attention_input, Catch::StartsWith("the audio encoder's 1,500"));
        CHECK(kv_bytes_per_sequence(model, Dtype::bf16, 448) ==
              32ULL * 2 * 1280 * 2 * 448 + 32ULL * 2 * 1280 * 2 * 1500);
    }
    SECTION("whisper-large-v3-turbo: the same encoder, 4 decoder layers") {
        // openai/whisper-large-v3-turbo: 808,878,080 (the same HF Hub table, id 71142266638).
        config["decoder_layers"] = 4;
        CHECK(model_from_config(config, "config.json").parameters == 808'878'080);
    }
    SECTION("whisper-tiny: the class defaults are whisper-tiny's") {
        // openai/whisper-tiny: 37,760,640 (Keras Hub's whisper_tiny_multi preset "params":
        // 37760640, id 362284770; a state_dict sum "37760640", id 71077194004). Its config.json
        // sets every size key to WhisperConfig's default, so a bare model_type counts alike.
        const nlohmann::json tiny = {{"model_type", "whisper"}};
        CHECK(model_from_config(tiny, "config.json").parameters == 37'760'640);
    }
    SECTION("the other released sizes: the Hub's safetensors totals") {
        // A stored table of each checkpoint's config.json size keys and "the parameter total the
        // Hub reports for the safetensors file" (id 70862004100): d_model, encoder / decoder
        // layers, heads, mel bins, vocabulary; the MLPs are 4 × d_model wide.
        struct Size {
            int d_model, encoder_layers, decoder_layers, heads, mel_bins, vocab;
            std::uint64_t hub_total;
        };
        for (const Size& size :
             {Size{384, 4, 4, 6, 80, 51864, 37'760'256},         // tiny.en
              Size{512, 6, 6, 8, 80, 51865, 72'593'920},         // base
              Size{768, 12, 12, 12, 80, 51865, 241'734'912},     // small
              Size{1024, 24, 24, 16, 80, 51865, 763'857'920},    // medium
              Size{1280, 32, 32, 20, 80, 51865, 1'543'304'960},  // large-v2
              Size{1280, 32, 2, 20, 128, 51866, 756'405'760},    // distil-large-v3
              Size{768, 12, 4, 12, 80, 51864, 166'132'224}}) {   // distil-small.en
            const nlohmann::json sized = {{"model_type", "whisper"},
                                          {"d_model", size.d_model},
                                          {"encoder_layers", size.encoder_layers},
                                          {"decoder_layers", size.decoder_layers},
                                          {"encoder_attention_heads", size.heads},
                                          {"decoder_attention_heads", size.heads},
                                          {"encoder_ffn_dim", 4 * size.d_model},
                                          {"decoder_ffn_dim", 4 * size.d_model},
                                          {"num_mel_bins", size.mel_bins},
                                          {"vocab_size", size.vocab}};
            INFO(sized.dump());
            CHECK(model_from_config(sized, "config.json").parameters == size.hub_total);
        }
    }
    SECTION("vLLM: cross-attention layers are a KV cache group of their own") {
        // No published vLLM start-up log for Whisper was found; this follows vLLM's code:
        // kv_cache_utils.py never finds a CrossAttentionSpec uniform with a FullAttentionSpec, so
        // the 32 self- and 32 cross-attention layers are two groups of 32 sharing one block pool
        // (blocks = ⌊avail / (page × 32)⌋); "GPU KV cache size" is ⌊blocks / 2⌋ × 16 tokens and
        // the concurrency blocks / (⌈448 / 16⌉ + ⌈1500 / 16⌉) = blocks / 122 (a request's self-
        // and cross-attention blocks).
        SizingRequest request;
        request.model = model;
        request.sequence_lengths = {448};
        request.engine = default_engine_settings(Engine::vllm);
        const SizingReport report = size_deployment(request, bare_accelerators("h100-80gb", 1));
        const GpuBudget& gpu = report.instances.at(0).per_gpu;
        REQUIRE(gpu.kv_bytes > 0);
        const std::uint64_t page = 16ULL * 2 * 20 * 64 * 2;  // one layer's block, bf16
        const std::uint64_t blocks = static_cast<std::uint64_t>(gpu.kv_bytes) / (page * 32);
        CHECK(gpu.kv_tokens == blocks / 2 * 16);
        CHECK(gpu.max_concurrency == Approx(static_cast<double>(blocks) / 122).epsilon(1e-3));
    }
    SECTION("heads that do not divide d_model are refused, naming the keys") {
        config["decoder_attention_heads"] = 7;
        CHECK_THROWS_WITH(model_from_config(config, "config.json"),
                          "reading 'config.json': 'd_model' (1280) must be a multiple of "
                          "decoder_attention_heads (7)");
    }
    SECTION("an untied proj_out adds vocab × d_model") {
        config["tie_word_embeddings"] = false;
        CHECK(model_from_config(config, "config.json").parameters ==
              1'543'490'560 + 51'866ULL * 1280);
    }
}
