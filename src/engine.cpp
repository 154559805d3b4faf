#include "llmsize/engine.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {

constexpr std::uint64_t gib_hundredths(std::uint64_t hundredths) {
    return hundredths * k_bytes_per_gib / 100;
}

// vLLM releases whose budget is modelled term by term (docs/engines.md, vllm-memory.md §2-§7).
constexpr EngineRelease k_vllm_oldest{0, 10, 0};
constexpr EngineRelease k_vllm_newest{0, 21, 0};
// SGLang releases: the TP table of mem_fraction_static up to 0.4.6, the reserved-memory heuristic
// of sgl-project/sglang#10975 (merged 2025-09-27) from 0.5.4; #7054 (2025-06-10, 0.4.7) changed
// the heuristic in between and is not modelled (a range between the two).
constexpr EngineRelease k_sglang_oldest{0, 4, 0};
constexpr EngineRelease k_sglang_table_last{0, 4, 6};
constexpr EngineRelease k_sglang_newest{0, 5, 4};
// TGI releases: 2.x (the launcher defaults max_batch_prefill_tokens to max_input_tokens + 50, the
// warm-up computes the prefill log-probabilities as a copy of the logits, and the wiggle room is
// 5 % of what is free) to 3.x (prefill chunking: the launcher's compute_optimal default, no prompt
// logits unless --enable-prefill-logprobs, the wiggle room 5 % of the requested memory).
constexpr EngineRelease k_tgi_oldest{2, 0, 0};
constexpr EngineRelease k_tgi_v3{3, 0, 0};
constexpr EngineRelease k_tgi_newest{3, 3, 0};

