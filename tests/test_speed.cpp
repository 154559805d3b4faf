// The speed model (speed.hpp, speed_report.hpp) against published measurements: two anchors pinned
// one by one, then every case of tests/data/serving_measurements.json with its tolerance and the
// median error the issue asks for (issue 12; docs/validation.md has the tables).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "llmsize/catalog.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"
#include "llmsize/speed.hpp"
#include "llmsize/speed_report.hpp"
#include "run_cli.hpp"

using namespace llmsize;

namespace {

// kipply's 13B test model as llm-analysis describes it (llm_analysis/model_configs/test-13b.json):
// 40 layers, hidden 5120, 40 heads, vocabulary 50,272, tied embeddings, fp16.
ModelSpec kipply_13b() {
    ModelSpec model;
    model.layers = 40;
    model.hidden_size = 5120;
    model.attention_heads = 40;
    model.kv_heads = 40;
    model.head_dim = 128;
    model.vocab_size = 50'272;
    model.embedding_parameters = 50'272ULL * 5120;
    // 12 × 40 × 5120² + the embedding table
    model.parameters = 12ULL * 40 * 5120 * 5120 + model.embedding_parameters;
    model.kv_layers.push_back(full_attention_layers(40, 40, 128));
    return model;
}

SpeedSetup a100_40gb_setup(std::uint64_t gpus) {
    SpeedSetup setup;
    setup.model = kipply_13b();
    setup.weights = default_weight_format(Dtype::fp16);
    setup.weight_bytes = setup.model.parameters * 2;
    setup.kv_dtype = Dtype::fp16;
    setup.device = device_capabilities("A100-40GB");
    setup.gpus = gpus;
    setup.factors = speed_factors_for(Engine::trtllm, setup.device);
    return setup;
}

}  // namespace

TEST_CASE("llmsize::estimate_speed pins FasterTransformer 13B on A100-40GB", "[speed]") {
    // cli99/llm-analysis examples/fastertransformer/README.md (from kipp.ly, "Transformer
    // Inference Arithmetic"): 13B fp16, batch 1, 512-token context: prefill 63.17 ms and decode
    // 22.0 ms per token on one A100 40GB; 45.45 ms and 13.5 ms at tensor parallel 2.
    const Workload workload{512, 10, Batching::static_batch};
    SECTION("one GPU") {
        const SpeedEstimate estimate = estimate_speed(a100_40gb_setup(1), workload, 1);
        CHECK(estimate.tpot_s == Approx(0.0220).epsilon(0.15));
        CHECK(estimate.prefill_s == Approx(0.06317).epsilon(0.20));
        CHECK(estimate.bound == SpeedBound::weights);
    }
    SECTION("tensor parallel 2 over NVLink") {
        const SpeedEstimate estimate = estimate_speed(a100_40gb_setup(2), workload, 1);
        CHECK(estimate.tpot_s == Approx(0.0135).epsilon(0.15));
        CHECK(estimate.prefill_s == Approx(0.04545).epsilon(0.35));
    }
}

TEST_CASE("llmsize::estimate_speed pays PCIe all-reduces far more than NVLink", "[speed]") {
    SpeedSetup nvlink = a100_40gb_setup(4);
    SpeedSetup pcie = nvlink;
    pcie.device.link = "pcie";
    pcie.device.link_gb_per_s_one_way = 25;
    pcie.factors = speed_factors_for(Engine::vllm, pcie.device);
    const Workload workload{512, 128, Batching::continuous};
    const SpeedEstimate fast = estimate_speed(nvlink, workload, 8);
    const SpeedEstimate slow = estimate_speed(pcie, workload, 8);
    CHECK(slow.communication_s > 4 * fast.communication_s);
}

TEST_CASE("llmsize::estimate_speed reads only the experts a step touches", "[speed]") {
    const ModelSpec model = model_from_preset(find_preset("qwen3-30b-a3b"));
    REQUIRE(model.routed_experts == 128);
    REQUIRE(model.experts_per_token == 8);
    SpeedSetup setup;
    setup.model = model;
    setup.weights = default_weight_format(Dtype::bf16);
    setup.weight_bytes = weight_bytes_for(model, setup.weights);
    setup.device = device_capabilities("H100-80GB");
    setup.factors = speed_factors_for(Engine::vllm, setup.device);
    const Workload workload{128, 1024, Batching::continuous};
    const SpeedEstimate one = estimate_speed(setup, workload, 1);
    const SpeedEstimate many = estimate_speed(setup, workload, 64);
    // Batch 1 reads about the 3.3 B active parameters, not the 30.5 B of the whole model.
    CHECK(one.weights_s < 0.25 * static_cast<double>(setup.weight_bytes) / (3350e9 * 0.8));
    CHECK(many.weights_s > 3 * one.weights_s);
}

