// A model known only by its parameter count: its KV shape is borrowed from the sizing guide's
// reference model of the nearest size class, unless shape overrides describe it.
#pragma once

#include <cstdint>
#include <optional>

#include "llmsize/model.hpp"

namespace llmsize {

// Attention layout given by hand (the CLI's --layers --hidden --heads --kv-heads --head-dim).
struct ShapeOverrides {
    std::optional<std::uint64_t> layers;
    std::optional<std::uint64_t> hidden_size;
    std::optional<std::uint64_t> attention_heads;
    std::optional<std::uint64_t> kv_heads;
    std::optional<std::uint64_t> head_dim;
    bool any() const { return layers || hidden_size || attention_heads || kv_heads || head_dim; }
};

// A full-attention decoder of `parameters` parameters. Shape values not given come from the
// guide's reference model nearest in size (named in a note); head_dim defaults to
// hidden / heads and kv_heads to heads when those are given. Throws Error when the overrides
// are inconsistent (heads not dividing hidden, kv_heads not dividing heads).
ModelSpec model_from_parameter_count(std::uint64_t parameters, const ShapeOverrides& overrides);

}  // namespace llmsize