const std::array<EngineProfile, 8>& profiles() {
    static const std::array<EngineProfile, 8> table = [] {
        EngineProfile raw;
        raw.engine = Engine::raw;
        raw.runs_as = Engine::raw;
        raw.name = "raw";
        raw.display_name = "raw";
        raw.memory = MemoryCounted::marketed;
        raw.split = MemorySplit::pooled;
        raw.default_memory_fraction = 1.0;
        raw.default_block_tokens = 1;
        raw.loads_float32_in_16_bits = false;
        raw.budget_summary =
            "the sizing guide's arithmetic; an instance's memory is its accelerators' marketed "
            "memory in decimal GB as one pool, minus the weights; no CUDA context, activations "
            "or engine reserve are subtracted, so a real server holds fewer tokens";

        EngineProfile vllm;
        vllm.engine = Engine::vllm;
        vllm.runs_as = Engine::vllm;
        vllm.name = "vllm";
        vllm.display_name = "vLLM";
        vllm.default_memory_fraction = 0.9;  // arg_utils.py gpu_memory_utilization
        vllm.memory_fraction_name = "gpu_memory_utilization";
        vllm.default_block_tokens = 16;         // platforms/cuda.py
        vllm.refuses_unservable_length = true;  // kv_cache_utils.py check_enough_kv_cache_memory
        vllm.hybrid_kv_groups = true;
        vllm.logs_kv_cache_lines = true;
        vllm.caps_batch_at_max_num_seqs = true;
        vllm.forward_tokens_name = "max_num_batched_tokens";
        vllm.max_seqs_name = "max_num_seqs";
        vllm.budget_summary =
            "per GPU rank, ceil(CUDA-visible total × gpu_memory_utilization) − weights on the "
            "rank (+ RoPE cache) − the activation peak of the profiling run (dummy sampler over "
            "max_num_seqs × vocab logits, hidden states, cuBLAS workspace) − non-torch memory "
            "(by release and TP) − the CUDA-graph estimate (0.21+) − --reserve; every rank "
            "holds the minimum over ranks";
        vllm.oldest_release = k_vllm_oldest;
        vllm.newest_release = k_vllm_newest;
        vllm.flags = {.gpu_util = true,
                      .reserve = true,
                      .tensor_parallel = true,
                      .engine_version = true,
                      .max_num_seqs = true,
                      .max_num_batched_tokens = true,
                      .block_size = true,
                      .offline = true};

        EngineProfile tgi;
        tgi.engine = Engine::tgi;
        tgi.runs_as = Engine::tgi;
        tgi.name = "tgi";
        tgi.display_name = "TGI";
        tgi.default_memory_fraction = 1.0;  // launcher --cuda-memory-fraction
        tgi.memory_fraction_name = "cuda_memory_fraction";
        // models/globals.py BLOCK_SIZE: 1 with flashinfer, the 3.x launcher's attention where the
        // GPU supports it (logged "Using attention flashinfer", "KV-cache blocks: N, size: 1");
        // 16 with paged attention (2.x: kv_block_tokens).
        tgi.default_block_tokens = 1;
        tgi.forward_tokens_name = "max_batch_prefill_tokens";
        tgi.budget_summary =
            "per GPU, as flash_causal_lm.py warmup: CUDA-visible total × cuda_memory_fraction − "
            "weights / TP − CUDA context (and NCCL at TP > 1) − the warm-up prefill peak PyTorch "
            "still caches (2.x: logits of max_batch_prefill_tokens × vocab, which the warm-up "
            "requests ask log-probabilities for, plus the forward's largest tensors; 3.x: the "
            "forward's tensors alone, prompt logits being off unless --enable-prefill-logprobs; "
            "a range from twice that to once) − --reserve, then the wiggle room (2.x: × 0.95 of "
            "what is left; 3.x: 5 % of the requested memory, MEMORY_FRACTION × TGI_WIGGLE_ROOM); "
            "max_batch_prefill_tokens defaults by release (2.x: min(positions, 4096) + 49; 3.x: "
            "the card's FLOP/s over the model's FLOP per token on L4, A10G and H100, else 4096, "
            "capped by the positions)";
        tgi.oldest_release = k_tgi_oldest;
        tgi.newest_release = k_tgi_newest;
        tgi.flags = {.gpu_util = true,
                     .reserve = true,
                     .tensor_parallel = true,
                     .engine_version = true,
                     .max_num_batched_tokens = true};

        EngineProfile trtllm;
        trtllm.engine = Engine::trtllm;
        trtllm.runs_as = Engine::trtllm;
        trtllm.name = "trtllm";
        trtllm.display_name = "TensorRT-LLM";
        trtllm.default_memory_fraction = 0.9;  // KvCacheConfig free_gpu_memory_fraction
        trtllm.memory_fraction_name = "free_gpu_memory_fraction";
        trtllm.default_block_tokens = 32;  // KvCacheConfig tokens_per_block (PyTorch back end)
        trtllm.forward_tokens_name = "max_num_tokens";
        trtllm.budget_summary =
            "per GPU, as the PyTorch back end's KvCacheCreator (_torch/pyexecutor/_util.py): "
            "free_gpu_memory_fraction × (CUDA-visible total − weights / TP − CUDA context (and "
            "NCCL at TP > 1) − the activation peak of its estimation forward over max_num_tokens "
            "tokens (the forward's largest tensors; a range: once to twice that) − --reserve); "
            "KV in blocks of tokens_per_block (32); TensorRT engines built ahead (the C++ "
            "executor) size their buffers at build time and are not modelled";
        trtllm.flags = {.gpu_util = true,
                        .reserve = true,
                        .tensor_parallel = true,
                        .max_num_batched_tokens = true,
                        .block_size = true};

        EngineProfile llamacpp;
        llamacpp.engine = Engine::llamacpp;
        llamacpp.runs_as = Engine::llamacpp;
        llamacpp.name = "llamacpp";
        llamacpp.display_name = "llama.cpp";
        llamacpp.split = MemorySplit::layers;
        llamacpp.default_memory_fraction = 1.0;
        llamacpp.default_block_tokens = 256;  // llama-context.cpp GGML_PAD(n_ctx, 256)
        llamacpp.loads_float32_in_16_bits = false;
        llamacpp.budget_summary =
            "the model's layers split across the GPUs (--split-mode layer); per GPU, "
            "CUDA-visible total − its share of the weights − 1 GiB compute buffers and CUDA "
            "context − --reserve; the shared context is padded to a multiple of 256 cells";
        llamacpp.flags = {.reserve = true, .llamacpp_cache_types = true};
        EngineProfile sglang;
        sglang.engine = Engine::sglang;
        sglang.runs_as = Engine::sglang;
        sglang.name = "sglang";
        sglang.display_name = "SGLang";
        sglang.default_memory_fraction = 0;  // derived per GPU: resolve_engine_settings
        sglang.memory_fraction_name = "mem_fraction_static";
        sglang.default_block_tokens = 1;  // page_size 1
        sglang.budget_summary =
            "per GPU, mem_fraction_static × the memory free before the weights load (CUDA-visible "
            "total − CUDA context − NCCL buffers) − weights / TP (+ RoPE cache) − --reserve, as "
            "model_runner's profile_max_num_token; tokens = that / KV bytes per token (page size "
            "1); mem_fraction_static defaults, by release, to a TP table (0.88 at TP 1 to 0.79 "
            "at TP 16, up to 0.4.6) or to (nvidia-smi total − reserved) / total with reserved = "
            "512 MiB + 1.5 × chunked_prefill_size + 2 × cuda_graph_max_bs + TP / 8 GiB, at "
            "least 10 GiB above 60 GiB (0.5.4+, server_args.py)";
        sglang.oldest_release = k_sglang_oldest;
        sglang.newest_release = k_sglang_newest;
        sglang.flags = {
            .gpu_util = true, .reserve = true, .tensor_parallel = true, .engine_version = true};
        // Neuron: shapes are compiled; the KV cache for batch × n_positions is allocated up front
        // in every NeuronCore's 16 GiB. AWS's calculator counts no reserve (neuron-calculator.rst:
        // cores = ceil(footprint GB / 16)); the runtime's scratch is unpublished: --reserve.
        EngineProfile neuron;
        neuron.engine = Engine::neuron;
        neuron.runs_as = Engine::neuron;
        neuron.name = "neuron";
        neuron.display_name = "Neuron";
        neuron.default_memory_fraction = 1.0;
        neuron.default_block_tokens = 1;
        neuron.sizes_by_neuron_core = true;
        neuron.budget_summary =
            "per NeuronCore (16 GiB; Inferentia2 and Trainium1 hold 2 per chip), 16 GiB − "
            "weights / TP − --reserve (AWS's Neuron calculator counts no reserve) = the KV cache, "
            "allocated up front for the batch and n_positions compiled in; TP over NeuronCores "
            "from the degrees the Neuron SDK builds (Inf2 2, 4, 8, 12, 24; Trn1 2, 8, 32), copies "
            "= cores / TP; compile with batch = the Batch column, n_positions = the sequence "
            "length";
        neuron.flags = {.reserve = true, .tensor_parallel = true};
        // DJL LMI, the SageMaker LMI container, runs vLLM (SERVING_FEATURES=vllm) with the
        // defaults its Java front end writes (LmiConfigRecommender.java, DJL Serving 0.33+):
        // option.tensor_parallel_degree "max" (every GPU), option.max_rolling_batch_size 32
        // (the vLLM async mode leaves rolling_batch "disable", so not vLLM's 256) passed as
        // max_num_seqs (vllm_rb_properties.py); option.gpu_memory_utilization and
        // option.max_model_len unset, so vLLM's own defaults.
        EngineProfile lmi = vllm;
        lmi.engine = Engine::lmi;
        lmi.runs_as = Engine::vllm;
        lmi.backend = "vllm";
        lmi.name = "lmi";
        lmi.display_name = "DJL LMI";
        lmi.forward_tokens_name = "max_rolling_batch_prefill_tokens";
        lmi.max_seqs_name = "max_rolling_batch_size";
        lmi.tp_all_gpus_by_default = true;
        lmi.max_model_len_is_model_max = true;
        lmi.budget_summary =
            "the SageMaker LMI container's vLLM back end with the container's defaults "
            "(LmiConfigRecommender.java, DJL Serving 0.33+): tensor_parallel_degree every GPU of "
            "the instance, max_rolling_batch_size 32 as vLLM's max_num_seqs, vLLM's own "
            "gpu_memory_utilization (0.9) and max_model_len (the model's maximum: vLLM refuses "
            "to start where one request of it does not fit, a warning says where; set "
            "option.max_model_len to the longest --seq); then vLLM's budget per GPU rank: "
            "ceil(total × gpu_memory_utilization) − weights − activation peak − non-torch − CUDA "
            "graphs (0.21+) − --reserve";
        lmi.flags.offline = false;
        return std::array<EngineProfile, 8>{raw, vllm, tgi, trtllm, llamacpp, sglang, neuron, lmi};
    }();
    return table;
}

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](std::string_view prefix) { return text.starts_with(prefix); });
}

// Hopper and Blackwell (sm90, sm100, sm120): PyTorch's cuBLAS workspace default is
// 4096 KiB × 8 = 32 MiB there, 4096 KiB × 2 + 16 KiB × 8 = 8,519,680 B elsewhere
// (aten/src/ATen/cuda/CublasHandlePool.cpp parseChosenWorkspaceSize).
bool is_sm90_or_newer(std::string_view accelerator) {
    const std::string upper = [&] {
        std::string text(accelerator);
        for (char& c : text)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        return text;
    }();
    return starts_with_any(upper, {"H100", "H200", "H20", "GH200", "B200", "B300", "GB200", "GB300",
                                   "RTX PRO 6000", "RTX-PRO-6000"});
}