TEST_CASE("llmsize::parse_batching", "[speed]") {
    CHECK(parse_batching("static") == Batching::static_batch);
    CHECK(parse_batching("Continuous") == Batching::continuous);
    CHECK_THROWS_WITH(parse_batching("dynamic"),
                      "unknown batching 'dynamic', expected continuous or static");
}

namespace {

Engine engine_of(const std::string& name) {
    if (name == "trt-llm" || name == "nim") return Engine::trtllm;
    if (name == "sglang") return Engine::sglang;
    return Engine::vllm;  // vllm, lmi-dist (vLLM-based)
}

struct CaseResult {
    std::string id;
    std::string regime;
    bool fit_half = false;                // even index: used to choose the factors
    std::optional<double> tokens_error;   // relative error of output tokens/s
    std::optional<double> latency_error;  // of the time per output token (TPOT or ITL)
    std::optional<double> ttft_error;     // of the time to first token
    double tolerance = 0;
    std::uint64_t concurrency = 0;  // what the estimate used
};

// Signed: positive when the estimate is higher than the measurement.
double relative_error(double estimated, double measured) {
    return (estimated - measured) / measured;
}

// The estimate for one published case, with the same code paths as the CLI.
CaseResult evaluate_case(const nlohmann::json& item, std::size_t index,
                         const SpeedOverrides& overrides) {
    CaseResult result;
    result.id = item["id"].get<std::string>();
    result.regime = item["regime"].get<std::string>();
    result.fit_half = index % 2 == 0;
    // Request-rate-infinity runs of a finite set of requests (vllm bench serve, ShareGPT): the
    // run drains, so mean concurrency is far below the engine's cap the model assumes; they are
    // known misses (docs/validation.md) with a wide tolerance. Every other case: 50 %.
    const std::string notes = item["notes"].get<std::string>();
    const bool drains = notes.find("rate inf") != std::string::npos ||
                        notes.find("request_rate inf") != std::string::npos;
    result.tolerance = drains ? 3.5 : 0.5;
    const std::string engine_text = item["engine"].get<std::string>();
    SizingRequest request;
    request.model = model_from_preset(find_preset(item["model"].get<std::string>()));
    const std::string dtype = item["weight_dtype"].get<std::string>();
    request.weights = dtype == "mxfp4" && request.model.checkpoint_format
                          ? *request.model.checkpoint_format
                          : parse_weight_format(dtype);
    if (item["kv_dtype"].is_string()) {
        request.kv_dtype = parse_dtype(item["kv_dtype"].get<std::string>());
    } else {
        // TensorRT-LLM and NIM FP8 engines store an FP8 cache (perf-overview.md); others keep
        // the activation dtype.
        const bool fp8_cache = dtype == "fp8" && (engine_text == "trt-llm" || engine_text == "nim");
        request.kv_dtype = fp8_cache ? Dtype::fp8 : Dtype::bf16;
    }
    const auto input = item["input_tokens"].get<std::uint64_t>();
    const auto output = item["output_tokens"].get<std::uint64_t>();
    request.sequence_lengths = {input + output};
    request.engine = default_engine_settings(engine_of(engine_text));
    request.tensor_parallel = item["tp"].get<std::uint64_t>();
    if (item["concurrency"].is_number()) request.batch = item["concurrency"].get<std::uint64_t>();
    const Catalog catalog =
        bare_accelerators(item["gpu"].get<std::string>(), item["gpu_count"].get<std::uint64_t>());
    SizingReport report = size_deployment(request, catalog);
    SpeedRequest speed;
    speed.workload = Workload{
        input, output, result.regime == "static" ? Batching::static_batch : Batching::continuous};
    // A batch beyond the modelled KV capacity is still what the source ran: estimate at it.
    for (InstanceFit& fit : report.instances) {
        if (fit.problem_kind == ProblemKind::kv) fit.fits = true;
    }
    speed.overrides = overrides;
    add_speed(report, speed);
    const InstanceFit& fit = report.instances.front();
    if (!fit.speed) return result;
    SpeedEstimate estimate = *fit.speed;
    // A request-rate run ("-qpsN"): the concurrency is what the rate keeps busy (Little's law,
    // rate × time per request), found by fixed-point iteration; throughput is at most the rate's.
    const std::string& id = result.id;
    if (const std::size_t at = id.find("-qps"); at != std::string::npos) {
        const double rate = std::stod(id.substr(at + 4));
        const SpeedSetup setup = speed_setup_for(report, fit, overrides);
        const std::uint64_t held = speed_capacity(fit, input + output);
        double concurrency = 1;
        for (int i = 0; i < 30; ++i) {
            estimate = estimate_speed(setup, speed.workload,
                                      static_cast<std::uint64_t>(std::llround(concurrency)));
            const double busy =
                rate * (estimate.ttft_s + static_cast<double>(output - 1) * estimate.tpot_s);
            concurrency = std::clamp(busy, 1.0, static_cast<double>(held));
        }
        estimate.output_tokens_per_s =
            std::min(estimate.output_tokens_per_s, rate * static_cast<double>(output));
    }
    result.concurrency = estimate.concurrency;
    const nlohmann::json& measured = item["measured"];
    if (measured["output_tokens_per_s"].is_number()) {
        result.tokens_error = relative_error(estimate.output_tokens_per_s,
                                             measured["output_tokens_per_s"].get<double>());
    }
    const nlohmann::json& latency =
        measured["tpot_ms"].is_number() ? measured["tpot_ms"] : measured["itl_ms"];
    if (latency.is_number())
        result.latency_error = relative_error(estimate.tpot_s * 1e3, latency.get<double>());
    if (measured["ttft_ms"].is_number() && item["concurrency"].is_number())
        result.ttft_error =
            relative_error(estimate.ttft_s * 1e3, measured["ttft_ms"].get<double>());
    return result;
}

std::string percent(std::optional<double> error) {
    if (!error) return "";
    return std::to_string(static_cast<int>(std::lround(*error * 100))) + " %";
}

double percentile(std::vector<double> values, double share) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const double position = share * static_cast<double>(values.size() - 1);
    const auto low = static_cast<std::size_t>(std::floor(position));
    const auto high = static_cast<std::size_t>(std::ceil(position));
    return values[low] + (values[high] - values[low]) * (position - static_cast<double>(low));
}

