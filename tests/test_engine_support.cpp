#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "llmsize/catalog.hpp"
#include "llmsize/device.hpp"
#include "llmsize/engine_support.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/request_defaults.hpp"
#include "run_cli.hpp"

using namespace llmsize;

namespace {
SupportVerdict check(Engine engine, std::string_view accelerator, Dtype weights,
                     bool chosen_by_engine = false, const ModelSpec& model = {}) {
    return check_engine_support(
        engine, accelerator, device_capabilities(accelerator),
        ServedFormat{weights, weights == Dtype::fp8 ? Dtype::fp16 : weights, chosen_by_engine},
        model);
}

struct Result {
    int code = 0;
    std::string out;
    std::string err;
};

Result run(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = cli::run_cli(args, out, err);
    return {code, out.str(), err.str()};
}
}  // namespace

TEST_CASE("llmsize::check_engine_support", "[engine_support]") {
    SECTION("no CUDA engine runs on Neuron (vllm PR #21159; TRT-LLM supported hardware)") {
        for (const Engine engine : {Engine::vllm, Engine::tgi, Engine::trtllm, Engine::llamacpp}) {
            const SupportVerdict verdict = check(engine, "Inferentia2", Dtype::bf16);
            CHECK(verdict.kind == ProblemKind::engine_device);
            CHECK(verdict.problem == "engine " + std::string(engine_name(engine)) +
                                         " does not run on Inferentia2 (neuron)");
            CHECK_FALSE(verdict.source.empty());
        }
        CHECK(check(Engine::raw, "Trainium1", Dtype::fp16).kind == ProblemKind::engine_device);
    }
    SECTION("vLLM has no attention backend for Volta (vllm#18571); T4 runs") {
        CHECK(check(Engine::vllm, "V100-16GB", Dtype::fp16).kind == ProblemKind::engine_device);
        CHECK(check(Engine::vllm, "T4", Dtype::fp16).kind == ProblemKind::none);
        CHECK(check(Engine::llamacpp, "V100-16GB", Dtype::fp16).kind == ProblemKind::none);
    }
    SECTION("TensorRT-LLM supports Ampere and newer (supported-hardware page)") {
        CHECK(check(Engine::trtllm, "T4", Dtype::fp16).kind == ProblemKind::engine_device);
        CHECK(check(Engine::trtllm, "A10G", Dtype::fp16).kind == ProblemKind::none);
    }
    SECTION("FP8: W8A8 on 8.9+, weight-only where the engine has it (vLLM fp8 docs, PR #29901)") {
        CHECK(check(Engine::vllm, "H100-80GB", Dtype::fp8).kind == ProblemKind::none);
        CHECK(check(Engine::vllm, "H100-80GB", Dtype::fp8).warnings.empty());
        const SupportVerdict marlin = check(Engine::vllm, "A10G", Dtype::fp8);
        CHECK(marlin.kind == ProblemKind::none);
        CHECK(marlin.warnings.size() == 1);
        CHECK(check(Engine::vllm, "T4", Dtype::fp8).kind == ProblemKind::none);
        // TGI falls back to Marlin from 8.0 (TGI #2388); TRT-LLM has FP8 on SM89/SM90 only.
        CHECK(check(Engine::tgi, "T4", Dtype::fp8).kind == ProblemKind::format_device);
        CHECK(check(Engine::tgi, "A100-80GB", Dtype::fp8).kind == ProblemKind::none);
        const SupportVerdict trt = check(Engine::trtllm, "A100-80GB", Dtype::fp8);
        CHECK(trt.kind == ProblemKind::format_device);
        CHECK(trt.problem ==
              "engine trtllm cannot serve fp8 weights on A100-80GB (Ampere, compute capability "
              "8.0): FP8 needs 8.9 or newer");
        CHECK(check(Engine::trtllm, "L4", Dtype::fp8).kind == ProblemKind::none);
    }
    SECTION("bf16 needs 8.0 (vLLM's dtype check); the engine's own default falls back to fp16") {
        CHECK(check(Engine::vllm, "T4", Dtype::bf16).kind == ProblemKind::format_device);
        CHECK(check(Engine::tgi, "T4", Dtype::bf16).kind == ProblemKind::format_device);
        const SupportVerdict fallback = check(Engine::vllm, "T4", Dtype::bf16, true);
        CHECK(fallback.kind == ProblemKind::none);
        CHECK(fallback.warnings.front() ==
              "T4 has no bf16: vllm serves fp16 there (the same size)");
        CHECK(check(Engine::vllm, "A10G", Dtype::bf16).kind == ProblemKind::none);
    }
    SECTION("vLLM does not implement T5 (vllm#7366); TensorRT-LLM does (enc_dec)") {
        ModelSpec t5;
        t5.architecture = "t5";
        CHECK(check(Engine::vllm, "A10G", Dtype::bf16, false, t5).kind ==
              ProblemKind::engine_model);
        CHECK(check(Engine::trtllm, "A10G", Dtype::bf16, false, t5).kind == ProblemKind::none);
    }
    SECTION("vLLM dropped mllama after 0.10.2 (vllm#24907); SGLang's pool for it is not modelled") {
        ModelSpec mllama;
        mllama.architecture = "mllama";
        const SupportVerdict vllm = check(Engine::vllm, "A10G", Dtype::bf16, false, mllama);
        CHECK(vllm.kind == ProblemKind::engine_model);
        CHECK(vllm.problem ==
              "engine vllm no longer serves Llama 3.2 Vision (mllama): removed with its V0 engine "
              "after 0.10.2");
        CHECK(check(Engine::sglang, "A10G", Dtype::bf16, false, mllama).kind ==
              ProblemKind::engine_model);
        CHECK(check(Engine::tgi, "A10G", Dtype::bf16, false, mllama).kind == ProblemKind::none);
        CHECK(check(Engine::raw, "A10G", Dtype::bf16, false, mllama).kind == ProblemKind::none);
    }
    SECTION(
        "any other cross-attention model under SGLang is refused too (Whisper), not sized "
        "as if its cross-attention cache were absent") {
        ModelSpec whisper;
        whisper.architecture = "whisper";
        whisper.cross_kv_layers.push_back(full_attention_layers(32, 20, 64));
        const SupportVerdict sglang = check(Engine::sglang, "A10G", Dtype::bf16, false, whisper);
        CHECK(sglang.kind == ProblemKind::engine_model);
        CHECK(sglang.problem ==
              "llmsize does not model sglang's cross-attention pool for the encoder-decoder model "
              "type 'whisper': use another --engine");
        CHECK(check(Engine::vllm, "A10G", Dtype::bf16, false, whisper).kind == ProblemKind::none);
        // TGI's supported-models page lists no speech model; llama.cpp leaves Whisper to
        // whisper.cpp. TensorRT-LLM has a Whisper example.
        const SupportVerdict tgi = check(Engine::tgi, "A10G", Dtype::bf16, false, whisper);
        CHECK(tgi.kind == ProblemKind::engine_model);
        CHECK(tgi.problem == "engine tgi does not serve Whisper: use --engine vllm or trtllm");
        CHECK(check(Engine::llamacpp, "A10G", Dtype::bf16, false, whisper).kind ==
              ProblemKind::engine_model);
        CHECK(check(Engine::trtllm, "A10G", Dtype::bf16, false, whisper).kind == ProblemKind::none);
    }
    SECTION("every rule names a source") {
        for (const SupportRule& rule : engine_support_rules()) {
            INFO(rule.id);
            CHECK_FALSE(rule.text.empty());
            CHECK_FALSE(rule.source.empty());
        }
    }
}

