#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

std::uint64_t mul(std::uint64_t a, std::uint64_t b) {
    return checked_mul(a, b, "parameter count");
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