std::vector<CaseResult> evaluate_all(const SpeedOverrides& overrides = {}) {
    std::ifstream file(LLMSIZE_TEST_DATA_DIR "/data/serving_measurements.json");
    const nlohmann::json document = nlohmann::json::parse(file);
    std::vector<CaseResult> results;
    std::size_t index = 0;
    for (const nlohmann::json& item : document["cases"])
        results.push_back(evaluate_case(item, index++, overrides));
    return results;
}

}  // namespace

TEST_CASE("llmsize::add_speed against published serving measurements", "[speed][validation]") {
    const std::vector<CaseResult> results = evaluate_all();
    REQUIRE(results.size() >= 25);
    struct Errors {
        std::vector<double> tokens, latency, ttft;
    };
    std::map<std::string, Errors> by_group;  // "all", "continuous", "static", "fit", "test"
    const bool print = std::getenv("LLMSIZE_SPEED_REPORT") != nullptr;
    for (const CaseResult& result : results) {
        INFO(result.id << ": tolerance " << result.tolerance);
        if (result.tokens_error) CHECK(std::abs(*result.tokens_error) <= result.tolerance);
        if (result.latency_error) CHECK(std::abs(*result.latency_error) <= result.tolerance);
        // Measured TTFT is client-side (HTTP, tokenisation) and ours is the engine's zero-load
        // physics: a loose bound only (docs/validation.md).
        if (result.ttft_error) CHECK(std::abs(*result.ttft_error) <= 1.05);
        for (const std::string& group :
             {std::string("all"), result.regime, std::string(result.fit_half ? "fit" : "test")}) {
            Errors& errors = by_group[group];
            if (result.tokens_error) errors.tokens.push_back(std::abs(*result.tokens_error));
            if (result.latency_error) errors.latency.push_back(std::abs(*result.latency_error));
            if (result.ttft_error) errors.ttft.push_back(std::abs(*result.ttft_error));
        }
        if (print) {
            std::cout << "| " << result.id << " | " << result.regime << " | "
                      << (result.fit_half ? "fit" : "test") << " | " << result.concurrency << " | "
                      << percent(result.tokens_error) << " | " << percent(result.latency_error)
                      << " | " << percent(result.ttft_error) << " |\n";
        }
    }
    if (print) {
        for (const auto& [group, errors] : by_group) {
            std::cout << "| " << group << " | " << errors.tokens.size() << " | "
                      << percent(percentile(errors.tokens, 0.5)) << " | "
                      << percent(percentile(errors.tokens, 0.9)) << " | " << errors.latency.size()
                      << " | " << percent(percentile(errors.latency, 0.5)) << " | "
                      << percent(percentile(errors.latency, 0.9)) << " | " << errors.ttft.size()
                      << " | " << percent(percentile(errors.ttft, 0.5)) << " | "
                      << percent(percentile(errors.ttft, 0.9)) << " |\n";
        }
    }
    // Issue 12: median error at most 15 % for output tokens/s and per-token latency.
    CHECK(percentile(by_group["all"].tokens, 0.5) <= 0.15);
    CHECK(percentile(by_group["all"].latency, 0.5) <= 0.15);
}

