// SGLang against its own published start-up logs: "KV Cache is allocated. #tokens: N, K size: x GB,
// V size: y GB" (GB there is GiB: memory_pool.py divides by 1 << 30), each within 1 %. Every case
// names the log it comes from; docs/validation.md lists each prediction and its error.
#include <catch2/catch.hpp>
#include <cmath>
#include <iostream>

#include "llmsize/catalog.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

using namespace llmsize;

namespace {

struct SglangCase {
    std::string what;
    std::string accelerator;
    ModelSpec model;
    WeightFormat weights = default_weight_format(Dtype::bf16);
    std::uint64_t tp = 1;
    EngineRelease release;
    double fraction = 0;  // --mem-fraction-static when the run set it; 0: the release's default
    double kv_gib = 0;    // K size + V size
    std::uint64_t tokens = 0;  // "#tokens" (max_total_num_tokens)
    double tolerance = 0.01;
};

ModelSpec preset(std::string_view name) {
    return model_from_preset(find_preset(name));
}

SglangCase make_case(std::string what, std::string accelerator, ModelSpec model) {
    SglangCase c;
    c.what = std::move(what);
    c.accelerator = std::move(accelerator);
    c.model = std::move(model);
    return c;
}

struct Prediction {
    double kv_gib = 0;
    std::uint64_t tokens = 0;
    bool fits = false;
    double fraction = 0;
};

Prediction predict(const SglangCase& c) {
    SizingRequest request;
    request.model = c.model;
    request.weights = c.weights;
    request.kv_dtype = Dtype::bf16;
    request.sequence_lengths = {4096};
    request.engine = default_engine_settings(Engine::sglang);
    request.engine.release = c.release;
    request.engine.memory_fraction = c.fraction;
    request.tensor_parallel = c.tp;
    const SizingReport report = size_deployment(request, bare_accelerators(c.accelerator, c.tp));
    const InstanceFit& fit = report.instances.at(0);
    return {static_cast<double>(fit.per_gpu.kv_bytes) / static_cast<double>(k_bytes_per_gib),
            fit.per_gpu.kv_tokens, fit.fits, fit.per_gpu.settings.memory_fraction};
}

std::vector<SglangCase> logged_cases() {
    std::vector<SglangCase> cases;
    // docs.sglang.ai/start/send_request.html (notebook output of 2025-01-23, SGLang 0.4.1):
    // meta-llama/Meta-Llama-3.1-8B-Instruct, one H100, defaults (mem_fraction_static=0.88):
    // "KV Cache is allocated. K size: 27.13 GB, V size: 27.13 GB", max_total_num_tokens=444500.
    cases.push_back(
        make_case("docs.sglang.ai Llama-3.1-8B H100", "h100-80gb", preset("llama-3.1-8b")));
    cases.back().release = {0, 4, 1};
    cases.back().kv_gib = 2 * 27.13;
    cases.back().tokens = 444'500;
    // sgl-project/sglang#4760 (2025-03-25, SGLang 0.4.4): Meta-Llama-3.1-8B-Instruct on one H100,
    // defaults: "KV Cache is allocated. #tokens: 442750, K size: 27.02 GB, V size: 27.02 GB".
    cases.push_back(
        make_case("sglang#4760 Llama-3.1-8B H100", "h100-80gb", preset("llama-3.1-8b")));
    cases.back().release = {0, 4, 4};
    cases.back().kv_gib = 2 * 27.02;
    cases.back().tokens = 442'750;
    return cases;
}

// Published cases outside 1 %, kept so that a change in them shows; docs/validation.md says why:
// SGLang's "Load weight end ... mem usage=" is 0.29 GiB per rank above the parameter bytes at
// TP 4 (15.54 against 15.25 GiB for QwQ-32B), which the source read does not explain, and on a
// small cache that is several per cent.
std::vector<SglangCase> known_misses() {
    std::vector<SglangCase> cases;
    // didier-durand/llms-in-clouds docs/sglang.md (2025-03-08, SGLang 0.4.3, nccl 2.21.5):
    // Qwen/QwQ-32B (Qwen2.5-32B's architecture) on g6.12xlarge, 4 x L4, --tensor-parallel-size 4,
    // defaults (mem_fraction_static=0.85): "#tokens: 46611, K size: 1.42 GB, V size: 1.42 GB".
    cases.push_back(make_case("llms-in-clouds QwQ-32B 4 x L4 TP 4", "l4", preset("qwen2.5-32b")));
    cases.back().tp = 4;
    cases.back().release = {0, 4, 3};
    cases.back().kv_gib = 2 * 1.42;
    cases.back().tokens = 46'611;
    cases.back().tolerance = 0.10;
    // vllm-project/vllm#21348 (2025-07-22): Qwen/Qwen3-235B-A22B-FP8 on 4 x H100, --tp 4
    // --mem-fraction-static 0.93: "#tokens: 367404, K size: 8.23 GB, V size: 8.23 GB".
    cases.push_back(make_case("vllm#21348 Qwen3-235B-A22B-FP8 4 x H100 TP 4", "h100-80gb",
                              preset("qwen3-235b-a22b")));
    cases.back().weights = default_weight_format(Dtype::fp8);
    cases.back().tp = 4;
    cases.back().release = {0, 4, 9};
    cases.back().fraction = 0.93;
    cases.back().kv_gib = 2 * 8.23;
    cases.back().tokens = 367'404;
    cases.back().tolerance = 0.04;
    return cases;
}

void check_case(const SglangCase& c) {
    const Prediction p = predict(c);
    CAPTURE(c.what, p.kv_gib, c.kv_gib, p.tokens, c.tokens, p.fraction);
    CHECK(p.fits);
    CHECK(std::abs(p.kv_gib - c.kv_gib) <= c.tolerance * c.kv_gib);
    CHECK(std::abs(static_cast<double>(p.tokens) - static_cast<double>(c.tokens)) <=
          c.tolerance * static_cast<double>(c.tokens));
}

}  // namespace