std::uint64_t next_power_of_two(std::uint64_t value) {
    std::uint64_t power = 1;
    while (power < value)
        power *= 2;
    return power;
}

bool has_latent_attention(const ModelSpec& model) {
    return std::any_of(model.kv_layers.begin(), model.kv_layers.end(),
                       [](const KvLayerGroup& g) { return g.kind == LayerKind::latent_attention; });
}

// The vocabulary the dummy sampler runs over; models built from a bare parameter count have
// none, so assume Llama 3's 128,256 (the larger, safer side of common vocabularies).
std::uint64_t sampler_vocab(const ModelSpec& model) {
    return model.vocab_size.value_or(128'256);
}

// Bytes the dummy sampler peaks at over [n, vocab] logits (vllm-memory.md §3.3).
std::uint64_t sampler_bytes(SamplerPath path, std::uint64_t n, std::uint64_t vocab,
                            std::uint64_t sm_count) {
    const std::uint64_t logits = checked_mul(n, vocab, "sampler logits");
    switch (path) {
        case SamplerPath::none:
            return 0;
        case SamplerPath::torch_sort:
        case SamplerPath::flashinfer_or_sort:  // the low end of the range: torch sort
            return checked_mul(logits, 38, "sampler bytes");
        case SamplerPath::triton: {
            const std::uint64_t rows = std::min(next_power_of_two(n), sm_count ? sm_count : 132);
            return checked_add(checked_mul(logits, 14, "sampler bytes"),
                               checked_mul(rows, vocab, 4, "sampler buffer"), "sampler bytes");
        }
    }
    return 0;
}

// vLLM 0.13+ keeps one persistent fused-MoE workspace (#27532, modular_kernel.py workspace
// shapes of the Triton experts), allocated in the profile run and reused by every layer:
// 2 B × [max(T·k·max(I, H), T·H) + T·k·max(2·I, H)], T = max_num_batched_tokens, k = experts per
// token, I = one expert's MLP width on the rank, H = hidden size (vllm-memory.md §0). 0.47-0.66
// GiB for Qwen3-30B-A3B and Mixtral-8x7B at TP 2 (jgchn/llm-d-planner v0.19 sweep).
std::uint64_t vllm_moe_workspace_bytes(const ResolvedEngineSettings& resolved,
                                       const GpuContext& gpu, const ModelSpec& model) {
    if (model.experts_per_token == 0 || model.moe_intermediate_size == 0) return 0;
    if (resolved.release.value_or(k_vllm_newest) < EngineRelease{0, 13, 0}) return 0;
    const std::uint64_t t = resolved.max_num_batched_tokens;
    const std::uint64_t k = model.experts_per_token;
    const std::uint64_t h = model.hidden_size;
    const std::uint64_t width =
        model.moe_intermediate_size / std::max<std::uint64_t>(gpu.tensor_parallel, 1);
    const std::uint64_t first = std::max(checked_mul(t, k, std::max(width, h), "MoE workspace"),
                                         checked_mul(t, h, "MoE workspace"));
    const std::uint64_t second = checked_mul(t, k, std::max(2 * width, h), "MoE workspace");
    return checked_mul(checked_add(first, second, "MoE workspace"), 2, "MoE workspace");
}

// Torch peak increase of vLLM's profile_run: the dummy sampler over max_num_seqs × vocab logits,
// the [T, H] and [N, H] hidden states still alive, and the cuBLAS workspace (§0, §3).
std::uint64_t vllm_activation_bytes(const ResolvedEngineSettings& resolved, const GpuContext& gpu,
                                    const ModelSpec& model, bool flashinfer) {
    const std::uint64_t t = resolved.max_num_batched_tokens;
    const std::uint64_t n = std::min(resolved.max_num_seqs, t);
    const std::uint64_t vocab = sampler_vocab(model);
    const std::uint64_t sampler = flashinfer
                                      ? checked_mul(n, vocab, 14, "sampler bytes")
                                      : sampler_bytes(resolved.sampler, n, vocab, gpu.sm_count);
    const std::uint64_t hidden =
        checked_add(checked_mul(2 * t, model.hidden_size, "hidden states"),
                    checked_mul(4 * n, model.hidden_size, "hidden states"), "hidden states");
    const std::uint64_t cublas =
        is_sm90_or_newer(gpu.accelerator) ? 32 * k_bytes_per_mib : 8'519'680;
    const std::uint64_t moe = vllm_moe_workspace_bytes(resolved, gpu, model);
    return checked_add(checked_add(sampler, hidden, "activation"), checked_add(cublas, moe, "MoE"),
                       "activation");
}

// Memory outside PyTorch's allocator that appears between vLLM's start-up snapshot and the end
// of profiling (vllm-memory.md §4): lazily loaded kernels, cuBLAS handles and, before the
// snapshot moved after NCCL init (#25359, v0.11.0), NCCL buffers. Returns {low, high} KV ends.
std::pair<std::uint64_t, std::uint64_t> vllm_non_torch_bytes(const EngineRelease& release,
                                                             std::uint64_t tp) {
    if (release < EngineRelease{0, 11, 0}) {
        if (tp == 1) return {gib_hundredths(5), gib_hundredths(5)};
        return {gib_hundredths(138), gib_hundredths(21)};  // H200 TP2 NVLink; L40S TP8 PCIe
    }
    if (release < EngineRelease{0, 12, 0})
        return tp == 1 ? std::pair{gib_hundredths(2), gib_hundredths(2)}
                       : std::pair{gib_hundredths(9), gib_hundredths(9)};
    if (release < EngineRelease{0, 18, 0})
        return tp == 1 ? std::pair{gib_hundredths(13), gib_hundredths(13)}
                       : std::pair{gib_hundredths(55), gib_hundredths(55)};
    return tp == 1 ? std::pair{gib_hundredths(25), gib_hundredths(25)}
                   : std::pair{gib_hundredths(211), gib_hundredths(211)};
}

// vLLM ≥ 0.21 subtracts its CUDA-graph memory estimate (#38284): observed 0.84 GiB for 7-9B
// dense models, 1.5-1.9 GiB for 70-80-layer models; 0.35 + 0.017 × layers GiB, +0.4 for MoE/MLA.
std::uint64_t vllm_cuda_graph_bytes(const EngineRelease& release, const ModelSpec& model) {
    if (release < EngineRelease{0, 21, 0}) return 0;
    std::uint64_t thousandths = 350 + 17 * model.layers;
    if (model.active_parameters || has_latent_attention(model)) thousandths += 400;
    return checked_mul(thousandths, k_bytes_per_gib, "CUDA graph estimate") / 1000;
}

// vLLM keeps a RoPE cos/sin cache of max_position × rotary_dim in the model dtype per rank,
// counted in "Model loading took" (32 MiB for Llama-3.1-8B).
std::uint64_t vllm_rope_cache_bytes(const ModelSpec& model) {
    if (!model.max_position_embeddings || model.head_dim == 0) return 0;
    return checked_mul(*model.max_position_embeddings, model.head_dim, 2, "RoPE cache");
}

std::int64_t signed_bytes(std::uint64_t bytes, std::string_view what) {
    return to_signed(bytes, what);
}

std::int64_t scaled(std::int64_t bytes, double fraction) {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(bytes) * fraction));
}