namespace {

// Median of the absolute errors of output tokens/s and time per output token together, over the
// cases `pick` selects.
double fit_objective(const std::vector<CaseResult>& results, bool even) {
    std::vector<double> errors;
    for (const CaseResult& result : results) {
        if (result.fit_half != even) continue;
        if (result.tokens_error) errors.push_back(std::abs(*result.tokens_error));
        if (result.latency_error) errors.push_back(std::abs(*result.latency_error));
    }
    return percentile(errors, 0.5);
}

}  // namespace

// Hidden ("[.fit]"): chooses the factors on the even-indexed cases by coordinate descent and
// prints them with the error on both halves; docs/validation.md records the run.
TEST_CASE("fit speed factors on the even-indexed measurements", "[.fit]") {
    struct Knob {
        const char* name;
        double SpeedFactors::*member;
        std::vector<double> grid;
    };
    const std::vector<Knob> knobs{
        {"mbu", &SpeedFactors::mbu, {0.75, 0.8, 0.85, 0.9}},
        {"kv_efficiency", &SpeedFactors::kv_efficiency, {0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0}},
        {"mfu_16bit", &SpeedFactors::mfu_16bit, {0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7}},
        {"mfu_low_precision",
         &SpeedFactors::mfu_low_precision,
         {0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55}},
        {"layer_overhead_s", &SpeedFactors::layer_overhead_s, {10e-6, 20e-6, 30e-6}},
        {"moe_layer_overhead_s",
         &SpeedFactors::moe_layer_overhead_s,
         {20e-6, 40e-6, 60e-6, 80e-6, 120e-6}},
        {"prefill_interference", &SpeedFactors::prefill_interference, {0.5, 1.0, 1.5, 2.0}},
    };
    // Multipliers on the data's values, so device-class rows keep their ratios.
    std::vector<double> scale(knobs.size(), 1.0);
    std::vector<double> base(knobs.size(), 0.0);
    const SpeedFactors defaults = speed_factors_for(Engine::vllm, device_capabilities("H100"));
    for (std::size_t k = 0; k < knobs.size(); ++k)
        base[k] = defaults.*(knobs[k].member);
    const auto run = [&](const std::vector<double>& scales) {
        SpeedOverrides overrides;
        overrides.adjust = [&](SpeedFactors& factors) {
            for (std::size_t k = 0; k < knobs.size(); ++k)
                factors.*(knobs[k].member) *= scales[k];
        };
        return evaluate_all(overrides);
    };
    double best = fit_objective(run(scale), true);
    for (int pass = 0; pass < 2; ++pass) {
        for (std::size_t k = 0; k < knobs.size(); ++k) {
            for (const double value : knobs[k].grid) {
                std::vector<double> trial = scale;
                trial[k] = value / base[k];
                const double score = fit_objective(run(trial), true);
                if (score < best) {
                    best = score;
                    scale = trial;
                }
            }
        }
    }
    const std::vector<CaseResult> results = run(scale);
    for (std::size_t k = 0; k < knobs.size(); ++k)
        std::cout << knobs[k].name << " " << base[k] * scale[k] << "\n";
    std::cout << "fit half median " << fit_objective(results, true) << ", test half median "
              << fit_objective(results, false) << "\n";
}

