// config.json "quantization_config" → how the checkpoint stores its weights. Layouts follow the
// loaders in vLLM (awq.py, gptq_marlin.py, fp8.py, compressed_tensors) and bitsandbytes
// (functional.py); see docs/engines.md "Quantised weights".
#include "quantization.hpp"

#include "llmsize/suggest.hpp"

namespace llmsize {

namespace {

std::string group_text(std::uint64_t group) {
    return group > 0 ? ", group " + std::to_string(group) : ", per-channel scales";
}

// Integer weights with a 16-bit scale (+ a zero point of the same bit width) per group.
WeightFormat integer_format(std::string_view method, std::uint64_t bits, std::uint64_t group,
                            const FieldReader& config) {
    WeightFormat format;
    if (bits == 4) {
        format.dtype = Dtype::int4;
    } else if (bits == 8) {
        format.dtype = Dtype::int8;
    } else {
        config.fail("bits",
                    "must be 4 or 8 for " + std::string(method) + ", got " + std::to_string(bits));
    }
    format.group_size = group;
    format.group_overhead_bits = group > 0 ? 16 + bits : 0;
    format.embeddings_16bit = true;
    format.description = std::string(method) + " int" + std::to_string(bits) + group_text(group) +
                         " (16-bit scale and " + std::to_string(bits) +
                         "-bit zero per group), embeddings and output layer at 16 bits";
    return format;
}

// group_size: -1 or absent means one scale per output channel (negligible, not counted).
std::uint64_t group_of(const FieldReader& config, std::string_view key) {
    const nlohmann::json* value = config.raw(key);
    if (value == nullptr || (value->is_number_integer() && value->get<std::int64_t>() < 0))
        return 0;
    return config.positive(key, 1 << 20);
}

}  // namespace

std::optional<WeightFormat> weight_format_from_config(const FieldReader& config) {
    const std::optional<FieldReader> quantization = config.optional_object("quantization_config");
    if (!quantization) return std::nullopt;
    const std::string method = to_lower(quantization->optional_string("quant_method").value_or(""));
    if (method == "awq" || method == "gptq") {
        return integer_format(method == "awq" ? "AWQ" : "GPTQ", quantization->positive("bits", 64),
                              group_of(*quantization, "group_size"), *quantization);
    }
    if (method == "fp8" || method == "fbgemm_fp8") {
        WeightFormat format = default_weight_format(Dtype::fp8);
        format.description = "fp8";
        if (const nlohmann::json* block = quantization->raw("weight_block_size");
            block != nullptr && block->is_array() && block->size() == 2 &&
            (*block)[0].is_number_unsigned() && (*block)[1].is_number_unsigned()) {
            // DeepSeek-V3 style: one fp32 weight_scale_inv per block.
            format.block_elements =
                (*block)[0].get<std::uint64_t>() * (*block)[1].get<std::uint64_t>();
            format.scale_bits_per_block = 32;
            format.description += ", one fp32 scale per " +
                                  std::to_string((*block)[0].get<std::uint64_t>()) + " x " +
                                  std::to_string((*block)[1].get<std::uint64_t>()) + " block";
        }
        format.description += ", embeddings and output layer at 16 bits";
        return format;
    }
    if (method == "compressed-tensors") {
        const std::optional<FieldReader> groups = quantization->optional_object("config_groups");
        if (!groups) quantization->fail("config_groups", "is missing for compressed-tensors");
        const nlohmann::json* all = quantization->raw("config_groups");
        for (const auto& [name, group] : all->items()) {
            const std::optional<FieldReader> scheme = groups->optional_object(name);
            const std::optional<FieldReader> weights =
                scheme ? scheme->optional_object("weights") : std::nullopt;
            if (!weights) continue;
            const std::uint64_t bits = weights->positive("num_bits", 64);
            const std::string type = weights->optional_string("type").value_or("int");
            if (type == "float" && bits == 8) {
                WeightFormat format = default_weight_format(Dtype::fp8);
                format.description =
                    "compressed-tensors fp8, embeddings and output layer at 16 bits";
                return format;
            }
            return integer_format("compressed-tensors", bits, group_of(*weights, "group_size"),
                                  *weights);
        }
        quantization->fail("config_groups", "has no weights scheme");
    }
    if (method == "mxfp4") {
        // OCP MXFP4 (gpt-oss): 4-bit e2m1 weights with one 8-bit e8m0 scale per 32, on the
        // experts' weight matrices only (modules_to_not_convert: attention, router, embeddings,
        // lm_head); 4.25 bits per expert weight, the rest bf16.
        (void)quantization->raw("modules_to_not_convert");
        WeightFormat format = default_weight_format(Dtype::int4);
        format.group_size = 32;
        format.group_overhead_bits = 8;
        format.embeddings_16bit = false;
        format.experts_only = true;
        format.float4 = true;
        format.description =
            "MXFP4 experts (4 bits + an 8-bit scale per 32 weights), other tensors at 16 bits";
        return format;
    }
    if (method == "bitsandbytes") {
        if (quantization->boolean_or("load_in_4bit", false)) {
            // nf4/fp4: one fp32 absmax per 64 weights (bitsandbytes functional.py): 4.5 bits.
            WeightFormat format = default_weight_format(Dtype::int4);
            format.group_size = 64;
            format.group_overhead_bits = 32;
            format.description =
                "bitsandbytes 4-bit, one fp32 absmax per 64 weights, embeddings and "
                "output layer at 16 bits";
            return format;
        }
        if (quantization->boolean_or("load_in_8bit", false)) {
            WeightFormat format = default_weight_format(Dtype::int8);
            format.description = "bitsandbytes int8, embeddings and output layer at 16 bits";
            return format;
        }
    }
    return std::nullopt;
}

}  // namespace llmsize
