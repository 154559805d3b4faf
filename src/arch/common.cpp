#include <algorithm>

#include "architectures.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

namespace llmsize::arch {

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
    return checked_mul(a, b, "parameter count");
}

nlohmann::json text_config_with_defaults(const FieldReader& config, nlohmann::json defaults,
                                         std::string_view family) {
    const nlohmann::json* text = config.raw("text_config");
    if (text == nullptr)
        config.fail("text_config",
                    "is missing: " + std::string(family) + " keeps its decoder under text_config");
    if (!text->is_object())
        config.fail("text_config", "must be an object, " + describe_json_value(*text));
    defaults.update(*text);
    if (!defaults.contains("tie_word_embeddings") || defaults["tie_word_embeddings"].is_null())
        defaults["tie_word_embeddings"] = config.boolean_or("tie_word_embeddings", false);
    return defaults;
}

ModelSpec counted_model(std::uint64_t parameters, std::uint64_t inactive, const Shape& shape) {
    ModelSpec model;
    model.parameters = parameters;
    model.embedding_parameters = mul(mul(shape.vocab, shape.hidden), shape.tied ? 1 : 2);
    if (inactive > 0) model.active_parameters = parameters - inactive;
    model.layers = shape.layers;
    model.hidden_size = shape.hidden;
    model.attention_heads = shape.heads;
    model.kv_heads = shape.kv_heads;
    model.head_dim = shape.head_dim;
    model.vocab_size = shape.vocab;
    return model;
}

ParamCount mamba1_mixer(const Mamba1Shape& shape) {
    ParamCount mixer;
    mixer.linear(shape.hidden, mul(shape.d_inner, 2), shape.proj_bias);  // in_proj
    mixer.add(mul(shape.d_inner, shape.d_conv));                         // conv1d (depthwise)
    if (shape.conv_bias) mixer.add(shape.d_inner);
    mixer.linear(shape.d_inner, shape.dt_rank + 2 * shape.d_state);  // x_proj
    mixer.linear(shape.dt_rank, shape.d_inner, true);                // dt_proj
    mixer.add(mul(shape.d_inner, shape.d_state));                    // A_log
    mixer.add(shape.d_inner);                                        // D
    mixer.linear(shape.d_inner, shape.hidden, shape.proj_bias);      // out_proj
    return mixer;
}

std::uint64_t mamba1_state_elements(const Mamba1Shape& shape) {
    return checked_add(mul(shape.d_inner, shape.d_conv - 1), mul(shape.d_inner, shape.d_state),
                       "Mamba state size");
}

ParamCount mamba2_mixer(const Mamba2Shape& shape) {
    const std::uint64_t d_inner = mul(shape.heads, shape.head_dim);
    const std::uint64_t conv_channels =
        checked_add(d_inner, mul(mul(shape.groups, shape.d_state), 2), "parameter count");
    ParamCount mixer;
    mixer.linear(shape.hidden, checked_add(d_inner, conv_channels + shape.heads, "parameter count"),
                 shape.proj_bias);                // in_proj
    mixer.add(mul(conv_channels, shape.d_conv));  // conv1d (depthwise)
    if (shape.conv_bias) mixer.add(conv_channels);
    mixer.add(mul(shape.heads, 3));                        // dt_bias, A_log, D
    if (shape.gated_norm) mixer.norm(d_inner);             // norm (gated RMSNorm)
    mixer.linear(d_inner, shape.hidden, shape.proj_bias);  // out_proj
    return mixer;
}

std::uint64_t mamba2_conv_state_elements(const Mamba2Shape& shape) {
    const std::uint64_t conv_channels = checked_add(
        mul(shape.heads, shape.head_dim), mul(mul(shape.groups, shape.d_state), 2), "state size");
    return mul(conv_channels, shape.d_conv - 1);
}