// SGLang up to 0.4.6 (server_args.py __post_init__, e.g. v0.4.1-v0.4.4): mem_fraction_static by TP
// degree alone. Logged: 0.88 at TP 1 on H100 (docs.sglang.ai, January 2025), 0.85 at TP 4 on L4
// (didier-durand/llms-in-clouds docs/sglang.md, March 2025).
double sglang_table_fraction(std::uint64_t tp) {
    return tp >= 16 ? 0.79 : tp >= 8 ? 0.81 : tp >= 4 ? 0.85 : tp >= 2 ? 0.87 : 0.88;
}

// SGLang 0.5.4+ server_args.py `_handle_gpu_memory_settings` (sgl-project/sglang#10975):
// chunked_prefill_size and cuda_graph_max_bs by GPU memory (nvidia-smi MiB) and TP, then
// mem_fraction_static = round((gpu_mem − reserved) / gpu_mem, 3).
double sglang_reserved_fraction(std::uint64_t gpu_mib, std::uint64_t tp,
                                ResolvedEngineSettings& resolved) {
    const bool small_tp = tp < 4;
    std::uint64_t chunked = 0;
    std::uint64_t graph_bs = 0;
    if (gpu_mib < 20 * 1024) {
        chunked = 2048;
        graph_bs = 8;
    } else if (gpu_mib < 35 * 1024) {  // A10, 4090
        chunked = 2048;
        graph_bs = small_tp ? 24 : 80;
    } else if (gpu_mib < 60 * 1024) {  // A100-40GB, L40
        chunked = 4096;
        graph_bs = small_tp ? 32 : 160;
    } else if (gpu_mib < 160 * 1024) {  // H100, A100-80GB, H20, H200
        chunked = 8192;
        graph_bs = small_tp ? 256 : 512;
    } else {  // B200
        chunked = 16'384;
        graph_bs = 512;
    }
    resolved.chunked_prefill_size = chunked;
    resolved.cuda_graph_max_bs = graph_bs;
    double reserved_mib = 512 + static_cast<double>(std::max<std::uint64_t>(chunked, 2048)) * 1.5 +
                          static_cast<double>(graph_bs) * 2 + static_cast<double>(tp) / 8 * 1024;
    if (gpu_mib > 60 * 1024) reserved_mib = std::max(reserved_mib, 10.0 * 1024);
    const double total = static_cast<double>(gpu_mib);
    return std::round((total - reserved_mib) / total * 1000) / 1000;
}

// mem_fraction_static for the release: {low, high}, equal outside the unmodelled 0.4.7-0.5.3.
std::pair<double, double> resolve_sglang_settings(const EngineSettings& settings,
                                                  const GpuContext& gpu,
                                                  ResolvedEngineSettings& resolved) {
    const std::uint64_t gpu_mib =
        (gpu.usable_bytes ? gpu.usable_bytes : gpu.device_bytes) / k_bytes_per_mib;
    const EngineRelease release = settings.release.value_or(k_sglang_newest);
    const double table = sglang_table_fraction(gpu.tensor_parallel);
    const double reserved = sglang_reserved_fraction(gpu_mib, gpu.tensor_parallel, resolved);
    if (release <= k_sglang_table_last) {
        // PR #2044/#2268 defaults of that era: 2,048-token chunks below 25,000 MiB, else 8,192;
        // CUDA graphs up to batch 8 on small GPUs at TP < 4 (80 at TP ≥ 4), else 160.
        const bool small = gpu_mib < 25'000;
        resolved.chunked_prefill_size = small ? 2048 : 8192;
        resolved.cuda_graph_max_bs = small ? (gpu.tensor_parallel < 4 ? 8 : 80) : 160;
    }
    std::pair<double, double> fraction =
        release <= k_sglang_table_last ? std::pair{table, table}
        : release < k_sglang_newest
            ? std::pair{std::min(table, reserved), std::max(table, reserved)}
            : std::pair{reserved, reserved};
    if (settings.memory_fraction > 0)
        fraction = {settings.memory_fraction, settings.memory_fraction};
    resolved.memory_fraction = fraction.first;
    return fraction;
}

// GPUs whose multi-GPU machines join them with NVLink (SXM boards): NCCL and SGLang's custom
// all-reduce allocate far more there than over PCIe.
bool is_nvlink_board(std::string_view accelerator) {
    std::string upper(accelerator);
    for (char& c : upper)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return starts_with_any(
        upper, {"H100", "H200", "H20", "GH200", "A100", "B200", "B300", "GB200", "GB300"});
}

// Memory in use before SGLang loads the weights, which its fraction does not cover: the CUDA
// context, "Load weight begin. avail mem=" against the CUDA-visible total at TP 1 (H100 79.18 GiB:
// 78.81 on docs.sglang.ai in January 2025, 78.59 in sgl-project/sglang#4760: 0.37-0.59, taken as
// 0.48 on Hopper and Blackwell; L4 22.05: 21.63 at TP 4 less 0.13 of NCCL = 0.29 elsewhere), plus
// what "Init torch distributed ends. mem usage=" logs: 0 at TP 1, 0.13 GB over PCIe (L4 TP 4,
// didier-durand/llms-in-clouds docs/sglang.md), 1.25 GB over NVLink (H100 TP 8, a Grok-1 log).
std::uint64_t sglang_preload_bytes(std::uint64_t tp, std::string_view accelerator) {
    std::uint64_t bytes = is_sm90_or_newer(accelerator) ? gib_hundredths(48) : gib_hundredths(29);
    if (tp > 1) bytes += is_nvlink_board(accelerator) ? gib_hundredths(125) : gib_hundredths(13);
    return bytes;
}