TEST_CASE("SGLang reproduces its published start-up logs", "[engine][sglang][logs]") {
    for (const SglangCase& c : logged_cases())
        check_case(c);
}

TEST_CASE("SGLang cases known to miss 1 %", "[engine][sglang][logs]") {
    for (const SglangCase& c : known_misses())
        check_case(c);
}

TEST_CASE("SGLang's default fraction by release", "[engine][sglang][logs]") {
    // The logs above print the default: mem_fraction_static=0.88 at TP 1 (SGLang 0.4.1) and 0.85
    // at TP 4 (0.4.3); 0.5.4+ derives 0.835 for one H100 (server_args.py, #10975).
    CHECK(predict(logged_cases()[0]).fraction == Approx(0.88));
    CHECK(predict(known_misses()[0]).fraction == Approx(0.85));
    SglangCase newest = logged_cases()[0];
    newest.release = {0, 5, 4};
    CHECK(predict(newest).fraction == Approx(0.835));
}

TEST_CASE("SGLang between the modelled heuristics gives a range", "[engine][sglang]") {
    // 0.4.7-0.5.3 used sgl-project/sglang#7054's heuristic (0.874 for one H100 in the
    // sgl-project.github.io function_calling notebook of 2025-07-11), which is not modelled: the
    // answer spans 0.835 (low, used for the fit) to 0.88.
    SizingRequest request;
    request.model = preset("llama-3.1-8b");
    request.sequence_lengths = {4096};
    request.engine = default_engine_settings(Engine::sglang);
    request.engine.release = EngineRelease{0, 4, 9};
    const SizingReport report = size_deployment(request, bare_accelerators("h100-80gb", 1));
    const GpuBudget& gpu = report.instances.at(0).per_gpu;
    CHECK(gpu.settings.memory_fraction == Approx(0.835));
    CHECK(gpu.kv_bytes_high > gpu.kv_bytes);
    CHECK(gpu.range_assumption.find("#7054") != std::string::npos);
}

// Prints every case for docs/validation.md: build/tests/llmsize_tests "[.report]".
TEST_CASE("SGLang log cases, report", "[.report]") {
    std::vector<SglangCase> all = logged_cases();
    const std::vector<SglangCase> misses = known_misses();
    all.insert(all.end(), misses.begin(), misses.end());
    for (const SglangCase& c : all) {
        const Prediction p = predict(c);
        std::cout << "| " << c.what << " | " << c.kv_gib << " | "
                  << std::round(p.kv_gib * 100) / 100 << " | "
                  << std::round((p.kv_gib / c.kv_gib - 1) * 10000) / 100 << " % | " << c.tokens
                  << " | " << p.tokens << " | "
                  << std::round(
                         (static_cast<double>(p.tokens) / static_cast<double>(c.tokens) - 1) *
                         10000) /
                         100
                  << " % |\n";
    }
}
