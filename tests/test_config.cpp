// Parameter counts from config.json, one family at a time. Each expected value is a published
// exact count; the source is cited in data/models.json next to the config it was checked with.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "llmsize/presets.hpp"
#include "temp_folder.hpp"

using namespace llmsize;

namespace {
std::uint64_t count(std::string_view preset) {
    return model_from_preset(find_preset(preset)).parameters;
}
ModelSpec from(const nlohmann::json& config) {
    return model_from_config(config, "config.json");
}
nlohmann::json llama_config() {
    // meta-llama/Llama-2-7b-hf config.json (size keys).
    return {{"model_type", "llama"},   {"hidden_size", 4096},         {"intermediate_size", 11008},
            {"num_hidden_layers", 32}, {"num_attention_heads", 32},   {"num_key_value_heads", 32},
            {"vocab_size", 32000},     {"tie_word_embeddings", false}};
}
}  // namespace

TEST_CASE("every bundled preset's count equals its published count", "[config][presets]") {
    for (const Preset& preset : bundled_presets()) {
        INFO(preset.name << ": " << sources_of(preset).published_parameters_source);
        CHECK_FALSE(sources_of(preset).config_source.empty());
        if (preset.published_extra_parameters > 0)
            CHECK_FALSE(sources_of(preset).published_extra_why.empty());
        const ModelSpec model = model_from_preset(preset);
        if (preset.published_parameters) {
            // Where the published figure counts tensors a loaded model does not have (a tied head
            // stored twice, MTP layers, fp8 scales), the preset names them and their size.
            CHECK(model.parameters + preset.published_extra_parameters ==
                  *preset.published_parameters);
        } else {
            // Only a rounded figure ("20B") was published: within 2.5 % of it.
            const double ratio = static_cast<double>(model.parameters) /
                                 static_cast<double>(*preset.published_parameters_rounded);
            CHECK(ratio == Approx(1.0).epsilon(0.025));
        }
    }
}