TEST_CASE("the issue's examples", "[engine_support][cli]") {
    SECTION("the default engine never recommends a Neuron instance") {
        const Result result = run({"--model", "llama-3.1-8b", "--seq", "8192", "--json"});
        REQUIRE(result.code == 0);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        for (const auto& instance : doc["instances"]) {
            if (instance["runtime"] == "neuron") {
                CHECK(instance["fits"] == false);
                CHECK(instance["problem_kind"] == "engine_device");
            }
        }
        CHECK(doc["recommended"] != nullptr);
        CHECK(doc["pricing"] == "sagemaker");
    }
    SECTION("fp8 on a T4 under TGI fails the gate, and says why") {
        const Result result =
            run({"--model", "llama-3.1-8b", "--dtype", "fp8", "--seq", "4096", "--instance",
                 "g4dn.xlarge", "--batch", "2", "--engine", "tgi", "--json"});
        CHECK(result.code == 1);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        CHECK(doc["instances"][0]["problem_kind"] == "format_device");
    }
    SECTION("--strict fails the gate on any warning") {
        // vLLM runs fp8 weight-only on A10G: a warning, so --strict fails it.
        const std::vector<std::string> args{"--model", "llama-3.1-8b", "--dtype",    "fp8",
                                            "--seq",   "4096",         "--instance", "g5.xlarge"};
        CHECK(run(args).code == 0);
        std::vector<std::string> strict = args;
        strict.push_back("--strict");
        const Result result = run(strict);
        CHECK(result.code == 1);
        CHECK(result.out.find("--strict: A10G has no FP8 arithmetic") != std::string::npos);
    }
}

