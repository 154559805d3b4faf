// Mamba and Falcon-Mamba (transformers models/mamba: modeling_mamba.py, configuration_mamba.py;
// models/falcon_mamba): attention-free. Each layer is an RMSNorm and a Mamba-1 mixer; the
// embeddings are tied unless the config says otherwise. intermediate_size is always
// expand × hidden_size (the config classes recompute it), time_step_rank "auto" is
// ⌈hidden_size / 16⌉. Falcon-Mamba's extra RMS norms on B, C and dt have no weights (non-
// persistent buffers), so both families count alike. There is no KV cache: each layer keeps a
// fixed state per sequence, whatever its length.
#include "architectures.hpp"
#include "llmsize/checked.hpp"

namespace llmsize::arch {

ModelSpec mamba(const FieldReader& config) {
    const std::uint64_t hidden = config.positive_or("hidden_size", 768);
    const std::uint64_t layers = config.positive_or("num_hidden_layers", 32);
    const std::uint64_t vocab = config.positive_or("vocab_size", 50280);
    const std::uint64_t d_state = config.positive_or("state_size", 16);
    const std::uint64_t d_conv = config.positive_or("conv_kernel", 4);
    const std::uint64_t expand = config.positive_or("expand", 2);
    const bool tied = config.boolean_or("tie_word_embeddings", true);
    (void)config.raw("intermediate_size");  // recomputed as expand × hidden_size
    std::uint64_t dt_rank = (hidden + 15) / 16;
    if (const nlohmann::json* value = config.raw("time_step_rank"); value && !value->is_string())
        dt_rank = config.positive("time_step_rank");
    const Mamba1Shape mixer{hidden,
                            mul(expand, hidden),
                            d_state,
                            d_conv,
                            dt_rank,
                            config.boolean_or("use_conv_bias", true),
                            config.boolean_or("use_bias", false)};

    ParamCount layer = mamba1_mixer(mixer);
    layer.norm(hidden);
    ParamCount total;
    total.add(mul(vocab, hidden));
    if (!tied) total.add(mul(vocab, hidden));
    total.add_times(layer, layers);
    total.norm(hidden);  // norm_f

    ModelSpec model = counted_model(total.total(), 0, {layers, hidden, 0, 0, 0, vocab, tied});
    model.recurrent_layers = layers;
    model.recurrent_state_elements_per_layer = mamba1_state_elements(mixer);
    return model;
}

}  // namespace llmsize::arch