TEST_CASE("llmsize::model_from_config counts each family exactly", "[config]") {
    // Llama-2-7b: 6,738,415,616 (together-python model_param_count; keras-hub preset).
    CHECK(count("llama-2-7b") == 6'738'415'616);
    // Mistral-7B-v0.1: 7,241,732,096 (GGUF general.parameter_count; together model list).
    CHECK(count("mistral-7b-v0.1") == 7'241'732'096);
    // Mixtral-8x7B-v0.1: 46,702,792,704 (keras-hub preset; HF safetensors total).
    CHECK(count("mixtral-8x7b") == 46'702'792'704);
    // Qwen2.5-7B: 7,615,616,512 (HF safetensors total), q/k/v biases.
    CHECK(count("qwen2.5-7b") == 7'615'616'512);
    // Qwen1.5-MoE-A2.7B (qwen2_moe): 14,315,784,192, shared expert with a sigmoid gate.
    CHECK(count("qwen1.5-moe-a2.7b") == 14'315'784'192);
    // Qwen3-8B: 8,190,735,360 (HF API), q_norm and k_norm.
    CHECK(count("qwen3-8b") == 8'190'735'360);
    // Qwen3-30B-A3B (qwen3_moe): 30,532,122,624 ("30.5B total").
    CHECK(count("qwen3-30b-a3b") == 30'532'122'624);
    // gemma-7b: 8,537,680,896 (keras-hub gemma_presets.py), tied embeddings, head_dim 256.
    CHECK(count("gemma-7b") == 8'537'680'896);
    // gemma-2-9b: 9,241,705,984 (keras-hub), four norms per layer.
    CHECK(count("gemma-2-9b") == 9'241'705'984);
    // gemma-3-27b-it: 27,432,406,640 (HF safetensors) = text 27,009,346,304 + SigLIP vision
    // 416,866,032 + projector 6,194,304; text_config omits keys that take Gemma3TextConfig
    // defaults.
    CHECK(count("gemma-3-27b") == 27'432'406'640);
    // Phi-3-mini-4k-instruct: 3,821,079,552 (HF safetensors).
    CHECK(count("phi-3-mini") == 3'821'079'552);
    // starcoder2-15b: 15,957,889,024 (model card, safetensors metadata): biases and LayerNorms.
    CHECK(count("starcoder2-15b") == 15'957'889'024);
    // GPT-NeoX-20B: 20,554,567,680 (model card "n_parameters").
    CHECK(count("gpt-neox-20b") == 20'554'567'680);
    // GPT-J-6B: 6,050,882,784 (transformers log "# of params"), lm_head with bias.
    CHECK(count("gpt-j-6b") == 6'050'882'784);
    // BLOOM: 176,247,271,424 (huggingface.js safetensors test: { BF16: 176247271424 }).
    CHECK(count("bloom-176b") == 176'247'271'424);
    // OPT-125m: 125,239,296, positions with the offset of 2.
    CHECK(count("opt-125m") == 125'239'296);
    // GPT-2: 124,439,808 (the 137,022,720 safetensors elements include 12 × 1024² causal masks).
    CHECK(count("gpt2") == 124'439'808);
    // Flan-T5-XXL (T5 v1.1 XXL shapes): 11,135,332,352 (keras-hub t5_1.1_xxl).
    CHECK(count("flan-t5-xxl") == 11'135'332'352);
    // DeepSeek-V2-Lite: 15,706,484,224, q_lora_rank null → a plain q_proj.
    CHECK(count("deepseek-v2-lite") == 15'706'484'224);
    // DeepSeek-V3: 671,026,419,200, the model card's "671B" main model (without the MTP layer).
    CHECK(count("deepseek-v3") == 671'026'419'200);
    // Jamba-v0.1: 51,570,323,328 (third-party reproduction; leaderboard "51.57").
    CHECK(count("jamba-v0.1") == 51'570'323'328);
    SECTION("Falcon: the loaded model ties lm_head; published totals count it twice") {
        // falcon-7b published 7,217,189,760 = 6,921,720,704 + 65,024 × 4,544 (lm_head stored).
        CHECK(count("falcon-7b") == 7'217'189'760 - 65'024ULL * 4'544);
        // falcon-40b published 41,835,970,560 = 41,303,293,952 + 65,024 × 8,192.
        CHECK(count("falcon-40b") == 41'835'970'560 - 65'024ULL * 8'192);
        // falcon-180B HF safetensors.total 179,522,565,120 less 65,024 × 14,848.
        CHECK(count("falcon-180b") == 179'522'565'120 - 65'024ULL * 14'848);
    }
}

TEST_CASE("mixture-of-experts active parameters", "[config][moe]") {
    const ModelSpec mixtral = model_from_preset(find_preset("mixtral-8x7b"));
    // Mixtral activates 2 of 8 experts: total − 32 layers × 6 idle experts × 3 × 4096 × 14336
    // = 12,879,925,248 (Mistral: "12.9B active parameters").
    REQUIRE(mixtral.active_parameters);
    CHECK(*mixtral.active_parameters == 46'702'792'704 - 32ULL * 6 * 3 * 4096 * 14'336);
    // Qwen3-30B-A3B: "3.3B activated": 8 of 128 experts of 3 × 2048 × 768 in 48 layers.
    const ModelSpec qwen = model_from_preset(find_preset("qwen3-30b-a3b"));
    REQUIRE(qwen.active_parameters);
    CHECK(*qwen.active_parameters == 30'532'122'624 - 48ULL * 120 * 3 * 2048 * 768);
    // Dense models report none.
    CHECK_FALSE(model_from_preset(find_preset("llama-2-7b")).active_parameters);
}

TEST_CASE("config.json details", "[config]") {
    SECTION("num_key_value_heads defaults to num_attention_heads") {
        nlohmann::json config = llama_config();
        config.erase("num_key_value_heads");
        CHECK(from(config).kv_heads == 32);
        CHECK(from(config).parameters == 6'738'415'616);
    }
    SECTION("tie_word_embeddings drops the output layer") {
        nlohmann::json config = llama_config();
        config["tie_word_embeddings"] = true;
        CHECK(from(config).parameters == 6'738'415'616 - 32'000ULL * 4096);
    }
    SECTION("attention_bias adds q, k, v and o biases") {
        nlohmann::json config = llama_config();
        config["attention_bias"] = true;
        CHECK(from(config).parameters == 6'738'415'616 + 32ULL * 4 * 4096);
    }
    SECTION("an explicit null takes the family's default") {
        nlohmann::json config = llama_config();
        config["num_key_value_heads"] = nullptr;
        CHECK(from(config).kv_heads == 32);
    }
    SECTION("an unknown model_type with the usual keys uses the generic formula and says so") {
        nlohmann::json config = llama_config();
        config["model_type"] = "my_llama";
        const ModelSpec model = from(config);
        CHECK(model.parameters == 6'738'415'616);
        REQUIRE(model.notes.size() == 1);
        CHECK(model.notes[0] ==
              "model_type 'my_llama' is not one llmsize knows: sized with the generic decoder "
              "formula (Llama layout: gated MLP, no biases, untied embeddings) from keys "
              "hidden_size, intermediate_size, model_type, num_attention_heads, num_hidden_layers, "
              "num_key_value_heads, tie_word_embeddings, vocab_size; the parameter count may be "
              "inexact");
    }
}

TEST_CASE("bad configs get one clear line naming the file and key", "[config][errors]") {
    SECTION("missing, mistyped and non-positive sizes") {
        nlohmann::json config = llama_config();
        config.erase("hidden_size");
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'hidden_size' is missing; it must be a positive integer");
        config = llama_config();
        config["num_key_value_heads"] = "8";
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'num_key_value_heads' must be a positive integer, got \"8\"");
        config["num_key_value_heads"] = 0;
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'num_key_value_heads' must be a positive integer, got 0");
        config["num_key_value_heads"] = -8;
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'num_key_value_heads' must be a positive integer, got -8");
        config["num_key_value_heads"] = 8.5;
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'num_key_value_heads' must be a positive integer, got 8.5");
        config["num_key_value_heads"] = true;
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'num_key_value_heads' must be a positive integer, got true");
    }
    SECTION("inconsistent shapes") {
        nlohmann::json config = llama_config();
        config["num_key_value_heads"] = 5;
        CHECK_THROWS_WITH(from(config),
                          "reading 'config.json': 'num_key_value_heads' (5) must divide the number "
                          "of attention heads (32)");
        config = llama_config();
        config["num_attention_heads"] = 30;
        config["num_key_value_heads"] = 30;
        CHECK_THROWS_WITH(from(config),
                          "reading 'config.json': 'hidden_size' (4096) must be divisible by "
                          "'num_attention_heads' (30) when 'head_dim' is not given");
    }
    SECTION("absurd values are refused before they can overflow") {
        nlohmann::json config = llama_config();
        config["vocab_size"] = 1e18;
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'vocab_size' must be at most 4294967296, got 1e+18");
        config = llama_config();
        config["hidden_size"] = 4'294'967'296ULL;
        config["intermediate_size"] = 4'294'967'296ULL;
        config["num_attention_heads"] = 1;
        config["num_key_value_heads"] = 1;
        config["vocab_size"] = 4'294'967'296ULL;
        CHECK_THROWS_WITH(from(config),
                          "reading 'config.json': parameter count is too large: the arithmetic "
                          "overflows 64 bits");
    }
    SECTION("not an object, and an unknown type without the usual keys") {
        CHECK_THROWS_WITH(
            from(nlohmann::json::array()),
            "reading 'config.json': expected a JSON object of model settings, got an array");
        CHECK_THROWS_WITH(from(nlohmann::json{{"model_type", "mystery"}}),
                          "reading 'config.json': 'hidden_size' is missing; it must be a positive "
                          "integer (model_type 'mystery' is not one llmsize knows, so it was read "
                          "as a generic Llama-style decoder)");
    }
}

TEST_CASE("llmsize::load_config", "[config][files]") {
    llmsize::testing::TempFolder dir;
    const std::filesystem::path file = dir.write("model/config.json", llama_config().dump());
    SECTION("takes a file or the folder that holds it") {
        CHECK(load_config(file).parameters == 6'738'415'616);
        CHECK(load_config(file.parent_path()).parameters == 6'738'415'616);
        CHECK(load_config(file).source == ModelSource::config);
    }
    SECTION("errors name the path") {
        const std::string missing = (dir.path() / "nope.json").string();
        CHECK_THROWS_WITH(load_config(missing),
                          "reading '" + missing + "': no such file or folder");
        const std::string empty_folder = dir.make_folder("empty").string();
        CHECK_THROWS_WITH(load_config(empty_folder),
                          "reading '" + empty_folder + "': no config.json in this folder");
        const std::filesystem::path broken =
            dir.write("broken.json", "{\n  \"hidden_size\": 40,\n  oops\n}");
        CHECK_THROWS_WITH(load_config(broken),
                          "reading '" + broken.string() + "': not valid JSON (line 3, column 3)");
        const std::filesystem::path binary =
            dir.write("binary.json", std::string("\x00\x01\xff\xfe", 4));
        CHECK_THROWS_WITH(load_config(binary),
                          "reading '" + binary.string() + "': not valid JSON (line 1, column 1)");
    }
    SECTION("deep nesting and huge files are refused") {
        const std::filesystem::path deep =
            dir.write("deep.json", std::string(200'000, '[') + std::string(200'000, ']'));
        CHECK_THROWS_WITH(load_config(deep),
                          "reading '" + deep.string() + "': JSON nested deeper than 64 levels");
        const std::filesystem::path huge =
            dir.write("huge.json", std::string(5 * 1024 * 1024, ' '));
        CHECK_THROWS_WITH(load_config(huge),
                          "reading '" + huge.string() +
                              "': larger than 4096 KiB, the most llmsize reads from such a file");
    }
}

TEST_CASE("a config with parts the counter does not model is refused, not guessed",
          "[config][unmodelled]") {
    SECTION("experts on a family that has none name the key and the exact way") {
        nlohmann::json config = llama_config();
        config["model_type"] = "mistral";
        config["num_local_experts"] = 8;
        CHECK_THROWS_WITH(
            from(config),
            "reading 'config.json': 'num_local_experts' (mixture-of-experts) is not modelled for "
            "model_type 'mistral', so the count would be wrong; add --approximate for an estimate "
            "(given the checkpoint folder, its safetensors headers still make the weights exact)");
    }
    SECTION("a vision sub-config, state-space keys and unknown layer kinds") {
        nlohmann::json config = llama_config();
        config["vision_config"] = {{"hidden_size", 1024}};
        CHECK_THROWS_WITH(from(config), Catch::StartsWith("reading 'config.json': 'vision_config' "
                                                          "(a nested sub-model) is not modelled"));
        config = llama_config();
        config["ssm_state_size"] = 128;
        CHECK_THROWS_WITH(from(config), Catch::StartsWith("reading 'config.json': "
                                                          "'ssm_state_size' (state-space"));
        config = llama_config();
        config["sliding_window"] = 4096;
        config["layer_types"] = nlohmann::json::array();
        for (int i = 0; i < 32; ++i)
            config["layer_types"].push_back(i % 4 == 3 ? "full_attention" : "linear_attention");
        CHECK_THROWS_WITH(from(config),
                          Catch::StartsWith("reading 'config.json': 'layer_types' entry "
                                            "'linear_attention' (a layer kind) is not modelled"));
    }
    SECTION("an unknown model_type with keys outside the generic decoder's") {
        nlohmann::json config = llama_config();
        config["model_type"] = "my_llama";
        config["use_qk_norm"] = true;
        config["swiglu_limit"] = 7.0;
        CHECK_THROWS_WITH(from(config),
                          Catch::StartsWith("reading 'config.json': 'use_qk_norm' (q/k norms) "
                                            "(and 1 more) is not modelled for model_type "
                                            "'my_llama'"));
        // Token ids, dropouts and epsilons change nothing: still the generic formula, with a note.
        config.erase("use_qk_norm");
        config.erase("swiglu_limit");
        config["bos_token_id"] = 1;
        config["attention_dropout"] = 0.0;
        config["rms_norm_eps"] = 1e-5;
        CHECK(from(config).parameters == 6'738'415'616);
    }
    SECTION("zero or null component keys switch nothing on") {
        nlohmann::json config = llama_config();
        config["num_experts"] = 0;
        config["vision_config"] = nullptr;
        CHECK(from(config).parameters == 6'738'415'616);
    }
    SECTION("--approximate sizes it anyway, with a warning per part, never a note") {
        nlohmann::json config = llama_config();
        config["num_local_experts"] = 8;
        const ModelSpec model = model_from_config(config, "config.json", {.approximate = true});
        CHECK(model.parameters == 6'738'415'616);
        CHECK(model.notes.empty());
        REQUIRE(model.warnings.size() == 1);
        CHECK(model.warnings[0] ==
              "'num_local_experts' (mixture-of-experts) is not modelled for "
              "model_type 'llama': the estimate leaves it out (--approximate)");
    }
}

TEST_CASE("families llmsize cannot count yet are refused, even with --approximate",
          "[config][unmodelled]") {
    nlohmann::json config = llama_config();
    config["model_type"] = "zamba2";
    const std::string message =
        "reading 'config.json': model_type 'zamba2' (Mamba-2 layers and shared attention blocks) "
        "is not supported yet: llmsize cannot count it from config.json and does not guess (not "
        "even with --approximate)";
    CHECK_THROWS_WITH(from(config), message);
    CHECK_THROWS_WITH(model_from_config(config, "config.json", {.approximate = true}), message);
    SECTION("DBRX: its count follows from the config, but no published exact figure pins it") {
        config["model_type"] = "dbrx";
        CHECK_THROWS_WITH(from(config),
                          "reading 'config.json': model_type 'dbrx' (experts; no published exact "
                          "count pinned yet) is not supported yet: llmsize cannot count it from "
                          "config.json and does not guess (not even with --approximate)");
    }
}
