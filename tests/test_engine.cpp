// Engine memory budgets and tensor-parallel layouts. The rules and their sources are in
// docs/engines.md; every expected value below is worked out by hand in its comment.
#include <algorithm>
#include <catch2/catch.hpp>

#include "llmsize/catalog.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/engine.hpp"
#include "llmsize/kv_cache.hpp"
#include "llmsize/params_model.hpp"
#include "llmsize/presets.hpp"
#include "llmsize/sizing.hpp"

using namespace llmsize;

namespace {
// An A10G as nvidia-smi reports it: 23,028 MiB = 24,146,608,128 B (instances.md evidence).
constexpr std::uint64_t k_a10g = 23'028ULL * 1024 * 1024;
// Llama-3.1-8B in bf16: 8,030,261,248 parameters × 2 B.
constexpr std::uint64_t k_llama8b_weights = 16'060'522'496;

SizingReport size(std::string_view preset, Engine engine, std::vector<std::uint64_t> lengths,
                  const Catalog& catalog, std::optional<std::uint64_t> tp = std::nullopt) {
    SizingRequest request;
    request.model = model_from_preset(find_preset(preset));
    request.weights = default_weight_format(Dtype::bf16);
    request.kv_dtype = Dtype::bf16;
    request.sequence_lengths = std::move(lengths);
    request.engine = default_engine_settings(engine);
    request.tensor_parallel = tp;
    return size_deployment(request, catalog);
}
}  // namespace

namespace {
std::int64_t budget_of(Engine engine, std::uint64_t device_bytes, std::uint64_t weight_bytes) {
    GpuContext gpu;
    gpu.device_bytes = device_bytes;
    gpu.accelerator = "A10G";
    gpu.weight_bytes = weight_bytes;
    gpu.max_model_len = 4096;
    return engine_budget(default_engine_settings(engine), gpu,
                         model_from_preset(find_preset("llama-3.1-8b")))
        .kv_bytes;
}
}  // namespace

