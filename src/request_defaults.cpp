#include "llmsize/request_defaults.hpp"

#include "llmsize/engine.hpp"
#include "llmsize/error.hpp"
#include "llmsize/units.hpp"

namespace llmsize {

DtypeDefault default_weight_dtype(Engine engine, const ModelSpec& model) {
    if (model.checkpoint_format) {
        return {*model.checkpoint_format, false,
                "weights in " + model.checkpoint_format->description +
                    ", the checkpoint's quantization_config (--dtype to change)"};
    }
    const std::string engine_text(engine_name(engine));
    if (model.torch_dtype && *model.torch_dtype == "float32" && !loads_float32_in_16_bits(engine)) {
        return {default_weight_format(Dtype::fp32), false,
                "weights in fp32, the config's dtype: engine " + engine_text +
                    " sizes the checkpoint as stored (--dtype to change)"};
    }
    if (model.torch_dtype && *model.torch_dtype == "float32") {
        // vLLM dtype="auto": a float32 checkpoint loads in the platform's preferred 16-bit type,
        // bf16 on compute capability 8.0+, fp16 below (vllm/config.py _get_and_verify_dtype;
        // releases before 0.6 chose float16 everywhere: the same size).
        WeightFormat weights = default_weight_format(Dtype::bf16);
        return {weights, true,
                "weights in bf16 (fp16 where the accelerator has no bf16): engine " + engine_text +
                    " loads the float32 checkpoint in 16 bits, as vLLM dtype=auto does "
                    "(--dtype fp32 to keep it)"};
    }
    if (model.torch_dtype &&
        (*model.torch_dtype == "bfloat16" || *model.torch_dtype == "float16")) {
        const Dtype dtype = *model.torch_dtype == "bfloat16" ? Dtype::bf16 : Dtype::fp16;
        return {default_weight_format(dtype), dtype == Dtype::bf16,
                "weights in " + std::string(dtype_name(dtype)) + ", the config's dtype" +
                    (dtype == Dtype::bf16 ? " (fp16 where the accelerator has no bf16, as vLLM "
                                            "dtype=auto falls back)"
                                          : std::string()) +
                    " (--dtype to change)"};
    }
    if (model.source == ModelSource::params) return {default_weight_format(Dtype::fp16), false, ""};
    return {default_weight_format(Dtype::fp16), false, "weights assumed fp16 (--dtype to change)"};
}

bool loads_float32_in_16_bits(Engine engine) {
    return engine_profile(engine).loads_float32_in_16_bits;
}

std::vector<std::uint64_t> default_sequence_lengths(const ModelSpec& model) {
    if (!model.max_context_tokens) {
        throw Error(
            "--seq is required: the model does not say its context length; give the sequence "
            "lengths to size for, in tokens (prompt + generated), e.g. --seq 4096,2048");
    }
    return {*model.max_context_tokens};
}

std::vector<std::string> check_context(const ModelSpec& model,
                                       const std::vector<std::uint64_t>& lengths,
                                       bool allow_long_context) {
    std::vector<std::string> warnings;
    if (!model.max_context_tokens) return warnings;
    const std::uint64_t context = *model.max_context_tokens;
    for (const std::uint64_t length : lengths) {
        if (length <= context) continue;
        const std::string text =
            "--seq " + units::group_digits(length) + " is beyond the model's context of " +
            units::group_digits(context) + " tokens (" + model.context_rule + ")";
        if (!allow_long_context) throw Error(text + "; --allow-long-context to size it anyway");
        warnings.push_back(text + ": sized anyway (--allow-long-context)");
    }
    return warnings;
}

}  // namespace llmsize