TEST_CASE("the model's context", "[context]") {
    const ModelSpec llama2 = model_from_preset(find_preset("llama-2-13b"));
    SECTION("max_position_embeddings without rope scaling") {
        REQUIRE(llama2.max_context_tokens);
        CHECK(*llama2.max_context_tokens == 4096);  // Llama-2-13b config.json
    }
    SECTION("llama3 rope keeps the extended limit (vLLM _get_and_verify_max_len)") {
        // Llama-3.1 config: max_position_embeddings 131072, rope_scaling llama3 factor 8.
        const ModelSpec llama31 = model_from_preset(find_preset("llama-3.1-8b"));
        CHECK(llama31.max_context_tokens == 131'072);
    }
    SECTION("beyond the context: an error naming both numbers, or a warning when allowed") {
        CHECK_THROWS_WITH(check_context(llama2, {131'072}, false),
                          "--seq 131,072 is beyond the model's context of 4,096 tokens "
                          "(max_position_embeddings 4096); --allow-long-context to size it "
                          "anyway");
        CHECK(check_context(llama2, {131'072}, true).size() == 1);
        CHECK(check_context(llama2, {4096}, false).empty());
        const Result result = run({"--model", "llama-2-13b", "--seq", "128k"});
        CHECK(result.code == 2);
        CHECK(result.out.empty());
        CHECK(run({"--model", "llama-2-13b", "--seq", "8k", "--allow-long-context"}).code == 0);
        CHECK(run({"--model", "llama-2-13b", "--seq", "8k", "--allow-long-context", "--strict"})
                  .code == 1);
    }
    SECTION("no --seq sizes the whole context") {
        const Result result = run({"--model", "llama-2-13b", "--json"});
        REQUIRE(result.code == 0);
        CHECK(nlohmann::json::parse(result.out)["sequence_lengths"][0] == 4096);
    }
}

TEST_CASE("llmsize::default_weight_dtype", "[dtype]") {
    ModelSpec model;
    model.source = ModelSource::config;
    SECTION("float32 checkpoints load in 16 bits (vLLM dtype=auto)") {
        model.torch_dtype = "float32";
        const DtypeDefault chosen = default_weight_dtype(Engine::vllm, model);
        CHECK(chosen.weights.dtype == Dtype::bf16);
        CHECK(chosen.chosen_by_engine);
        CHECK(chosen.rule.find("float32 checkpoint in 16 bits") != std::string::npos);
    }
    SECTION("the raw engine sizes a float32 checkpoint as stored") {
        model.torch_dtype = "float32";
        CHECK(default_weight_dtype(Engine::raw, model).weights.dtype == Dtype::fp32);
    }
    SECTION("16-bit configs keep their dtype") {
        model.torch_dtype = "float16";
        CHECK(default_weight_dtype(Engine::vllm, model).weights.dtype == Dtype::fp16);
        model.torch_dtype = "bfloat16";
        CHECK(default_weight_dtype(Engine::tgi, model).weights.dtype == Dtype::bf16);
    }
    SECTION("nothing said: fp16") {
        CHECK(default_weight_dtype(Engine::vllm, model).weights.dtype == Dtype::fp16);
    }
}

TEST_CASE("engine neuron sizes Inferentia2 and Trainium1 by NeuronCore",
          "[engine_support][neuron]") {
    SECTION("Llama-3.1-8B bf16 on inf2.xlarge: TP 2 over its 2 NeuronCores") {
        // The Neuron calculator: 16 GB of weights → ceil(16 / 16) = 1 core, rounded up to the
        // smallest Inf2 degree, 2; inf2.xlarge has 2 NeuronCores (neuron-calculator.rst).
        const Result result = run({"--model", "llama-3.1-8b", "--engine", "neuron", "--instance",
                                   "inf2.xlarge", "--seq", "4096", "--json"});
        REQUIRE(result.code == 0);
        const nlohmann::json fit = nlohmann::json::parse(result.out)["instances"][0];
        CHECK(fit["accelerator"] == "NeuronCore-v2");
        CHECK(fit["accelerator_count"] == 2);
        CHECK(fit["tensor_parallel"] == 2);
        // 16 GiB − 14.96 GiB / 2 = 8.52 GiB per core; 4096 tokens × 131,072 B / 2 = 256 MiB.
        CHECK(fit["batches"][0]["max_batch"] == 34);
    }
    SECTION("Llama-3.1-70B bf16 needs more than 8 NeuronCores (141 GB / 16 GB per core = 9)") {
        const Result result = run({"--model", "llama-3.1-70b", "--engine", "neuron", "--instance",
                                   "trn1.32xlarge", "--seq", "4096", "--tp", "8", "--json"});
        CHECK(result.code == 1);
        CHECK(nlohmann::json::parse(result.out)["instances"][0]["problem_kind"] == "weights");
    }
    SECTION("the neuron engine does not run on CUDA GPUs, and CUDA engines not on Neuron") {
        CHECK(check(Engine::neuron, "A10G", Dtype::bf16).kind == ProblemKind::engine_device);
        CHECK(check(Engine::neuron, "Inferentia2", Dtype::bf16).kind == ProblemKind::none);
    }
}

TEST_CASE("prices: --pricing and the price note", "[prices][cli]") {
    SECTION("--pricing ec2 ranks by the EC2 price and says so") {
        const Result result = run({"--model", "llama-3.1-70b", "--seq", "8192", "--pricing", "ec2",
                                   "--instance", "p5.48xlarge", "--json"});
        REQUIRE(result.code == 0);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        CHECK(doc["pricing"] == "ec2");
        // EC2 on-demand p5.48xlarge, us-east-1, after the June-2025 cut (vantage 2026-01-21).
        CHECK(doc["instances"][0]["price_usd_per_hour"] == 55.04);
        CHECK(doc["instances"][0]["price_source"] != nullptr);
    }
    SECTION("an unpriced instance ranks after the priced ones and is never the recommendation") {
        const Result result = run({"--model", "llama-3.1-70b", "--seq", "8192", "--instance",
                                   "p5e.48xlarge", "--instance", "p4de.24xlarge", "--json"});
        REQUIRE(result.code == 0);
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        CHECK(doc["recommended"] == "ml.p4de.24xlarge");
        CHECK(doc["instances"][1]["name"] == "ml.p5e.48xlarge");
        CHECK(doc["instances"][1]["price_note"] ==
              "reserved capacity only (Capacity Blocks, SageMaker training plans): no on-demand "
              "rate");
    }
    SECTION("the note names the --catalog file a price came from") {
        char path[] = "/tmp/llmsize-pricing-XXXXXX";
        const int fd = mkstemp(path);
        REQUIRE(fd >= 0);
        close(fd);
        {
            std::ofstream file(path);
            file << R"({"replace_bundled": true, "instances": [{"name": "my.box",
                "accelerator": "A10G", "accelerator_count": 1, "accelerator_memory_gb_marketed": 24,
                "accelerator_memory_mib_usable": 23028, "price_usd_per_hour": 0.5,
                "price_date": "2026-11-01", "source": "our rack"}]})";
        }
        const Result result = run({"--params", "7B", "--seq", "2048", "--catalog", path, "--json"});
        std::remove(path);
        REQUIRE(result.code == 0);
        bool named = false;
        const nlohmann::json doc = nlohmann::json::parse(result.out);
        for (const auto& note : doc["notes"]) {
            named = named ||
                    note.get<std::string>().find(std::string("from ") + path) != std::string::npos;
        }
        CHECK(named);
    }
}

TEST_CASE(
    "a vision-language model's multimodal profiling peak is a loud warning under vllm and "
    "sglang",
    "[engine_support][multimodal]") {
    // vllm/v1/worker/gpu_model_runner.py profile_run: with supports_mm_inputs and no
    // --skip-mm-profiling, "Encoder cache will be initialized with a budget of %s tokens, and
    // profiled with %s %s items of the maximum feature size" before the KV budget is taken; a
    // published Qwen3.8-27B log shows the line that skips it ("Skipping memory profiling for
    // multimodal encoder and encoder cache.", stored id 60894101463).
    const ModelSpec gemma = model_from_preset(find_preset("gemma-3-27b"));
    REQUIRE(gemma.vision_parameters > 0);
    CHECK_THAT(multimodal_budget_warning(Engine::vllm, gemma),
               Catch::Contains("upper bound") && Catch::Contains("--skip-mm-profiling"));
    CHECK_THAT(multimodal_budget_warning(Engine::sglang, gemma), Catch::Contains("upper bound"));
    CHECK(multimodal_budget_warning(Engine::lmi, gemma) ==
          multimodal_budget_warning(Engine::vllm, gemma));
    CHECK(multimodal_budget_warning(Engine::raw, gemma).empty());
    const ModelSpec text_only = model_from_preset(find_preset("llama-3.1-8b"));
    CHECK(text_only.vision_parameters == 0);
    CHECK(multimodal_budget_warning(Engine::vllm, text_only).empty());
    SECTION("a speech model's audio encoder is profiled by vLLM alike (Whisper)") {
        ModelSpec whisper = text_only;
        whisper.audio_parameters = 636'968'960;  // whisper-large-v3's encoder
        CHECK_THAT(multimodal_budget_warning(Engine::vllm, whisper),
                   Catch::StartsWith("speech model: ") && Catch::Contains("upper bound"));
        CHECK(multimodal_budget_warning(Engine::raw, whisper).empty());
    }
    SECTION("the report carries it among its warnings") {
        const Result result =
            run({"--model", "gemma-3-27b", "--gpu", "h100-80gb", "--seq", "8192", "--json"});
        REQUIRE(result.code == 0);
        const auto json = nlohmann::json::parse(result.out);
        CHECK(json["model"]["vision_parameters"].get<std::uint64_t>() == gemma.vision_parameters);
        bool found = false;
        for (const auto& warning : json["warnings"])
            found = found || warning.get<std::string>().find("profiling run also encodes") !=
                                 std::string::npos;
        CHECK(found);
    }
}
