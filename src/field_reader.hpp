// Typed, bounded reads of JSON objects with errors that name the file and the key:
//   reading 'x/config.json': 'num_key_value_heads' must be a positive integer, got "8"
// Internal to the core library: config.json, catalogs, the presets, data/accelerators.json and
// the safetensors index are read through it.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "llmsize/model.hpp"

namespace llmsize {

// Largest value any size key may take (hidden size, vocabulary, ...): 2^32.
inline constexpr std::uint64_t k_max_config_integer = std::uint64_t{1} << 32;
// Keys whose name ends in "layers" (num_hidden_layers, n_layer's kin, num_decoder_layers,
// max_window_layers, ...) count layers, which adapters loop over: they are capped at k_max_layers
// (include/llmsize/model.hpp), as GGUF's block_count is, whatever `max` a caller passes.

class FieldReader {
  public:
    // `context` prefixes every error ("reading 'config.json'"); `prefix` prefixes key names
    // ("text_config.") for nested objects.
    FieldReader(const nlohmann::json& object, std::string context, std::string prefix = "");

    // Records the key names read from now on, in this reader and the nested ones it hands out.
    void track_used_keys();

    // Present and not null.
    bool has(std::string_view key) const;
    // Present and null: for keys whose class default applies only when they are absent
    // (exaone4's "sliding_window": absent 4096, null none).
    bool is_null(std::string_view key) const;

    // A required positive integer no larger than `max`.
    std::uint64_t positive(std::string_view key, std::uint64_t max = k_max_config_integer) const;
    // Absent or null: `fallback`; otherwise a positive integer.
    std::uint64_t positive_or(std::string_view key, std::uint64_t fallback,
                              std::uint64_t max = k_max_config_integer) const;
    // Absent or null: nullopt; otherwise a positive integer.
    std::optional<std::uint64_t> optional_positive(std::string_view key,
                                                   std::uint64_t max = k_max_config_integer) const;
    // Absent or null: `fallback`; otherwise an integer ≥ 0.
    std::uint64_t non_negative_or(std::string_view key, std::uint64_t fallback,
                                  std::uint64_t max = k_max_config_integer) const;
    // Absent or null: `fallback`; otherwise true or false.
    bool boolean_or(std::string_view key, bool fallback) const;
    // Absent or null: nullopt; otherwise a string.
    std::optional<std::string> optional_string(std::string_view key) const;
    // A required string.
    std::string string(std::string_view key) const;
    // Absent or null: nullopt; otherwise a finite number ≥ 0.
    std::optional<double> optional_non_negative_number(std::string_view key) const;
    // A nested object (absent or null: nullopt).
    std::optional<FieldReader> optional_object(std::string_view key) const;
    // The raw value, or nullptr when absent or null. Marks the key as used.
    const nlohmann::json* raw(std::string_view key) const;

    // Throws Error "<context>: '<prefix><key>' <message>".
    [[noreturn]] void fail(std::string_view key, std::string_view message) const;
    // Throws Error "<context>: <message>".
    [[noreturn]] void fail(std::string_view message) const;

    const std::string& context() const { return m_context; }
    // Keys read since track_used_keys() (for "sized with the generic formula from keys ..." notes).
    std::set<std::string> used_keys() const { return m_used ? *m_used : std::set<std::string>{}; }

  private:
    const nlohmann::json* m_object;
    std::string m_context;
    std::string m_prefix;
    std::shared_ptr<std::set<std::string>> m_used;
};

// "got \"8\"", "got -3", "got null", "got an object": how a JSON value reads in an error.
std::string describe_json_value(const nlohmann::json& value);

}  // namespace llmsize
