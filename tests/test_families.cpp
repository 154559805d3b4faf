// The families added for issue 11, one TEST_CASE each: the count pinned to a published exact
// figure (source in the comment; data/model_sources.json has the full citation) and the KV
// cache or state derived by hand from the family's transformers modelling code.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "llmsize/config.hpp"
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