TEST_CASE("llmsize::engine_budget for TGI and TensorRT-LLM from their source", "[engine]") {
    // Llama-3.1-8B: MLP width (8,030,261,248 − 1,050,673,152 embeddings) / 32 layers =
    // 218,112,128 per layer, less 4096 × (2 × 32 + 2 × 8) × 128 = 41,943,040 of attention, over
    // 3 × 4096 = 14,336; the forward's largest tensors per token: 2 × 4096 + max(6144 + 4096,
    // 3 × 14,336) = 51,200 elements of 2 B. CUDA context on an A10G: 0.29 GiB = 311,385,128.
    SECTION("tgi 3.x: total − weights − context − 2 × warm-up peak − 5 % of total") {
        // max_batch_prefill_tokens: the 3.x launcher's compute_optimal on an A10G, 125 TFLOP/s /
        // 15,032,385,536 FLOP per token = 8315. Warm-up peak (no prompt logits in 3.x): forward
        // 8315 × 51,200 × 2 B = 851,456,000 + cuBLAS 8,519,680 = 859,975,680, twice
        // 1,719,951,360 (the low end). Free: 24,146,608,128 − 16,060,522,496 − 311,385,128 −
        // 1,719,951,360 = 6,054,749,144, less the wiggle room get_free_memory(MEMORY_FRACTION ×
        // TGI_WIGGLE_ROOM) keeps: 24,146,608,128 − floor(0.95 × 24,146,608,128) = 1,207,330,407.
        CHECK(budget_of(Engine::tgi, k_a10g, k_llama8b_weights) == 4'847'418'737);
    }
    SECTION("trtllm: 0.9 × (total − weights − context − 2 × estimation peak)") {
        // Estimation forward at max_num_tokens 8192: 8192 × 51,200 × 2 + 8,519,680 =
        // 847,380,480, plus one request's fp32 logits 128,256 × 4 = 513,024: 847,893,504, twice
        // 1,695,787,008. Free: 24,146,608,128 − 16,060,522,496 − 311,385,128 − 1,695,787,008 =
        // 6,078,913,496; × 0.9 = 5,471,022,146.4.
        CHECK(budget_of(Engine::trtllm, k_a10g, k_llama8b_weights) == 5'471'022'146);
    }
    SECTION("llamacpp: total − weights − 1 GiB of compute buffers") {
        CHECK(budget_of(Engine::llamacpp, k_a10g, k_llama8b_weights) ==
              24'146'608'128 - 16'060'522'496 - 1'073'741'824);
    }
    SECTION("raw: the guide's memory − weights") {
        CHECK(budget_of(Engine::raw, 24'000'000'000, k_llama8b_weights) ==
              24'000'000'000 - 16'060'522'496);
    }
    SECTION("negative when the weights do not fit") {
        CHECK(budget_of(Engine::vllm, k_a10g, 30'000'000'000) < 0);
    }
}

TEST_CASE("llmsize::engine_budget terms add up exactly", "[engine]") {
    for (const Engine engine :
         {Engine::raw, Engine::vllm, Engine::tgi, Engine::trtllm, Engine::lmi, Engine::llamacpp}) {
        GpuContext gpu;
        gpu.device_bytes = 81'079ULL * 1024 * 1024;
        gpu.accelerator = "H100-80GB";
        gpu.weight_bytes = k_llama8b_weights;
        gpu.max_model_len = 8192;
        EngineSettings settings = default_engine_settings(engine);
        settings.extra_reserve_bytes_per_gpu = 123'456'789;
        if (engine == Engine::raw) settings.extra_reserve_bytes_per_gpu = 0;
        const EngineBudget budget =
            engine_budget(settings, gpu, model_from_preset(find_preset("llama-3.1-8b")));
        std::int64_t sum = 0;
        for (const BudgetTerm& term : budget.terms)
            sum += term.bytes;
        CAPTURE(engine_name(engine));
        CHECK(sum == budget.kv_bytes);
        CHECK(budget.terms.front().bytes > 0);
        for (std::size_t i = 1; i < budget.terms.size(); ++i)
            CHECK(budget.terms[i].bytes <= 0);
    }
}

TEST_CASE("vLLM defaults by GPU, serve or offline, and release", "[engine][vllm]") {
    GpuContext h100;
    h100.device_bytes = 81'079ULL * 1024 * 1024;
    h100.accelerator = "H100-80GB";
    h100.max_model_len = 16'000;
    GpuContext a100 = h100;
    a100.accelerator = "A100-80GB";  // ≥ 70 GiB but an A100: the small defaults (#17885)
    GpuContext l40s = h100;
    l40s.device_bytes = 45'486ULL * 1024 * 1024;
    l40s.accelerator = "L40S";
    EngineSettings serve = default_engine_settings(Engine::vllm);
    EngineSettings offline = serve;
    offline.offline = true;
    CHECK(resolve_engine_settings(serve, h100).max_num_seqs == 1024);
    CHECK(resolve_engine_settings(serve, h100).max_num_batched_tokens == 8192);
    CHECK(resolve_engine_settings(offline, h100).max_num_batched_tokens == 16'384);
    CHECK(resolve_engine_settings(serve, a100).max_num_seqs == 256);
    CHECK(resolve_engine_settings(serve, a100).max_num_batched_tokens == 2048);
    CHECK(resolve_engine_settings(offline, l40s).max_num_batched_tokens == 8192);
    CHECK(resolve_engine_settings(serve, l40s).max_num_seqs == 256);
    EngineSettings user = serve;
    user.max_num_seqs = 64;
    CHECK(resolve_engine_settings(user, h100).max_num_seqs == 64);
    EngineSettings old = serve;
    old.release = EngineRelease{0, 14, 0};
    CHECK(resolve_engine_settings(old, h100).sampler == SamplerPath::torch_sort);
    old.release = EngineRelease{0, 10, 2};
    CHECK(resolve_engine_settings(old, h100).sampler == SamplerPath::flashinfer_or_sort);
    CHECK(resolve_engine_settings(serve, h100).sampler == SamplerPath::triton);
}

TEST_CASE("llmsize::parse_engine_release", "[engine]") {
    CHECK(parse_engine_release("0.14") == EngineRelease{0, 14, 0});
    CHECK(parse_engine_release("0.11.1") == EngineRelease{0, 11, 1});
    CHECK(parse_engine_release("v0.19.0") == EngineRelease{0, 19, 0});
    CHECK_THROWS_WITH(parse_engine_release("latest"),
                      "expected a release as X.Y or X.Y.Z (for example 0.14 or 0.11.1), got "
                      "'latest'");
    CHECK_THROWS(parse_engine_release("0"));
    CHECK_THROWS(parse_engine_release("0.14.1.2"));
}

TEST_CASE("vLLM caps a batch at max_num_seqs", "[engine][vllm]") {
    SizingRequest request;
    request.model = model_from_preset(find_preset("qwen2.5-7b"));
    request.weights = default_weight_format(Dtype::bf16);
    request.kv_dtype = Dtype::bf16;
    request.sequence_lengths = {512};
    request.engine = default_engine_settings(Engine::vllm);
    request.engine.max_num_seqs = 64;
    const SizingReport report = size_deployment(request, bare_accelerators("h100-80gb", 1));
    CHECK(report.instances[0].batches[0].max_batch == 64);
}

TEST_CASE("tensor-parallel layouts", "[engine][tp]") {
    SECTION("KV heads split across ranks, replicated when TP exceeds them") {
        CHECK(kv_heads_per_rank(8, 2) == 4);
        CHECK(kv_heads_per_rank(8, 8) == 1);
        CHECK(kv_heads_per_rank(2, 8) == 1);  // each GPU keeps one whole head
        // Llama-3.1-70B at TP 8: 80 layers × 1 head × 256 × 2 B = 40,960 B per GPU and token.
        const ModelSpec llama70 = model_from_preset(find_preset("llama-3.1-70b"));
        CHECK(kv_bytes_per_token_per_rank(llama70, Dtype::bf16, 8) == 40'960);
        // A model with 2 KV heads at TP 8: still 1 head per GPU, 4× its even share.
        ShapeOverrides shape;
        shape.layers = 32;
        shape.hidden_size = 4096;
        shape.attention_heads = 32;
        shape.kv_heads = 2;
        const ModelSpec narrow = model_from_parameter_count(7'000'000'000, shape);
        CHECK(kv_bytes_per_token_per_rank(narrow, Dtype::fp16, 8) == 32 * 1 * 256 * 2);
    }
    SECTION("latent caches are whole on every rank") {
        const ModelSpec deepseek = model_from_preset(find_preset("deepseek-v3"));
        CHECK(kv_bytes_per_token_per_rank(deepseek, Dtype::bf16, 8) == 70'272);
    }
    SECTION("invalid degrees are refused with the reason") {
        // Qwen2.5-7B has 28 attention heads: TP 8 does not divide them.
        const SizingReport report =
            size("qwen2.5-7b", Engine::vllm, {4096},
                 filter_instances(bundled_catalog(), {"ml.g5.48xlarge"}), 8);
        CHECK_FALSE(report.instances[0].fits);
        const FitProblem& heads = report.instances[0].problem;
        CHECK(heads.reason == ProblemReason::tp_attention_heads);
        CHECK(heads.tensor_parallel == 8);
        CHECK(heads.heads == 28);
        const SizingReport odd = size("qwen2.5-7b", Engine::vllm, {4096},
                                      filter_instances(bundled_catalog(), {"ml.g5.12xlarge"}), 3);
        const FitProblem& divisor = odd.instances[0].problem;
        CHECK(divisor.reason == ProblemReason::tp_not_divisor);
        CHECK(divisor.tensor_parallel == 3);
        CHECK(divisor.device_count == 4);  // ml.g5.12xlarge: 4 × A10G
    }
    SECTION("without --tp, the layout with the most sequences wins; copies count") {
        // Qwen2.5-7B (15.2 GB in bf16) fits one A10G: four single-GPU copies on ml.g5.12xlarge
        // hold more sequences than one TP-4 copy, whose weights are spread but whose 4 KV heads
        // leave one per GPU.
        const SizingReport report = size("qwen2.5-7b", Engine::vllm, {4096},
                                         filter_instances(bundled_catalog(), {"ml.g5.12xlarge"}));
        const InstanceFit& fit = report.instances[0];
        CHECK(fit.fits);
        CHECK(fit.tensor_parallel * fit.replicas == 4);
        const SizingReport tp4 = size("qwen2.5-7b", Engine::vllm, {4096},
                                      filter_instances(bundled_catalog(), {"ml.g5.12xlarge"}), 4);
        const SizingReport tp1 = size("qwen2.5-7b", Engine::vllm, {4096},
                                      filter_instances(bundled_catalog(), {"ml.g5.12xlarge"}), 1);
        CHECK(fit.batches[0].max_batch == std::max(tp4.instances[0].batches[0].max_batch,
                                                   tp1.instances[0].batches[0].max_batch));
        CHECK(tp1.instances[0].replicas == 4);
    }
}

TEST_CASE("multi-node when nothing fits one instance", "[engine][multinode]") {
    // Llama-3.1-405B in bf16 is 811.7 GB. On p4d (8 × A100-40GB; ceil(40,438 MiB × 0.9) = 35.54
    // GiB less vLLM 0.21's activation, non-torch (2.11 GiB) and CUDA-graph (2.49 GiB) terms leaves
    // about 30.5 GiB per GPU for weights and KV), 3 nodes put 31.5 GiB of weights on each GPU:
    // too much; 4 nodes put 23.6 GiB, leaving KV room.
    const SizingReport report =
        size("llama-3.1-405b", Engine::vllm, {4096}, filter_families(bundled_catalog(), {"p4d"}));
    CHECK_FALSE(report.recommended);
    REQUIRE(report.multi_node);
    CHECK(report.multi_node->instance.name == "ml.p4d.24xlarge");
    CHECK(report.multi_node->nodes == 4);
    CHECK(report.multi_node->tensor_parallel == 8);
    CHECK(report.multi_node->pipeline_parallel == 4);
}

TEST_CASE("quantised weights", "[engine][weights]") {
    const ModelSpec llama7 = model_from_preset(find_preset("llama-2-7b"));
    // Embeddings + untied head: 2 × 32,000 × 4,096 = 262,144,000 parameters kept at 2 B.
    CHECK(llama7.embedding_parameters == 262'144'000);
    SECTION("int4: 4 bits + a 16-bit scale and 4-bit zero per 128 weights, embeddings at 16 bits") {
        // body 6,476,271,616 → 3,238,135,808 B + 50,595,872 groups × 20 bits = 126,489,680 B
        // + 524,288,000 B of embeddings = 3,888,913,488 B.
        CHECK(weight_bytes_for(llama7, default_weight_format(Dtype::int4)) == 3'888'913'488);
    }
    SECTION("fp8 and int8: 1 B per weight, embeddings at 16 bits") {
        CHECK(weight_bytes_for(llama7, default_weight_format(Dtype::fp8)) ==
              6'476'271'616 + 524'288'000);
    }
    SECTION("16-bit formats store everything as is") {
        CHECK(weight_bytes_for(llama7, default_weight_format(Dtype::bf16)) == 2 * 6'738'415'616ULL);
    }
}

TEST_CASE("SGLang's static memory fraction by GPU memory and TP", "[engine][sglang]") {
    // server_args.py _handle_gpu_memory_settings: reserved MiB = 512 + 1.5 × chunked_prefill_size
    // + 2 × cuda_graph_max_bs + TP / 8 × 1024, at least 10,240 above 60 GiB;
    // mem_fraction_static = round((gpu_mem − reserved) / gpu_mem, 3), gpu_mem in nvidia-smi MiB.
    GpuContext h100;
    h100.usable_bytes = 81'559ULL * 1024 * 1024;
    h100.device_bytes = 81'079ULL * 1024 * 1024;
    const EngineSettings sglang = default_engine_settings(Engine::sglang);
    // TP 1: 512 + 12,288 + 512 + 128 = 13,440 → (81,559 − 13,440) / 81,559 = 0.835.
    CHECK(resolve_engine_settings(sglang, h100).memory_fraction == Approx(0.835));
    CHECK(resolve_engine_settings(sglang, h100).chunked_prefill_size == 8192);
    // TP 4: 512 + 12,288 + 1,024 + 512 = 14,336 → 0.824.
    h100.tensor_parallel = 4;
    CHECK(resolve_engine_settings(sglang, h100).memory_fraction == Approx(0.824));
    // A10G (23,028 MiB), TP 1: 512 + 3,072 + 48 + 128 = 3,760 → 0.837.
    GpuContext a10g;
    a10g.usable_bytes = 23'028ULL * 1024 * 1024;
    CHECK(resolve_engine_settings(sglang, a10g).memory_fraction == Approx(0.837));
    CHECK(resolve_engine_settings(sglang, a10g).cuda_graph_max_bs == 24);
}

TEST_CASE("TGI and TensorRT-LLM give their unknowable peaks as a range", "[engine]") {
    // Their budgets are modelled from source (docs/engines.md); what PyTorch's caching allocator
    // holds at the warm-up or estimation peak is not known from the inputs: once to twice the
    // source-derived tensors, the fit using the low end. No engine carries the "not modelled"
    // warning any more.
    SizingRequest request;
    request.model = model_from_preset(find_preset("llama-3.1-8b"));
    request.sequence_lengths = {4096};
    for (const Engine engine : {Engine::tgi, Engine::trtllm}) {
        request.engine = default_engine_settings(engine);
        const SizingReport report = size_deployment(request, bare_accelerators("h100-80gb", 1));
        const GpuBudget& gpu = report.instances.at(0).per_gpu;
        CAPTURE(engine_name(engine));
        CHECK(gpu.kv_bytes_high > gpu.kv_bytes);
        CHECK(gpu.kv_tokens_high > gpu.kv_tokens);
        CHECK(gpu.range_assumption.find("peak") != std::string::npos);
        for (const std::string& warning : report.warnings)
            CHECK(warning.find("not modelled from its source") == std::string::npos);
    }
}
