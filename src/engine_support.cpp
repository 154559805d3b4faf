#include "llmsize/engine_support.hpp"

#include <algorithm>
#include <array>

namespace llmsize {

std::string_view problem_kind_name(ProblemKind kind) {
    switch (kind) {
        case ProblemKind::none:
            return "none";
        case ProblemKind::weights:
            return "weights";
        case ProblemKind::kv:
            return "kv";
        case ProblemKind::tp:
            return "tp";
        case ProblemKind::engine_device:
            return "engine_device";
        case ProblemKind::format_device:
            return "format_device";
        case ProblemKind::engine_model:
            return "engine_model";
        case ProblemKind::host_memory:
            return "host_memory";
        case ProblemKind::context:
            return "context";
        case ProblemKind::warning:
            return "warning";
        case ProblemKind::speed:
            return "speed";
    }
    return "none";
}

namespace {

// Every rule with its source. The order is the order check_engine_support applies them.
constexpr std::array k_rules{
    SupportRule{"cuda_engine_on_neuron",
                "vllm, tgi, trtllm and llamacpp are CUDA builds: none runs on AWS Neuron "
                "(Inferentia2, Trainium)",
                "vllm-project/vllm PR #21159 (2025-07-18, in-tree Neuron backend removed; Neuron "
                "is the separate vllm-neuron plugin); TGI on Neuron is the separate optimum-neuron "
                "image (huggingface.co/aws-neuron/optimum-neuron-cache discussion 112); "
                "TensorRT-LLM supported hardware: NVIDIA GPUs only "
                "(nvidia.github.io/TensorRT-LLM/supported-hardware.html); llama.cpp's ggml has no "
                "Neuron backend; shared/reference/catalog-audit.md section 4"},
    SupportRule{"raw_on_neuron",
                "the raw engine (the sizing guide's pooled-memory arithmetic) does not model "
                "Neuron devices: Neuron instances are left to a Neuron engine",
                "awsdocs-neuron Neuron calculator (aws-neuron/aws-neuron-sdk "
                "about-neuron/calculator/neuron-calculator.rst: 16 GB per NeuronCore, TP degrees "
                "Inf2 2/4/8/12/24, Trn1 2/8/32); shared/reference/catalog-audit.md section 4"},
    SupportRule{"neuron_only",
                "the neuron engine (NxD Inference, and TGI or vLLM on Neuron) runs on Neuron "
                "devices only",
                "awsdocs-neuron NxD Inference overview (the supported path for Trn1/Inf2 "
                "inference); vllm-project/vllm-neuron README (Inf2, Trn1/Trn1n, Trn2)"},
    SupportRule{"vllm_volta",
                "vllm runs on compute capability 7.5 and newer: no attention backend supports "
                "Volta (V100) since the V0 engine was removed; T4 (7.5) runs on the Triton backend",
                "vllm-project/vllm issue #18571, comment of 2025-05-24 ('None of the current "
                "attention backends support V100. T4 can be supported with the Triton attention "
                "backend')"},
    SupportRule{"trtllm_ampere",
                "trtllm runs on Ampere (8.0) and newer: Blackwell, Hopper, Ada Lovelace, Ampere",
                "nvidia.github.io/TensorRT-LLM/supported-hardware.html; support matrix 0.18.2 "
                "(precision by SM: SM80/86, SM89, SM90)"},
    SupportRule{"fp8_w8a8",
                "fp8 weights compute in FP8 (W8A8) only on compute capability 8.9 and newer "
                "(Ada, Hopper, Blackwell); vllm runs them weight-only (W8A16, FP8 Marlin) on 8.0+ "
                "and, since Marlin's Turing port, on 7.5; tgi falls back to Marlin on 8.0+; trtllm "
                "needs 8.9",
                "docs.vllm.ai features/quantization/fp8 (v0.32: 'FP8 computation is supported on "
                "compute capability >= 8.9 ... FP8 models will run on compute capability >= 7.5 "
                "(Turing) as weight-only W8A16'); vllm PR #5975 (FP8 Marlin, Ampere); vllm PR "
                "#29901 (Marlin on sm75, FP8 weights included); huggingface/text-generation-"
                "inference issue #2388 (TGI FP8 through Marlin below 8.9) and PR #2277; "
                "TensorRT-LLM support matrix 0.18.2 (FP8 on SM89 and SM90 only)"},
    SupportRule{"bf16_ampere",
                "bf16 needs compute capability 8.0 (Ampere) or newer; T4 and V100 serve fp16 (the "
                "same size)",
                "vLLM's dtype check ('Bfloat16 is only supported on GPUs with compute capability "
                "of at least 8.0'); Transformer Engine support matrix ('BF16 requires compute "
                "capability 8.0 or higher')"},
    SupportRule{"vllm_t5",
                "vllm does not implement T5-family encoder-decoder models (t5, mt5, umt5); "
                "trtllm (enc_dec examples), tgi and llamacpp serve T5",
                "vllm-project/vllm issue #7366 (encoder/decoder support matrix: T5 'No'); "
                "TensorRT-LLM support matrix v0.13.0 (Flan-T5, ByT5, BART under enc_dec)"},
    SupportRule{"vllm_mllama",
                "vllm does not serve Llama 3.2 Vision (mllama): the V1 engine never ran "
                "cross-attention encoder-decoder models other than Whisper, and the V0 engine "
                "that did was removed after 0.10.2",
                "vllm-project/vllm PR #24907 (2025-09-15, 'Remove V0 Encoder-Decoder Support'); "
                "vllm/model_executor/models/registry.py _PREVIOUSLY_SUPPORTED_MODELS "
                "('MllamaForConditionalGeneration': '0.10.2'); docs.vllm.ai V1 user guide, "
                "Encoder-Decoder Models ('MllamaForConditionalGeneration ... no longer "
                "supported')"},
    SupportRule{"whisper_engines",
                "Whisper (an audio encoder-decoder) is served by vllm and trtllm; tgi and llamacpp "
                "do not serve it",
                "huggingface.co/docs/text-generation-inference/supported_models (no speech model; "
                "the fallback loads AutoModelForCausalLM or AutoModelForSeq2SeqLM only); "
                "llama.cpp's supported-models list (Whisper runs in the separate whisper.cpp)"},
    SupportRule{"sglang_cross_attention",
                "llmsize does not model how sglang pools the cross-attention cache of mllama "
                "(Llama 3.2 Vision), Whisper or any encoder-decoder model: size it with another "
                "engine",
                "llmsize's SGLang model (docs/engines.md) counts one token pool of self-attention "
                "layers only"},
};

std::string_view source_of(std::string_view id) {
    for (const SupportRule& rule : k_rules) {
        if (rule.id == id) return rule.source;
    }
    return "";
}

bool is_cuda_engine(Engine engine) {
    return engine == Engine::vllm || engine == Engine::tgi || engine == Engine::trtllm ||
           engine == Engine::llamacpp;
}

std::string device_words(std::string_view accelerator, const DeviceCapabilities& device) {
    if (device.runtime == Runtime::neuron) return std::string(accelerator) + " (neuron)";
    return std::string(accelerator) + " (" + device.architecture + ", compute capability " +
           compute_capability_text(device.compute_capability_x10) + ")";
}

SupportVerdict failing(ProblemKind kind, std::string problem, std::string_view rule) {
    return {kind, std::move(problem), std::string(source_of(rule)), {}};
}

}  // namespace

std::vector<SupportRule> engine_support_rules() {
    return {k_rules.begin(), k_rules.end()};
}

SupportVerdict check_engine_support(Engine requested, std::string_view accelerator,
                                    const DeviceCapabilities& device, const ServedFormat& format,
                                    const ModelSpec& model) {
    // A container (DJL LMI) runs where the engine it runs does.
    const Engine engine = engine_profile(requested).runs_as;
    const std::string name(engine_name(engine));
    if (engine == Engine::vllm && model.architecture &&
        (*model.architecture == "t5" || *model.architecture == "mt5" ||
         *model.architecture == "umt5")) {
        return failing(ProblemKind::engine_model,
                       "engine vllm does not serve the encoder-decoder model type '" +
                           *model.architecture + "'",
                       "vllm_t5");
    }
    if (model.architecture && *model.architecture == "mllama") {
        if (engine == Engine::vllm)
            return failing(ProblemKind::engine_model,
                           "engine vllm no longer serves Llama 3.2 Vision (mllama): removed with "
                           "its V0 engine after 0.10.2",
                           "vllm_mllama");
        if (engine == Engine::sglang)
            return failing(ProblemKind::engine_model,
                           "llmsize does not model sglang's cross-attention pool for Llama 3.2 "
                           "Vision (mllama): use --engine tgi, trtllm or raw",
                           "sglang_cross_attention");
    }
    if (model.architecture && *model.architecture == "whisper" &&
        (engine == Engine::tgi || engine == Engine::llamacpp)) {
        return failing(ProblemKind::engine_model,
                       "engine " + name + " does not serve Whisper: use --engine vllm or trtllm",
                       "whisper_engines");
    }
    if (engine == Engine::sglang && !model.cross_kv_layers.empty()) {
        return failing(ProblemKind::engine_model,
                       "llmsize does not model sglang's cross-attention pool for the "
                       "encoder-decoder model type '" +
                           model.architecture.value_or("?") + "': use another --engine",
                       "sglang_cross_attention");
    }
    if (device.known && engine == Engine::raw && device.runtime == Runtime::neuron) {
        return failing(ProblemKind::engine_device,
                       "engine raw does not model " + std::string(accelerator) +
                           " (neuron): NeuronCores hold 16 GiB each, split tensor parallelism "
                           "by core and fix batch and length at compile time",
                       "raw_on_neuron");
    }
    if (device.known && engine == Engine::neuron && device.runtime != Runtime::neuron) {
        return failing(ProblemKind::engine_device,
                       "engine neuron does not run on " + std::string(accelerator) + " (cuda)",
                       "neuron_only");
    }
    if (!device.known || !is_cuda_engine(engine)) return {};
    if (device.runtime == Runtime::neuron) {
        return failing(
            ProblemKind::engine_device,
            "engine " + name + " does not run on " + std::string(accelerator) + " (neuron)",
            "cuda_engine_on_neuron");
    }
    const unsigned cc = device.compute_capability_x10;
    if (engine == Engine::vllm && cc < 75) {
        return failing(ProblemKind::engine_device,
                       "engine vllm does not run on " + device_words(accelerator, device) +
                           ": it needs 7.5 or newer",
                       "vllm_volta");
    }
    if (engine == Engine::trtllm && cc < 80) {
        return failing(ProblemKind::engine_device,
                       "engine trtllm does not run on " + device_words(accelerator, device) +
                           ": it needs 8.0 or newer",
                       "trtllm_ampere");
    }
    SupportVerdict verdict;
    if (format.weights == Dtype::fp8 && !device.fp8 && engine != Engine::llamacpp) {
        const unsigned weight_only_from = engine == Engine::vllm  ? 75
                                          : engine == Engine::tgi ? 80
                                                                  : 1000;
        if (cc < weight_only_from) {
            return failing(
                ProblemKind::format_device,
                "engine " + name + " cannot serve fp8 weights on " +
                    device_words(accelerator, device) + ": FP8 needs 8.9 or newer" +
                    (weight_only_from < 1000 ? ", or " + compute_capability_text(weight_only_from) +
                                                   " for its weight-only path"
                                             : std::string()),
                "fp8_w8a8");
        }
        verdict.warnings.push_back(std::string(accelerator) + " has no FP8 arithmetic: " + name +
                                   " runs fp8 weights weight-only (W8A16, Marlin), "
                                   "the same memory, slower prefill");
        verdict.source = source_of("fp8_w8a8");
    }
    const bool wants_bf16 = format.weights == Dtype::bf16 || format.kv == Dtype::bf16;
    if (wants_bf16 && !device.bf16 && engine != Engine::llamacpp) {
        if (!format.dtype_chosen_by_engine) {
            return failing(ProblemKind::format_device,
                           "engine " + name + " cannot serve bf16 on " +
                               device_words(accelerator, device) +
                               ": bf16 needs 8.0 or newer (--dtype fp16 is the same size)",
                           "bf16_ampere");
        }
        verdict.warnings.push_back(std::string(accelerator) + " has no bf16: " + name +
                                   " serves fp16 there (the same size)");
        verdict.source = source_of("bf16_ampere");
    }
    if (engine == Engine::trtllm && format.kv == Dtype::fp8 && !device.fp8) {
        return failing(ProblemKind::format_device,
                       "engine trtllm cannot keep an fp8 KV cache on " +
                           device_words(accelerator, device) + ": FP8 needs 8.9 or newer",
                       "fp8_w8a8");
    }
    return verdict;
}

std::string multimodal_budget_warning(Engine requested, const ModelSpec& model) {
    const Engine engine = engine_profile(requested).runs_as;  // DJL LMI runs vLLM
    if (model.vision_parameters == 0 && model.audio_parameters > 0 && engine == Engine::vllm) {
        // Whisper is a multimodal model in vLLM V1 (audio in multi_modal_data): the same
        // profile_run encodes dummy audio of the longest input and sizes the encoder cache.
        return "speech model: vLLM's profiling run also encodes dummy audio of the longest input "
               "(one 30 s window per item) and reserves an encoder cache (gpu_model_runner.py "
               "profile_run, unless --skip-mm-profiling); that peak is not modelled, so the KV "
               "cache shown is an upper bound";
    }
    if (model.vision_parameters == 0) return {};
    if (engine == Engine::vllm) {
        // vllm/v1/worker/gpu_model_runner.py profile_run: with supports_mm_inputs and no
        // skip_mm_profiling, the profiling run encodes max_items_per_batch dummy items of the
        // maximum feature size and sizes the encoder cache before the KV budget is taken.
        return "vision-language model: vLLM's profiling run also encodes dummy images of the "
               "largest size and reserves an encoder cache (gpu_model_runner.py profile_run, "
               "unless --skip-mm-profiling); that peak is not modelled, so the KV cache shown is "
               "an upper bound";
    }
    if (engine == Engine::sglang) {
        return "vision-language model: SGLang's multimodal memory adjustments (the vision "
               "encoder's activations and its cache) are not modelled, so the KV cache shown is "
               "an upper bound";
    }
    return {};
}

}  // namespace llmsize