std::uint64_t mamba2_ssm_state_elements(const Mamba2Shape& shape) {
    return mul(mul(shape.heads, shape.head_dim), shape.d_state);
}

ParamCount attention_projections(std::uint64_t hidden, std::uint64_t heads, std::uint64_t kv_heads,
                                 std::uint64_t head_dim, bool qkv_bias, bool o_bias) {
    ParamCount attention;
    attention.linear(hidden, mul(heads, head_dim), qkv_bias);     // q_proj
    attention.linear(hidden, mul(kv_heads, head_dim), qkv_bias);  // k_proj
    attention.linear(hidden, mul(kv_heads, head_dim), qkv_bias);  // v_proj
    attention.linear(mul(heads, head_dim), hidden, o_bias);       // o_proj
    return attention;
}

ParamCount gated_mlp(std::uint64_t hidden, std::uint64_t intermediate, bool bias) {
    ParamCount mlp;
    mlp.linear(hidden, intermediate, bias);  // gate_proj
    mlp.linear(hidden, intermediate, bias);  // up_proj
    mlp.linear(intermediate, hidden, bias);  // down_proj
    return mlp;
}

std::vector<std::string> layer_kind_list(const FieldReader& config, std::string_view key,
                                         std::uint64_t layers,
                                         std::span<const std::string_view> allowed) {
    const nlohmann::json* types = config.raw(key);
    if (types == nullptr || !types->is_array() || types->size() != layers) {
        config.fail(
            key, "must be an array of " + std::to_string(layers) +
                     " layer kinds (one per layer), " +
                     (types == nullptr ? std::string("got nothing") : describe_json_value(*types)));
    }
    std::vector<std::string> kinds;
    for (const nlohmann::json& type : *types) {
        if (!type.is_string()) config.fail(key, "must hold strings, " + describe_json_value(type));
        const std::string kind = type.get<std::string>();
        if (std::find(allowed.begin(), allowed.end(), kind) == allowed.end()) {
            config.fail(key, "entry " + quote_value(kind) +
                                 " is a layer kind llmsize does not count for this family");
        }
        kinds.push_back(kind);
    }
    return kinds;
}

bool float32_ssm_state(const FieldReader& config, bool class_default) {
    for (const std::string_view key : {"mamba_ssm_cache_dtype", "mamba_ssm_dtype"}) {
        if (const std::optional<std::string> dtype = config.optional_string(key))
            return *dtype == "float32";
    }
    return class_default;
}

void ParamCount::add(std::uint64_t count) {
    m_total = checked_add(m_total, count, "parameter count");
}

void ParamCount::linear(std::uint64_t in, std::uint64_t out, bool bias) {
    add(mul(in, out));
    if (bias) add(out);
}

void ParamCount::norm(std::uint64_t width, bool bias) {
    add(bias ? mul(width, 2) : width);
}

void ParamCount::add_times(const ParamCount& other, std::uint64_t times) {
    add(mul(other.total(), times));
}

std::uint64_t head_dim_of(const FieldReader& config, std::uint64_t hidden, std::uint64_t heads,
                          std::string_view hidden_key, std::string_view heads_key) {
    if (const std::optional<std::uint64_t> explicit_dim = config.optional_positive("head_dim")) {
        return *explicit_dim;
    }
    if (hidden % heads != 0) {
        config.fail(hidden_key, "(" + std::to_string(hidden) + ") must be divisible by '" +
                                    std::string(heads_key) + "' (" + std::to_string(heads) +
                                    ") when 'head_dim' is not given");
    }
    return hidden / heads;
}

void check_kv_heads(const FieldReader& config, std::uint64_t heads, std::uint64_t kv_heads,
                    std::string_view kv_key) {
    if (heads % kv_heads != 0) {
        config.fail(kv_key, "(" + std::to_string(kv_heads) +
                                ") must divide the number of attention heads (" +
                                std::to_string(heads) + ")");
    }
}

}  // namespace llmsize::arch
