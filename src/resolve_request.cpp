#include "llmsize/resolve_request.hpp"

#include "llmsize/request_defaults.hpp"

namespace llmsize {

SizingRequest resolve_request(RequestInput input) {
    SizingRequest request;
    request.model = std::move(input.model.model);
    request.exact_weight_bytes = input.model.exact_weight_bytes;
    if (!input.model.weight_note.empty()) request.model.notes.push_back(input.model.weight_note);

    const bool gguf = request.model.source == ModelSource::gguf;
    const Engine engine = input.engine.value_or(default_engine_for(request.model.source));
    if (!input.engine) {
        request.defaults.push_back({"engine", std::string(engine_name(engine)),
                                    gguf ? "no --engine: a GGUF file is served by llama.cpp"
                                         : "no --engine: vLLM, the engine most deployments run"});
    }

    if (request.exact_weight_bytes) {
        // The tensors' own dtypes set the bytes; the format only sets the KV default below.
        request.weights = default_weight_format(Dtype::fp16);
        request.weights.description = "read from the checkpoint's tensor headers";
        if (request.model.checkpoint_format) {
            request.weights.dtype = request.model.checkpoint_format->dtype;
        } else if (input.model.dominant_dtype) {
            request.weights.dtype = *input.model.dominant_dtype;
        }
        std::string rule = "the checkpoint's tensor headers";
        if (!request.model.checkpoint_format && input.model.dominant_dtype == Dtype::fp32 &&
            !input.weights && loads_float32_in_16_bits(engine)) {
            *request.exact_weight_bytes /= 2;
            request.weights.dtype = Dtype::bf16;
            request.weights.description = "bf16, half the checkpoint's float32 tensor bytes";
            request.dtype_chosen_by_engine = true;
            rule = "a float32 checkpoint loads in 16 bits (vLLM dtype=auto)";
            request.model.notes.push_back(
                "the checkpoint is float32: engine " + std::string(engine_name(engine)) +
                " loads it in 16 bits (bf16, fp16 where the accelerator has no bf16), as vLLM "
                "dtype=auto does, so the weights are half its tensor bytes (--dtype fp32 to keep "
                "them)");
        }
        request.defaults.push_back(
            {"weights", std::string(dtype_name(request.weights.dtype)), std::move(rule)});
    } else if (input.weights) {
        request.weights = *input.weights;
        if (request.model.checkpoint_format) {
            request.model.notes.push_back("--dtype " + input.weights_text +
                                          " overrides the checkpoint's " +
                                          request.model.checkpoint_format->description);
        }
    } else {
        const DtypeDefault chosen = default_weight_dtype(engine, request.model);
        request.weights = chosen.weights;
        request.dtype_chosen_by_engine = chosen.chosen_by_engine;
        if (!chosen.rule.empty() && !request.model.checkpoint_format)
            request.model.notes.push_back(chosen.rule);
        request.defaults.push_back({"weights", std::string(dtype_name(request.weights.dtype)),
                                    request.model.checkpoint_format
                                        ? "the checkpoint's quantization_config"
                                    : chosen.rule.empty() ? "no --dtype"
                                                          : chosen.rule});
    }

    const Dtype weight_dtype = request.weights.dtype;
    if (input.kv_dtype) {
        request.kv_dtype = *input.kv_dtype;
    } else if (gguf) {
        request.kv_dtype = Dtype::fp16;  // llama.cpp's default --cache-type-k/-v f16
        request.defaults.push_back(
            {"kv_dtype", "fp16", "llama.cpp's default --cache-type-k/-v f16"});
    } else if (weight_dtype == Dtype::int8 || weight_dtype == Dtype::int4 ||
               weight_dtype == Dtype::fp8) {
        // Engines keep KV in the activation dtype unless told otherwise (vLLM kv_cache_dtype
        // "auto").
        request.kv_dtype = Dtype::fp16;
        request.model.notes.push_back(
            std::string(dtype_name(weight_dtype)) +
            " weights: KV cache assumed fp16, the activation dtype (--kv-dtype to change)");
        request.defaults.push_back(
            {"kv_dtype", "fp16",
             "quantised weights: KV in the activation dtype (vLLM kv_cache_dtype=auto)"});
    } else {
        request.kv_dtype = weight_dtype;
        request.defaults.push_back({"kv_dtype", std::string(dtype_name(weight_dtype)),
                                    "the weights' dtype (vLLM kv_cache_dtype=auto)"});
    }

    if (input.sequence_lengths.empty()) {
        request.sequence_lengths = default_sequence_lengths(request.model);
        request.model.notes.push_back("no --seq: sized at the model's whole context of " +
                                      std::to_string(request.sequence_lengths.front()) +
                                      " tokens (" + request.model.context_rule +
                                      "), as vLLM does with no max_model_len");
        request.defaults.push_back(
            {"sequence_lengths", std::to_string(request.sequence_lengths.front()),
             "no --seq: the model's whole context (" + request.model.context_rule +
                 "), as vLLM does with no max_model_len"});
    } else {
        request.sequence_lengths = std::move(input.sequence_lengths);
    }
    request.engine = default_engine_settings(engine);
    request.warnings =
        check_context(request.model, request.sequence_lengths, input.allow_long_context);
    return request;
}

}  // namespace llmsize