namespace {

struct CliRun {
    int code = 0;
    std::string out;
    std::string err;
};

CliRun run(std::vector<std::string> args) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = llmsize::cli::run_cli(args, out, err);
    return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("llmsize --input-tokens --output-tokens", "[speed][cli]") {
    SECTION("JSON instances[].speed carries the issue's field names") {
        const CliRun result = run({"--model", "qwen3-30b-a3b", "--input-tokens", "512",
                                   "--output-tokens", "512", "--gpu", "h100-80gb", "--json"});
        REQUIRE(result.code == 0);
        const nlohmann::json document = nlohmann::json::parse(result.out);
        const nlohmann::json& speed = document["instances"][0]["speed"];
        for (const char* key : {"concurrency", "ttft_s", "tpot_s", "per_user_output_tokens_per_s",
                                "output_tokens_per_s", "usd_per_million_output_tokens",
                                "usd_per_million_tokens", "bound", "regime"})
            CHECK(speed.contains(key));
        CHECK(speed.size() == 9);
        CHECK(speed["regime"] == "continuous");
        CHECK(document["sequence_lengths"] == nlohmann::json::array({1024}));  // --seq = N + M
        CHECK(document["workload"] ==
              nlohmann::json(
                  {{"input_tokens", 512}, {"output_tokens", 512}, {"batching", "continuous"}}));
    }
    SECTION("a missed --max-tpot with --instance exits 1 with the reason") {
        const CliRun result =
            run({"--model", "llama-3.1-70b", "--input-tokens", "1k", "--output-tokens", "1k",
                 "--batch", "64", "--instance", "ml.p5.48xlarge", "--max-tpot", "5ms", "--json"});
        CHECK(result.code == 1);
        const nlohmann::json document = nlohmann::json::parse(result.out);
        CHECK(document["instances"][0]["problem_kind"] == "speed");
        CHECK(document["instances"][0]["problem"].get<std::string>().starts_with(
            "time per output token "));
        CHECK(document["instances"][0]["problem"].get<std::string>().ends_with(
            " ms at 64 concurrent sequences exceeds 5 ms"));
    }
    SECTION("targets need a workload") {
        const CliRun result = run({"--model", "llama-3.1-8b", "--seq", "4k", "--max-tpot", "50ms"});
        CHECK(result.code == 2);
        CHECK(result.err ==
              "llmsize: error: --max-tpot needs a workload: give --input-tokens and "
              "--output-tokens\n");
    }
    SECTION("fleet refuses a workload rather than ignore it") {
        const CliRun result = run({"fleet", "llama-3.1-8b", "--seq", "4k", "--family", "g5",
                                   "--input-tokens", "1k", "--output-tokens", "100"});
        CHECK(result.code == 2);
        CHECK(result.err ==
              "llmsize: error: fleet does not estimate speed: drop --input-tokens and "
              "--output-tokens, or size one model at a time\n");
    }
    SECTION("a bad duration names the accepted form") {
        const CliRun result = run({"--model", "llama-3.1-8b", "--input-tokens", "1k",
                                   "--output-tokens", "100", "--max-ttft", "2 minutes"});
        CHECK(result.code == 2);
        CHECK(result.err ==
              "llmsize: error: --max-ttft: invalid duration '2 minutes', expected a duration "
              "with a unit like 500ms, 2s or 50us\n");
    }
    SECTION("--dtype nvfp4 stores 4.5 bits per weight") {
        const CliRun result = run({"--model", "llama-3.1-8b", "--dtype", "nvfp4", "--seq", "4k",
                                   "--gpu", "b200", "--json"});
        REQUIRE(result.code == 0);
        const nlohmann::json document = nlohmann::json::parse(result.out);
        CHECK(document["weights"]["format"].get<std::string>().starts_with("NVFP4"));
    }
}
