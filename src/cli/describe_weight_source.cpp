#include "describe_weight_source.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "llmsize/error.hpp"
#include "llmsize/units.hpp"

namespace llmsize::cli {

namespace {

std::string bytes_text(std::uint64_t bytes) {
    return units::gib_text(static_cast<std::int64_t>(bytes));
}

// "BF16 14.96 GiB, F32 0.01 GiB": the bytes of each tensor type.
std::string types_text(const WeightSource& source) {
    std::string types;
    for (const TensorTypeBytes& total : source.by_type) {
        types +=
            fmt::format("{}{} {}", types.empty() ? "" : ", ", total.type, bytes_text(total.bytes));
    }
    return types;
}

}  // namespace

std::string describe_weight_source(const WeightSource& source) {
    if (source.origin == WeightOrigin::none) return "";
    if (source.origin == WeightOrigin::gguf) {
        return fmt::format(
            "weights: exact tensor bytes from the GGUF header of {} ({}; {:.2f} bits per weight)",
            quote_value(source.path), types_text(source), source.bits_per_weight.value_or(0.0));
    }
    std::string note =
        source.origin == WeightOrigin::safetensors_index
            ? fmt::format(
                  "weights: {} from model.safetensors.index.json metadata.total_size "
                  "(shards absent)",
                  bytes_text(source.total_bytes))
            : fmt::format("weights: exact tensor bytes from {} safetensors header{} ({})",
                          source.files, source.files == 1 ? "" : "s", types_text(source));
    if (source.bits_per_weight)
        note += fmt::format(", {:.2f} bits per weight", *source.bits_per_weight);
    if (source.checkpoint_parameters) {
        const auto counted = static_cast<std::int64_t>(*source.checkpoint_parameters);
        const auto configured = static_cast<std::int64_t>(source.config_parameters);
        note += fmt::format(
            "; the checkpoint holds {} parameters{}, config.json counts {} (difference {}{})",
            *source.checkpoint_parameters,
            source.quantization_scale_elements ? fmt::format(" + {} quantisation scale elements",
                                                             source.quantization_scale_elements)
                                               : "",
            source.config_parameters, counted - configured,
            counted != configured ? ": vision towers, MTP layers or buffers explain such gaps"
                                  : "");
    }
    return note;
}

}  // namespace llmsize::cli