// The MLP width one token activates on one rank. ModelSpec records no intermediate_size, so it
// is what a layer's parameters leave after its attention projections, over the 3 × hidden of
// the gate, up and down projections (the active parameters for a mixture of experts): 14,338
// for Llama-3.1-8B, whose config says 14,336.
std::uint64_t mlp_width_per_rank(const ModelSpec& model, std::uint64_t tp) {
    const std::uint64_t h = model.hidden_size;
    if (model.layers == 0 || h == 0) return 0;
    const std::uint64_t params = model.active_parameters.value_or(model.parameters);
    if (params <= model.embedding_parameters) return 0;
    const std::uint64_t per_layer = (params - model.embedding_parameters) / model.layers;
    const std::uint64_t attention =
        checked_mul(h, (2 * model.attention_heads + 2 * model.kv_heads) * model.head_dim,
                    "attention parameters");
    if (per_layer <= attention) return 0;
    return (per_layer - attention) / (3 * h) / std::max<std::uint64_t>(tp, 1);
}

// The largest tensors one forward pass over `tokens` tokens holds at once on a rank, in 16-bit
// activations: the residual and normed hidden states [T, H] plus the larger of the attention
// projections with their output ([T, (heads + 2 kv heads) × head_dim / TP] + [T, H]) and the
// MLP's gate-up and activated outputs ([T, 3 × I / TP]); plus the cuBLAS workspace.
std::uint64_t forward_peak_bytes(const ModelSpec& model, const GpuContext& gpu,
                                 std::uint64_t tokens) {
    const std::uint64_t tp = std::max<std::uint64_t>(gpu.tensor_parallel, 1);
    const std::uint64_t h = model.hidden_size;
    const std::uint64_t attention =
        (model.attention_heads + 2 * model.kv_heads) * model.head_dim / tp + h;
    const std::uint64_t mlp = 3 * mlp_width_per_rank(model, tp);
    const std::uint64_t width = 2 * h + std::max(attention, mlp);
    const std::uint64_t cublas =
        is_sm90_or_newer(gpu.accelerator) ? 32 * k_bytes_per_mib : 8'519'680;
    return checked_add(checked_mul(tokens, width, 2, "forward activations"), cublas,
                       "forward activations");
}

// TGI 3.x's launcher default for max_batch_prefill_tokens (launcher/src/main.rs):
// compute_optimal = the card's f16 FLOP/s × num_shard / the model's FLOP per token
// (Config::flop: layers × (2 × head_dim × hidden × (3 heads + 2 KV heads) + 6 × hidden ×
// intermediate)), used where it exceeds 100, else 4096; capped by max_position_embeddings. The
// card is nvidia-smi's name lowercased with '-' for spaces, and ComputeType::f16_flop knows
// "nvidia-l4" (121 TFLOP/s), "nvidia-a10g" (125) and "nvidia-h100-80gb-hbm3" (900); the
// names it also lists for the 4090, T4 and A100 are not what nvidia-smi prints for them.
std::uint64_t tgi_v3_prefill_tokens(const GpuContext& gpu, const ModelSpec& model) {
    const std::string card = to_lower(gpu.accelerator);
    const std::uint64_t tflops = card == "l4"                            ? 121
                                 : card == "a10g"                        ? 125
                                 : card == "h100-80gb" || card == "h100" ? 900
                                                                         : 0;
    const std::uint64_t h = model.hidden_size;
    const std::uint64_t per_layer =
        2 * model.head_dim * h * (3 * model.attention_heads + 2 * model.kv_heads) +
        6 * h * mlp_width_per_rank(model, 1);
    const std::uint64_t flop = per_layer * model.layers;
    std::uint64_t tokens = 4096;
    if (tflops > 0 && flop > 0) {
        const std::uint64_t optimal =
            tflops * 1'000'000'000'000ULL * std::max<std::uint64_t>(gpu.tensor_parallel, 1) / flop;
        if (optimal > 100) tokens = optimal;
    }
    return std::min(tokens, model.max_position_embeddings.value_or(tokens));
}

// TGI's warm-up (flash_causal_lm.py warmup): the router sends max_batch_prefill_tokens tokens
// in requests of max_input_tokens that ask for prefill log-probabilities (prefill_logprobs
// true, top_n_tokens 20: router client warmup). 2.x honours that, so the lm_head produces logits
// over every prefill token: [P, vocab] in the model's 16-bit dtype, which log_softmax copies; at
// TP > 1 each rank also holds its [P, vocab / TP] shard before the gather. 3.x clears the flag
// unless the launcher's --enable-prefill-logprobs set REQUEST_LOGPROBS (from_tokenized: "This
// consumes so much memory on long requests. Deactivating it by default seems like the best
// course"), so its warm-up produces only each request's last-token logits and the peak is the
// forward's. Free memory is read right after, with PyTorch's cache still holding this peak.
// Returns the source-derived peak (the high end of the KV range).
std::uint64_t tgi_warmup_peak_bytes(const ResolvedEngineSettings& resolved, const GpuContext& gpu,
                                    const ModelSpec& model) {
    const std::uint64_t p = resolved.max_num_batched_tokens;
    const std::uint64_t forward = forward_peak_bytes(model, gpu, p);
    if (resolved.release.value_or(k_tgi_newest) >= k_tgi_v3) return forward;
    const std::uint64_t vocab = sampler_vocab(model);
    std::uint64_t logits = checked_mul(p, vocab, 2 * 2, "warm-up logits");
    const std::uint64_t tp = std::max<std::uint64_t>(gpu.tensor_parallel, 1);
    if (tp > 1) logits = checked_add(logits, checked_mul(p, vocab / tp, 2, "logits"), "logits");
    return checked_add(logits, forward, "warm-up peak");
}

// TensorRT-LLM's PyTorch back end estimates the KV cache after one forward of max_num_tokens
// tokens in dummy context requests of max_seq_len − 1 tokens that each return one token
// (_util.py _create_dummy_context_requests), so only each request's last-token logits (fp32)
// are produced. Returns the source-derived peak (the high end of the KV range).
std::uint64_t trtllm_estimation_peak_bytes(const ResolvedEngineSettings& resolved,
                                           const GpuContext& gpu, const ModelSpec& model) {
    const std::uint64_t t = resolved.max_num_batched_tokens;
    const std::uint64_t seq = model.max_context_tokens.value_or(
        model.max_position_embeddings.value_or(std::max<std::uint64_t>(gpu.max_model_len, 2)));
    const std::uint64_t requests =
        (t + std::max<std::uint64_t>(seq, 2) - 2) / std::max<std::uint64_t>(seq - 1, 1);
    const std::uint64_t logits = checked_mul(requests, sampler_vocab(model), 4, "logits");
    return checked_add(forward_peak_bytes(model, gpu, t), logits, "estimation peak");
}

// CUDA context and NCCL buffers, which no engine's fraction covers: measured by SGLang's logs
// (sglang_preload_bytes); TGI and TensorRT-LLM read free memory from cudaMemGetInfo too.
std::uint64_t cuda_context_bytes(const GpuContext& gpu) {
    return sglang_preload_bytes(gpu.tensor_parallel, gpu.accelerator);
}

