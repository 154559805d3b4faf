// model_from_gguf: the KV layout from GGUF metadata, read the way llama.cpp's llama-model.cpp
// reads it (research notes: engines.md §4.5).
#include <algorithm>
#include <array>
#include <string>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"
#include "llmsize/gguf.hpp"

namespace llmsize {

namespace {

// Largest block_count accepted: per-layer arrays are expanded to this many entries.
constexpr std::uint64_t k_max_gguf_layers = k_max_layers;
static_assert(k_max_layers <= k_max_gguf_kept_array_length);

// Which layers use the sliding window, for architectures whose GGUF does not say: llama.cpp sets
// it in code with `hparams.set_swa_pattern(period)`, under which layer il slides unless
// il % period == period - 1 (src/llama-hparams.cpp; periods from src/llama-model.cpp).
struct SlidingPattern {
    std::string_view architecture;
    std::uint64_t period;
};
constexpr std::array k_sliding_patterns{
    SlidingPattern{"gemma2", 2},
    SlidingPattern{"gemma3", 6},
    SlidingPattern{"gemma3n", 5},
    SlidingPattern{"cohere2", 4},
};

class MetadataReader {
  public:
    MetadataReader(const GgufSummary& gguf, std::string architecture)
        : m_gguf(gguf),
          m_architecture(std::move(architecture)),
          m_context(reading_context(gguf.path)) {}

    std::string key(std::string_view suffix) const {
        return m_architecture + "." + std::string(suffix);
    }

    const GgufValue* find(std::string_view suffix) const {
        const auto it = m_gguf.metadata.find(key(suffix));
        return it == m_gguf.metadata.end() ? nullptr : &it->second;
    }

    [[noreturn]] void fail(std::string_view suffix, std::string_view message) const {
        throw Error(m_context + ": GGUF metadata '" + key(suffix) + "' " + std::string(message));
    }

    std::optional<std::uint64_t> optional_unsigned(std::string_view suffix) const {
        const GgufValue* value = find(suffix);
        if (value == nullptr) return std::nullopt;
        const std::optional<std::uint64_t> number = value->as_unsigned();
        if (!number) fail(suffix, "must be a non-negative integer");
        return number;
    }

    std::uint64_t positive(std::string_view suffix) const {
        const std::optional<std::uint64_t> number = optional_unsigned(suffix);
        if (!number) fail(suffix, "is missing");
        if (*number == 0) fail(suffix, "must be a positive integer, got 0");
        return *number;
    }

    // A number for every layer, or one entry per layer; nullopt when absent.
    std::optional<std::vector<std::uint64_t>> per_layer(std::string_view suffix,
                                                        std::uint64_t layers) const {
        const GgufValue* value = find(suffix);
        if (value == nullptr) return std::nullopt;
        if (value->type != GgufValueType::array) {
            const std::optional<std::uint64_t> number = value->as_unsigned();
            if (!number) fail(suffix, "must be a non-negative integer or an array of them");
            return std::vector<std::uint64_t>(static_cast<std::size_t>(layers), *number);
        }
        if (!value->integers || value->length != layers) {
            fail(suffix, "must be an integer or an array of " + std::to_string(layers) +
                             " integers (one per layer), got an array of " +
                             std::to_string(value->length));
        }
        std::vector<std::uint64_t> numbers;
        for (const std::int64_t number : *value->integers) {
            if (number < 0) fail(suffix, "must not hold negative numbers");
            numbers.push_back(static_cast<std::uint64_t>(number));
        }
        return numbers;
    }

    const std::string& context() const { return m_context; }

