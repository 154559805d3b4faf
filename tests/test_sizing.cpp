// The sizing guide's worked example (../shared/reference/instance-type-selection.md, "Llama2-13b"),
// number by number, then what llmsize adds.
#include <catch2/catch.hpp>

#include "llmsize/params_model.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

using namespace llmsize;

namespace {
SizingReport guide_example() {
    SizingRequest request;
    request.model = model_from_parameter_count(13'000'000'000, {});
    request.weights = default_weight_format(Dtype::fp16);
    request.kv_dtype = Dtype::fp16;
    request.sequence_lengths = {4096, 2048};
    request.engine = default_engine_settings(Engine::raw);
    return size_deployment(request, bundled_catalog());
}
const InstanceFit& fit_of(const SizingReport& report, std::string_view name) {
    for (const InstanceFit& fit : report.instances) {
        if (fit.instance.name == name) return fit;
    }
    FAIL("no instance " << name);
    return report.instances.front();
}
}  // namespace

TEST_CASE("the guide's worked example: Llama2-13b, fp16, 4096 and 2048 tokens", "[sizing][guide]") {
    const SizingReport report = guide_example();
    // "13 billion params * 2 bytes / param = 26GB"
    CHECK(report.weight_bytes == 26'000'000'000);
    // "2 * 2 * 5120 * 40 = 819,200 bytes/token"
    CHECK(report.kv_bytes_per_token == 819'200);
    // "4096 token * 0.00082 GB / token = 3.36 GB": 4096 × 819,200 = 3,355,443,200 B.
    REQUIRE(report.sequences.size() == 2);
    CHECK(report.sequences[0].kv_bytes == 3'355'443'200);

    SECTION("ml.g5.48xlarge: 192 GB - 26 GB = 166 GB, 202,636 tokens, batch 49 and 98") {
        const InstanceFit& fit = fit_of(report, "ml.g5.48xlarge");
        CHECK(fit.memory_bytes == 192'000'000'000);
        CHECK(fit.kv_budget_bytes == 166'000'000'000);
        // 166e9 / 819,200 = 202,636.7; the guide's "roughly 202,400" is 166 / 0.00082.
        CHECK(fit.max_tokens == 202'636);
        CHECK(fit.batches[0].max_batch == 49);  // "~49 for maximum sequence length of 4096"
        CHECK(fit.batches[1].max_batch == 98);  // "~98 for maximum sequence length of 2048"
    }
    SECTION("ml.g5.12xlarge: 96 GB - 26 GB = 70 GB (the guide prints 66GB, a slip)") {
        const InstanceFit& fit = fit_of(report, "ml.g5.12xlarge");
        CHECK(fit.memory_bytes == 96'000'000'000);
        CHECK(fit.kv_budget_bytes == 70'000'000'000);
        // 70e9 / 819,200 = 85,449.2 tokens: the guide's "roughly 85,300" is 70 / 0.00082 = 85,366,
        // so its token figure was computed from 70 GB, not from the 66 GB it prints.
        CHECK(fit.max_tokens == 85'449);
        CHECK(fit.batches[0].max_batch == 20);  // "batch size of ~20 for ... 4096 tokens"
        CHECK(fit.batches[1].max_batch == 41);  // "batch size of ~40 for ... 2048 tokens"
    }
    SECTION("the guide's printed 66 GB, taken at its word, gives 80,566 tokens and 19 / 39") {
        // The tracker issue pinned these: 66e9 / 819,200 = 80,566.4; / 4096 = 19.7; / 2048 = 39.3.
        const std::uint64_t budget = 66'000'000'000;
        CHECK(budget / report.kv_bytes_per_token == 80'566);
        CHECK(budget / report.sequences[0].kv_bytes == 19);
        CHECK(budget / report.sequences[1].kv_bytes == 39);
    }
}

TEST_CASE("llmsize::size_deployment ranks and recommends", "[sizing]") {
    const SizingReport report = guide_example();
    SECTION("fitting instances first, cheapest first, unpriced after priced") {
        bool seen_misfit = false;
        bool seen_unpriced = false;
        double last_price = 0;
        for (const InstanceFit& fit : report.instances) {
            if (!fit.fits) {
                seen_misfit = true;
                continue;
            }
            CHECK_FALSE(seen_misfit);
            if (!fit.instance.price_usd_per_hour) {
                seen_unpriced = true;
                continue;
            }
            CHECK_FALSE(seen_unpriced);
            CHECK(*fit.instance.price_usd_per_hour >= last_price);
            last_price = *fit.instance.price_usd_per_hour;
        }
    }
    SECTION("recommended is the first fitting instance") {
        REQUIRE(report.recommended);
        CHECK(*report.recommended == report.instances.front().instance.name);
        CHECK(report.instances.front().fits);
    }
    SECTION("an instance that holds the weights but not one sequence does not fit") {
        // ml.g5.2xlarge: 24 GB < 26 GB of weights.
        const InstanceFit& fit = fit_of(report, "ml.g5.2xlarge");
        CHECK_FALSE(fit.fits);
        CHECK(fit.kv_budget_bytes == 24'000'000'000 - 26'000'000'000LL);
        CHECK(fit.max_tokens == 0);
    }
    SECTION("nothing fits a model larger than any instance") {
        SizingRequest request;
        request.model = model_from_parameter_count(2'000'000'000'000, {});
        request.weights = default_weight_format(Dtype::fp32);
        request.engine = default_engine_settings(Engine::raw);
        request.kv_dtype = Dtype::fp32;
        request.sequence_lengths = {4096};
        const SizingReport none = size_deployment(request, bundled_catalog());
        CHECK_FALSE(none.recommended);
    }
}

TEST_CASE("llmsize::model_from_parameter_count", "[sizing][params]") {
    SECTION("borrows the KV shape of the guide's nearest reference model and says so") {
        const ModelSpec model = model_from_parameter_count(13'000'000'000, {});
        CHECK(model.layers == 40);
        CHECK(model.kv_heads == 40);
        CHECK(model.head_dim == 128);
        REQUIRE(model.notes.size() == 1);
        CHECK(model.notes[0].find("assumed from llama-2-13b") != std::string::npos);
    }
    SECTION("each size class of the guide's table maps to its first sample model") {
        CHECK(nearest_guide_sample(7'000'000'000).name == "llama-2-7b");
        CHECK(nearest_guide_sample(20'000'000'000).name == "gpt-neox-20b");
        CHECK(nearest_guide_sample(35'000'000'000).name == "codellama-34b");
        CHECK(nearest_guide_sample(70'000'000'000).name == "llama-2-70b");
        CHECK(nearest_guide_sample(180'000'000'000).name == "falcon-180b");
    }
    SECTION("shape flags override it") {
        ShapeOverrides shape;
        shape.layers = 40;
        shape.hidden_size = 5120;
        shape.attention_heads = 40;
        const ModelSpec model = model_from_parameter_count(13'000'000'000, shape);
        CHECK(model.head_dim == 128);
        CHECK(model.kv_heads == 40);
        shape.kv_heads = 8;
        CHECK(model_from_parameter_count(13'000'000'000, shape).kv_heads == 8);
        shape.kv_heads = 7;
        CHECK_THROWS_WITH(model_from_parameter_count(13'000'000'000, shape),
                          "--kv-heads 7 must divide the number of attention heads (40)");
        shape.kv_heads.reset();
        shape.hidden_size = 5000;
        shape.attention_heads = 48;
        CHECK_THROWS_WITH(
            model_from_parameter_count(13'000'000'000, shape),
            "--hidden 5000 is not divisible by --heads 48; give --heads or --head-dim");
    }
}

TEST_CASE("memory_shares: one GPU's budget in four shares that add up to its memory",
          "[sizing][units]") {
    // A vLLM-shaped budget (the arithmetic of the bar, not a published figure): requested,
    // weights, activation, non-torch, CUDA graphs, and the KV cache they leave.
    GpuBudget gpu;
    gpu.device_bytes = 47'697'362'944;
    gpu.terms = {{BudgetTermKind::requested, 42'927'626'650},
                 {BudgetTermKind::weights, -26'000'000'000},
                 {BudgetTermKind::activation, -570'000'000},
                 {BudgetTermKind::non_torch, -268'435'456},
                 {BudgetTermKind::cuda_graph, -1'100'000'000}};
    gpu.kv_bytes = 42'927'626'650 - 26'000'000'000 - 570'000'000 - 268'435'456 - 1'100'000'000;
    const MemoryShares shares = memory_shares(gpu);
    CHECK(shares.weights == 26'000'000'000);
    CHECK(shares.overhead == 570'000'000ULL + 268'435'456 + 1'100'000'000);
    CHECK(shares.kv == static_cast<std::uint64_t>(gpu.kv_bytes));
    CHECK(shares.weights + shares.overhead + shares.kv + shares.free == gpu.device_bytes);
    CHECK(shares.free == 47'697'362'944ULL - 42'927'626'650);
    SECTION("weights larger than the GPU: no KV, nothing free, nothing negative") {
        gpu.terms = {{BudgetTermKind::memory, 47'697'362'944},
                     {BudgetTermKind::weights, -60'000'000'000}};
        gpu.kv_bytes = 47'697'362'944 - 60'000'000'000;
        const MemoryShares full = memory_shares(gpu);
        CHECK(full.weights == gpu.device_bytes);
        CHECK(full.overhead == 0);
        CHECK(full.kv == 0);
        CHECK(full.free == 0);
    }
}

TEST_CASE("summarize_presets: what `llmsize models` lists, computed in the core", "[presets]") {
    const auto summaries = summarize_presets(bundled_presets());
    REQUIRE(summaries.size() == bundled_presets().size());
    for (const PresetSummary& summary : summaries) {
        INFO(summary.preset->name);
        CHECK(summary.model.name == summary.preset->name);
        CHECK(summary.kv_bytes_per_token_fp16 > 0);
    }
    // llama-2-13b, the guide's reference: 2 × 40 layers × 40 KV heads × 128 × 2 B.
    const auto llama = std::find_if(summaries.begin(), summaries.end(),
                                    [](const auto& s) { return s.preset->name == "llama-2-13b"; });
    REQUIRE(llama != summaries.end());
    CHECK(llama->kv_bytes_per_token_fp16 == 819'200);
}