// The allocator caches what the forward freed, and kernels keep workspaces: the peak an engine
// reads is the source-derived one to twice it (TensorRT-LLM logged 0.85 GiB "dynamically
// allocated during inference" for gpt-oss-120b at max_num_tokens 8192, 1.3 × the largest
// tensors; a TGI 2.2 A10G log implies about 1.9 ×: docs/validation.md).
constexpr std::uint64_t k_peak_range_factor = 2;

}  // namespace

const EngineProfile& engine_profile(Engine engine) {
    for (const EngineProfile& profile : profiles()) {
        if (profile.engine == engine) return profile;
    }
    return profiles()[1];
}

std::string_view engine_name(Engine engine) {
    return engine_profile(engine).name;
}

Engine parse_engine(std::string_view text) {
    const std::string lower = to_lower(text);
    for (const Engine engine : {Engine::vllm, Engine::sglang, Engine::tgi, Engine::trtllm,
                                Engine::lmi, Engine::llamacpp, Engine::neuron, Engine::raw}) {
        if (lower == engine_name(engine)) return engine;
    }
    throw Error("unknown engine " + quote_value(text) +
                ", expected vllm, sglang, tgi, trtllm, lmi, llamacpp, neuron or raw");
}

Engine default_engine_for(ModelSource source) {
    return source == ModelSource::gguf ? Engine::llamacpp : Engine::vllm;
}

std::string release_name(const EngineRelease& release) {
    return std::to_string(release.major) + "." + std::to_string(release.minor) + "." +
           std::to_string(release.patch);
}

EngineRelease parse_engine_release(std::string_view text) {
    std::string_view rest = text;
    if (rest.starts_with('v')) rest.remove_prefix(1);
    std::array<std::uint32_t, 3> parts{0, 0, 0};
    std::size_t count = 0;
    while (count < 3) {
        std::uint32_t value = 0;
        const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
        if (error != std::errc() || end == rest.data()) break;
        parts[count++] = value;
        rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
        if (rest.empty() || rest.front() != '.') break;
        rest.remove_prefix(1);
    }
    if (count < 2 || !rest.empty()) {
        throw Error("expected a release as X.Y or X.Y.Z (for example 0.14 or 0.11.1), got " +
                    quote_value(text));
    }
    return {parts[0], parts[1], parts[2]};
}

std::string_view sampler_path_name(SamplerPath path) {
    switch (path) {
        case SamplerPath::none:
            return "none";
        case SamplerPath::torch_sort:
            return "torch_sort";
        case SamplerPath::flashinfer_or_sort:
            return "flashinfer_or_torch_sort";
        case SamplerPath::triton:
            return "triton";
    }
    return "none";
}

std::string_view budget_term_name(BudgetTermKind kind) {
    switch (kind) {
        case BudgetTermKind::memory:
            return "memory";
        case BudgetTermKind::requested:
            return "requested";
        case BudgetTermKind::weights:
            return "weights";
        case BudgetTermKind::activation:
            return "activation";
        case BudgetTermKind::non_torch:
            return "non_torch";
        case BudgetTermKind::cuda_graph:
            return "cuda_graph";
        case BudgetTermKind::extra_reserve:
            return "extra_reserve";
        case BudgetTermKind::free_fraction:
            return "free_fraction";
        case BudgetTermKind::wiggle_room:
            return "wiggle_room";
        case BudgetTermKind::compute_buffers:
            return "compute_buffers";
    }
    return "memory";
}

std::uint64_t kv_block_tokens(const EngineSettings& settings) {
    if (settings.block_tokens) return *settings.block_tokens;
    // TGI 2.x models/cache_manager.py BLOCK_SIZE = 16: "Setting max batch total tokens to
    // 15232" (2.0.3) and "19056" (2.2.0) are multiples of 16 (docs/validation.md).
    if (settings.engine == Engine::tgi && settings.release && *settings.release < k_tgi_v3)
        return 16;
    return engine_profile(settings.engine).default_block_tokens;
}

EngineSettings default_engine_settings(Engine engine) {
    const EngineProfile& profile = engine_profile(engine);
    EngineSettings settings;
    settings.engine = engine;
    settings.memory_fraction = profile.default_memory_fraction;
    settings.release = profile.newest_release;
    return settings;
}

ResolvedEngineSettings resolve_engine_settings(const EngineSettings& settings,
                                               const GpuContext& gpu) {
    ResolvedEngineSettings resolved;
    resolved.release = settings.release;
    resolved.block_tokens = kv_block_tokens(settings);
    resolved.offline = settings.offline;
    if (settings.engine == Engine::sglang) {
        resolve_sglang_settings(settings, gpu, resolved);
        return resolved;
    }
    const EngineProfile& profile = engine_profile(settings.engine);
    resolved.backend = profile.backend;
    resolved.forward_tokens_name = profile.forward_tokens_name;
    resolved.max_seqs_name = profile.max_seqs_name;
    if (settings.engine == Engine::tgi) {
        // The launcher's defaults (launcher/src/main.rs): 2.x max_input_tokens =
        // min(positions, 4096) − 1 and max_batch_prefill_tokens = max_input_tokens + 50;
        // 3.x max_batch_prefill_tokens = compute_optimal(...) or 4096, capped by the positions.
        // The positions are the model's, applied in engine_budget; here the 4096 case.
        resolved.release = settings.release.value_or(k_tgi_newest);
        const bool v3 = *resolved.release >= k_tgi_v3;
        resolved.max_input_tokens = v3 ? 0 : 4095;  // 3.x: the server derives it
        resolved.max_num_batched_tokens =
            settings.max_num_batched_tokens.value_or(v3 ? 4096 : 4095 + 50);
        return resolved;
    }
    if (settings.engine == Engine::trtllm) {
        // BuildConfig max_num_tokens 8192, the LLM API default (trtllm-serve logs
        // "max_num_tokens=8192"); KvCacheConfig free_gpu_memory_fraction 0.9 and tokens_per_block
        // 32 (llmapi/llm_args.py).
        resolved.max_num_batched_tokens = settings.max_num_batched_tokens.value_or(8192);
        return resolved;
    }
    if (settings.engine != Engine::vllm && settings.engine != Engine::lmi) return resolved;
    const EngineRelease release = settings.release.value_or(k_vllm_newest);
    // arg_utils.py (#17073, #17885): GPUs with ≥ 70 GiB that are not A100s get the large
    // defaults; the LLM class (offline) takes a larger token budget than `vllm serve`.
    const bool large = gpu.device_bytes >= 70 * k_bytes_per_gib &&
                       to_lower(gpu.accelerator).find("a100") == std::string::npos;
    // LMI passes option.max_rolling_batch_size (32 by default) as max_num_seqs.
    const std::uint64_t default_seqs = settings.engine == Engine::lmi ? 32 : large ? 1024 : 256;
    const std::uint64_t default_tokens =
        settings.offline ? (large ? 16'384 : 8'192) : (large ? 8'192 : 2'048);
    resolved.max_num_seqs = settings.max_num_seqs.value_or(default_seqs);
    resolved.max_num_batched_tokens = settings.max_num_batched_tokens.value_or(
        std::min(default_tokens,
                 checked_mul(resolved.max_num_seqs, std::max<std::uint64_t>(gpu.max_model_len, 1),
                             "max_num_batched_tokens")));
    resolved.max_num_seqs = std::min(resolved.max_num_seqs, resolved.max_num_batched_tokens);
    resolved.sampler = release < EngineRelease{0, 11, 1}   ? SamplerPath::flashinfer_or_sort
                       : release < EngineRelease{0, 17, 0} ? SamplerPath::torch_sort
                                                           : SamplerPath::triton;
    return resolved;
}