  private:
    const GgufSummary& m_gguf;
    std::string m_architecture;
    std::string m_context;
};

// Which layers slide: from `.attention.sliding_window_pattern` (a period, or one flag per layer)
// when present, else from llama.cpp's per-architecture period. nullopt when unknown.
std::optional<std::vector<bool>> sliding_layers(const MetadataReader& reader,
                                                std::string_view architecture,
                                                std::uint64_t layers) {
    std::optional<std::uint64_t> period;
    if (const GgufValue* pattern = reader.find("attention.sliding_window_pattern")) {
        if (pattern->type == GgufValueType::array) {
            const auto flags = reader.per_layer("attention.sliding_window_pattern", layers);
            std::vector<bool> sliding;
            for (const std::uint64_t flag : *flags)
                sliding.push_back(flag != 0);
            return sliding;
        }
        period = reader.optional_unsigned("attention.sliding_window_pattern");
    } else {
        for (const SlidingPattern& entry : k_sliding_patterns) {
            if (entry.architecture == architecture) period = entry.period;
        }
    }
    if (!period) return std::nullopt;
    std::vector<bool> sliding;
    for (std::uint64_t layer = 0; layer < layers; ++layer) {
        sliding.push_back(*period == 0 || layer % *period < *period - 1);
    }
    return sliding;
}

// Adds `layers` layers of `shape` to the group with that shape, or starts one.
void add_layer(std::vector<KvLayerGroup>& groups, KvLayerGroup shape) {
    for (KvLayerGroup& group : groups) {
        if (group.kind == shape.kind && group.kv_heads == shape.kv_heads &&
            group.key_dim == shape.key_dim && group.value_dim == shape.value_dim &&
            group.window_tokens == shape.window_tokens) {
            ++group.layers;
            return;
        }
    }
    shape.layers = 1;
    groups.push_back(shape);
}

}  // namespace

ModelSpec model_from_gguf(const GgufSummary& gguf) {
    const std::string context = reading_context(gguf.path);
    if (!gguf.architecture) {
        throw Error(context + ": GGUF metadata 'general.architecture' is missing");
    }
    const std::string& architecture = *gguf.architecture;
    const MetadataReader reader(gguf, architecture);

    ModelSpec model;
    model.name = gguf.name;
    model.architecture = architecture;
    model.parameters = gguf.parameters;
    model.layers = reader.positive("block_count");
    if (model.layers > k_max_gguf_layers) {
        reader.fail("block_count", "is " + std::to_string(model.layers) +
                                       ", more than llmsize's limit of " +
                                       std::to_string(k_max_gguf_layers));
    }
    model.hidden_size = reader.positive("embedding_length");
    model.max_position_embeddings = reader.optional_unsigned("context_length");
    model.max_context_tokens = model.max_position_embeddings;
    if (model.max_context_tokens) model.context_rule = "GGUF context_length";

    const auto heads = reader.per_layer("attention.head_count", model.layers);
    if (!heads) reader.fail("attention.head_count", "is missing");
    // n_head_kv defaults to n_head (llama-model.cpp: `hparams.n_head_kv_arr = hparams.n_head_arr`).
    const std::vector<std::uint64_t> kv_heads =
        reader.per_layer("attention.head_count_kv", model.layers).value_or(*heads);
    model.attention_heads = *std::max_element(heads->begin(), heads->end());
    model.kv_heads = *std::max_element(kv_heads.begin(), kv_heads.end());

    // key/value_length default to n_embd / n_head, with n_head of layer 0 (llama-model.cpp).
    const auto head_length = [&](std::string_view suffix) {
        if (const auto given = reader.optional_unsigned(suffix)) {
            if (*given == 0) reader.fail(suffix, "must be a positive integer, got 0");
            return *given;
        }
        if (heads->front() == 0) reader.fail(suffix, "is missing and layer 0 has no heads");
        if (model.hidden_size < heads->front()) {
            reader.fail(suffix, "is missing, and embedding_length " +
                                    std::to_string(model.hidden_size) + " / head_count " +
                                    std::to_string(heads->front()) +
                                    " of layer 0 gives a head dimension of 0");
        }
        return model.hidden_size / heads->front();
    };
    const std::uint64_t key_dim = head_length("attention.key_length");
    const std::uint64_t value_dim = head_length("attention.value_length");
    model.head_dim = key_dim;

    if (const auto vocab = reader.optional_unsigned("vocab_size")) {
        model.vocab_size = vocab;
    } else if (const auto tokens = gguf.metadata.find("tokenizer.ggml.tokens");
               tokens != gguf.metadata.end() && tokens->second.type == GgufValueType::array) {
        model.vocab_size = tokens->second.length;
    }

    // DeepSeek-style latent attention: one compressed latent plus the rope key per token.
    const std::uint64_t kv_lora_rank =
        reader.optional_unsigned("attention.kv_lora_rank").value_or(0);
    const std::uint64_t rope_dim = reader.optional_unsigned("rope.dimension_count").value_or(0);

    const std::uint64_t window = reader.optional_unsigned("attention.sliding_window").value_or(0);
    std::optional<std::vector<bool>> sliding;
    if (window > 0 && kv_lora_rank == 0) {
        sliding = sliding_layers(reader, architecture, model.layers);
        if (!sliding) {
            model.notes.push_back(
                "'" + reader.key("attention.sliding_window") + "' is " + std::to_string(window) +
                ", but which layers use it is not known for architecture '" + architecture +
                "': every layer is sized as full attention (an upper bound)");
        }
    }

    std::uint64_t layers_without_attention = 0;
    for (std::size_t layer = 0; layer < kv_heads.size(); ++layer) {
        if (kv_heads[layer] == 0) {
            ++layers_without_attention;
            continue;
        }
        KvLayerGroup shape;
        if (kv_lora_rank > 0) {
            shape.kind = LayerKind::latent_attention;
            shape.kv_heads = 1;
            shape.key_dim = checked_add(kv_lora_rank, rope_dim, context + ": latent size");
            shape.value_dim = 0;
        } else {
            const bool slides = sliding && (*sliding)[layer];
            shape.kind = slides ? LayerKind::sliding_attention : LayerKind::full_attention;
            shape.kv_heads = kv_heads[layer];
            shape.key_dim = key_dim;
            shape.value_dim = value_dim;
            shape.window_tokens = slides ? window : 0;
        }
        add_layer(model.kv_layers, shape);
    }
    if (kv_lora_rank > 0) {
        model.notes.push_back("latent attention: " + std::to_string(kv_lora_rank) + " latent + " +
                              std::to_string(rope_dim) +
                              " rope elements per token and layer, a K-only cache");
    }
    if (layers_without_attention > 0) {
        model.notes.push_back(std::to_string(layers_without_attention) + " of " +
                              std::to_string(model.layers) + " layers have no KV cache ('" +
                              reader.key("attention.head_count_kv") +
                              "' is 0); any recurrent state they keep is not sized");
    }
    if (const auto experts = reader.optional_unsigned("expert_count"); experts && *experts > 0) {
        model.notes.push_back("mixture of experts (" + std::to_string(*experts) +
                              " experts): every expert's weights are counted; the active "
                              "parameter count is not derived from GGUF");
    }
    return model;
}

}  // namespace llmsize