EngineBudget engine_budget(const EngineSettings& settings, const GpuContext& gpu,
                           const ModelSpec& model) {
    EngineBudget budget;
    budget.terms.reserve(8);  // room for any engine's terms: one allocation, not three or four
    budget.settings = resolve_engine_settings(settings, gpu);
    const std::int64_t device = signed_bytes(gpu.device_bytes, "accelerator memory");
    const std::int64_t weights = signed_bytes(gpu.weight_bytes, "weight size");
    const std::int64_t extra = signed_bytes(settings.extra_reserve_bytes_per_gpu, "--reserve");
    auto add = [&](BudgetTermKind kind, std::int64_t bytes) {
        budget.terms.push_back({kind, bytes});
    };
    std::int64_t high_bonus = 0;  // how much more the high end of a range leaves
    switch (settings.engine) {
        case Engine::raw:
            add(BudgetTermKind::memory, device);
            add(BudgetTermKind::weights, -weights);
            break;
        case Engine::neuron:  // per NeuronCore: 16 GiB − weights − --reserve (neuron.hpp)
            add(BudgetTermKind::memory, device);
            add(BudgetTermKind::weights, -weights);
            add(BudgetTermKind::extra_reserve, -extra);
            break;
        case Engine::llamacpp:
            add(BudgetTermKind::memory, device);
            add(BudgetTermKind::weights, -weights);
            add(BudgetTermKind::compute_buffers, -signed_bytes(k_bytes_per_gib, "buffers"));
            add(BudgetTermKind::extra_reserve, -extra);
            break;
        case Engine::vllm:
        case Engine::lmi: {
            const EngineRelease release = settings.release.value_or(k_vllm_newest);
            // worker/utils.py request_memory: math.ceil(total × gpu_memory_utilization).
            const auto requested = static_cast<std::int64_t>(
                std::ceil(static_cast<double>(device) * settings.memory_fraction));
            add(BudgetTermKind::requested, requested);
            add(BudgetTermKind::weights,
                -(weights + signed_bytes(vllm_rope_cache_bytes(model), "RoPE cache")));
            const std::uint64_t activation =
                vllm_activation_bytes(budget.settings, gpu, model, false);
            add(BudgetTermKind::activation, -signed_bytes(activation, "activation"));
            const auto [non_torch, non_torch_high] =
                vllm_non_torch_bytes(release, gpu.tensor_parallel);
            add(BudgetTermKind::non_torch, -signed_bytes(non_torch, "non-torch memory"));
            add(BudgetTermKind::cuda_graph,
                -signed_bytes(vllm_cuda_graph_bytes(release, model), "CUDA graphs"));
            add(BudgetTermKind::extra_reserve, -extra);
            if (budget.settings.sampler == SamplerPath::flashinfer_or_sort) {
                high_bonus += signed_bytes(activation, "activation") -
                              signed_bytes(vllm_activation_bytes(budget.settings, gpu, model, true),
                                           "activation");
                budget.range_assumption =
                    "FlashInfer sampler installed (14 B per logit) or not "
                    "(torch sort, 38 B per logit)";
            }
            if (non_torch_high != non_torch) {
                high_bonus += signed_bytes(non_torch, "non-torch memory") -
                              signed_bytes(non_torch_high, "non-torch memory");
                if (!budget.range_assumption.empty()) budget.range_assumption += "; ";
                budget.range_assumption +=
                    "NCCL buffers inside the budget before 0.11: 1.38 GiB (H200 TP 2, NVLink) "
                    "to 0.21 GiB (L40S TP 8, PCIe)";
            }
            break;
        }
        case Engine::tgi: {  // flash_causal_lm.py warmup
            ResolvedEngineSettings& resolved = budget.settings;
            // The launcher's defaults depend on the model and the card (launcher/src/main.rs).
            if (!settings.max_num_batched_tokens) {
                if (*resolved.release >= k_tgi_v3) {
                    resolved.max_num_batched_tokens = tgi_v3_prefill_tokens(gpu, model);
                } else if (model.max_position_embeddings) {
                    const std::uint64_t positions = *model.max_position_embeddings;
                    resolved.max_input_tokens = std::min<std::uint64_t>(4096, positions) - 1;
                    resolved.max_num_batched_tokens = resolved.max_input_tokens + 50;
                }
            }
            // get_free_memory (utils/import_utils.py): max(0, free − (1 − fraction) × total).
            add(BudgetTermKind::requested, scaled(device, settings.memory_fraction));
            add(BudgetTermKind::weights, -weights);
            add(BudgetTermKind::non_torch, -signed_bytes(cuda_context_bytes(gpu), "CUDA context"));
            const std::int64_t peak =
                signed_bytes(tgi_warmup_peak_bytes(resolved, gpu, model), "warm-up peak");
            add(BudgetTermKind::activation, -peak * static_cast<std::int64_t>(k_peak_range_factor));
            add(BudgetTermKind::extra_reserve, -extra);
            std::int64_t free = 0;
            for (const BudgetTerm& term : budget.terms)
                free += term.bytes;
            const bool v3 = *resolved.release >= k_tgi_v3;
            // The high end takes the peak once.
            const std::int64_t peak_bonus =
                peak * static_cast<std::int64_t>(k_peak_range_factor - 1);
            if (v3) {
                // 3.x: free_memory = get_free_memory(device, MEMORY_FRACTION × TGI_WIGGLE_ROOM),
                // i.e. free − (1 − fraction × 0.95) × total: the wiggle room is 5 % of the
                // requested memory, not of what is free; num_blocks = free_memory // block bytes
                // + the warm-up batch's blocks, allocated before free memory was read, so the
                // cache is exactly what is left.
                const std::int64_t requested = scaled(device, settings.memory_fraction);
                add(BudgetTermKind::wiggle_room, -(requested - scaled(requested, 0.95)));
                high_bonus = peak_bonus;
            } else {
                // 2.x: num_blocks = int(free × 0.95 // block bytes) + the warm-up batch's
                // blocks, which were allocated while free memory was read: leaving them out
                // keeps the answer at most 5 % of the warm-up batch's KV below TGI's.
                add(BudgetTermKind::wiggle_room, free > 0 ? -(free - scaled(free, 0.95)) : 0);
                const std::int64_t free_high = free + peak_bonus;
                const std::int64_t kv_low = free > 0 ? scaled(free, 0.95) : free;
                high_bonus = (free_high > 0 ? scaled(free_high, 0.95) : free_high) - kv_low;
            }
            budget.range_assumption =
                v3 ? "TGI's warm-up peak as PyTorch's cache holds it: the max_batch_prefill_tokens "
                     "prefill's forward tensors (3.x computes no prompt logits unless "
                     "--enable-prefill-logprobs), twice (allocator caching; low end) to once "
                     "(high end)"
                   : "TGI's warm-up peak as PyTorch's cache holds it: twice the logits and "
                     "forward tensors of the max_batch_prefill_tokens prefill (allocator "
                     "caching; low end) to once (high end)";
            if (*resolved.release >= k_tgi_v3 && !settings.max_num_batched_tokens) {
                budget.range_assumption +=
                    "; max_batch_prefill_tokens is the 3.x launcher's default (compute_optimal: "
                    "the card's FLOP/s over the model's FLOP per token on L4, A10G and H100, "
                    "else 4096): --max-num-batched-tokens sets it";
            }
            break;
        }
        case Engine::sglang: {  // model_runner profile_max_num_token
            // rest = free after loading − (1 − f) × free before loading, where free before =
            // CUDA-visible total − context − NCCL and free after = free before − weights.
            ResolvedEngineSettings scratch;
            const auto [fraction, fraction_high] = resolve_sglang_settings(settings, gpu, scratch);
            add(BudgetTermKind::memory, device);
            const std::int64_t preload = signed_bytes(
                sglang_preload_bytes(gpu.tensor_parallel, gpu.accelerator), "CUDA context");
            add(BudgetTermKind::non_torch, -preload);
            const std::int64_t free_before = device - preload;
            add(BudgetTermKind::free_fraction, -(free_before - scaled(free_before, fraction)));
            // RoPE cos/sin cache: bf16 through 0.4.6 (vLLM's rotary embedding); later SGLang keeps
            // it in fp32 on CUDA (rotary_embedding.py, "cache needs to be in FP32 for numerical
            // stability"): Llama-3.1-8B's "mem usage=15.02 GB" in the docs notebook of 2026-02-09
            // is 14.96 GiB of parameters + 131,072 × 128 × 4 B.
            const std::uint64_t rope =
                settings.release.value_or(k_sglang_newest) <= k_sglang_table_last
                    ? vllm_rope_cache_bytes(model)
                    : checked_mul(vllm_rope_cache_bytes(model), 2, "RoPE");
            add(BudgetTermKind::weights, -(weights + signed_bytes(rope, "RoPE cache")));
            add(BudgetTermKind::extra_reserve, -extra);
            if (fraction_high != fraction) {
                high_bonus += scaled(free_before, fraction_high) - scaled(free_before, fraction);
                budget.range_assumption =
                    "SGLang 0.4.7-0.5.3 derive mem_fraction_static by sgl-project/sglang#7054's "
                    "heuristic, not modelled: between the 0.4 TP table and the 0.5.4 formula; "
                    "--gpu-util sets it";
            }
            break;
        }
        case Engine::trtllm: {  // _torch/pyexecutor/_util.py configure_kv_cache_capacity
            // available = (total − peak + estimation KV) × fraction, with peak = weights +
            // estimation KV + activations (torch peak) + memory outside torch.
            add(BudgetTermKind::memory, device);
            add(BudgetTermKind::weights, -weights);
            add(BudgetTermKind::non_torch, -signed_bytes(cuda_context_bytes(gpu), "CUDA context"));
            const std::int64_t peak = signed_bytes(
                trtllm_estimation_peak_bytes(budget.settings, gpu, model), "activation");
            add(BudgetTermKind::activation, -peak * static_cast<std::int64_t>(k_peak_range_factor));
            add(BudgetTermKind::extra_reserve, -extra);
            std::int64_t free = 0;
            for (const BudgetTerm& term : budget.terms)
                free += term.bytes;
            add(BudgetTermKind::free_fraction,
                free > 0 ? -(free - scaled(free, settings.memory_fraction)) : 0);
            const std::int64_t free_high =
                free + peak * static_cast<std::int64_t>(k_peak_range_factor - 1);
            const std::int64_t kv_low = free > 0 ? scaled(free, settings.memory_fraction) : free;
            high_bonus =
                (free_high > 0 ? scaled(free_high, settings.memory_fraction) : free_high) - kv_low;
            budget.range_assumption =
                "TensorRT-LLM's estimation-forward peak over max_num_tokens: twice its largest "
                "tensors (allocator caching, kernel workspaces; low end) to once (high end)";
            break;
        }
    }
    for (const BudgetTerm& term : budget.terms)
        budget.kv_bytes += term.bytes;
    budget.kv_bytes_high = budget.kv_bytes + high_bonus;
    return budget;
}

std::string model_length_warning(const EngineSettings& settings, const ModelSpec& model,
                                 std::uint64_t kv_tokens) {
    const EngineProfile& profile = engine_profile(settings.engine);
    if (!profile.max_model_len_is_model_max || !model.max_context_tokens) return "";
    const std::uint64_t longest = *model.max_context_tokens;
    if (kv_tokens >= longest) return "";
    // vLLM's check_enough_kv_cache_memory (kv_cache_utils.py) at the model's max_model_len.
    return std::string(profile.display_name) + " leaves option.max_model_len unset, so " +
           std::string(engine_profile(profile.runs_as).display_name) + " takes the model's " +
           std::to_string(longest) + " tokens and would refuse to start: the cache holds " +
           std::to_string(kv_tokens) + "; set OPTION_MAX_MODEL_LEN, for example to the " +
           "longest --seq";
}

std::uint64_t budget_term_bytes(const EngineBudget& budget, BudgetTermKind kind) {
    std::int64_t total = 0;
    for (const BudgetTerm& term : budget.terms) {
        if (term.kind == kind) total += term.bytes;
    }
    return static_cast<std::uint64_t>(total < 0 ? -total : total);
}

}  // namespace llmsize
