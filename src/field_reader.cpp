#include "field_reader.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "llmsize/error.hpp"

namespace llmsize {

namespace {
std::string_view kind_of(const nlohmann::json& value) {
    switch (value.type()) {
        case nlohmann::json::value_t::object:
            return "an object";
        case nlohmann::json::value_t::array:
            return "an array";
        case nlohmann::json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case nlohmann::json::value_t::null:
            return "null";
        default:
            return "a value";
    }
}

// Reads an integer that JSON wrote as an integer or as a whole-valued number ("4096.0").
std::optional<std::int64_t> as_integer(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(INT64_MAX)) return INT64_MAX;
        return static_cast<std::int64_t>(number);
    }
    if (value.is_number_integer()) return value.get<std::int64_t>();
    if (value.is_number_float()) {
        const double number = value.get<double>();
        if (std::isfinite(number) && std::floor(number) == number) {
            // Beyond 2^62 the exact value no longer matters: every bound is far below.
            if (number > 4.0e18) return INT64_MAX;
            if (number < -4.0e18) return INT64_MIN;
            return static_cast<std::int64_t>(number);
        }
    }
    return std::nullopt;
}
// The bound on `key`: k_max_layers for layer counts, `max` otherwise.
std::uint64_t bound_for(std::string_view key, std::uint64_t max) {
    const bool counts_layers = key.ends_with("layers") || key == "n_layer";
    return counts_layers ? std::min(max, k_max_layers) : max;
}
}  // namespace

std::string describe_json_value(const nlohmann::json& value) {
    if (value.is_string()) {
        return "got \"" + printable_excerpt(value.get_ref<const std::string&>(), 40) + "\"";
    }
    if (value.is_number()) return "got " + value.dump();
    return "got " + std::string(kind_of(value));
}

FieldReader::FieldReader(const nlohmann::json& object, std::string context, std::string prefix)
    : m_object(&object), m_context(std::move(context)), m_prefix(std::move(prefix)) {}

void FieldReader::track_used_keys() {
    m_used = std::make_shared<std::set<std::string>>();
}

const nlohmann::json* FieldReader::raw(std::string_view key) const {
    if (!m_object->is_object()) return nullptr;
    const auto it = m_object->find(key);
    if (it == m_object->end() || it->is_null()) return nullptr;
    if (m_used) m_used->insert(m_prefix + std::string(key));
    return &*it;
}

bool FieldReader::has(std::string_view key) const {
    if (!m_object->is_object()) return false;
    const auto it = m_object->find(key);
    return it != m_object->end() && !it->is_null();
}

bool FieldReader::is_null(std::string_view key) const {
    if (!m_object->is_object()) return false;
    const auto it = m_object->find(key);
    return it != m_object->end() && it->is_null();
}

void FieldReader::fail(std::string_view key, std::string_view message) const {
    throw Error(m_context + ": '" + m_prefix + std::string(key) + "' " + std::string(message));
}

void FieldReader::fail(std::string_view message) const {
    throw Error(m_context + ": " + std::string(message));
}

std::optional<std::uint64_t> FieldReader::optional_positive(std::string_view key,
                                                            std::uint64_t max) const {
    max = bound_for(key, max);
    const nlohmann::json* value = raw(key);
    if (value == nullptr) return std::nullopt;
    const std::optional<std::int64_t> number = as_integer(*value);
    if (!number || *number <= 0)
        fail(key, "must be a positive integer, " + describe_json_value(*value));
    if (static_cast<std::uint64_t>(*number) > max) {
        fail(key, "must be at most " + std::to_string(max) + ", " + describe_json_value(*value));
    }
    return static_cast<std::uint64_t>(*number);
}

std::uint64_t FieldReader::positive(std::string_view key, std::uint64_t max) const {
    const std::optional<std::uint64_t> value = optional_positive(key, max);
    if (!value) fail(key, "is missing; it must be a positive integer");
    return *value;
}

std::uint64_t FieldReader::positive_or(std::string_view key, std::uint64_t fallback,
                                       std::uint64_t max) const {
    return optional_positive(key, max).value_or(fallback);
}

std::uint64_t FieldReader::non_negative_or(std::string_view key, std::uint64_t fallback,
                                           std::uint64_t max) const {
    max = bound_for(key, max);
    const nlohmann::json* value = raw(key);
    if (value == nullptr) return fallback;
    const std::optional<std::int64_t> number = as_integer(*value);
    if (!number || *number < 0) {
        fail(key, "must be a non-negative integer, " + describe_json_value(*value));
    }
    if (static_cast<std::uint64_t>(*number) > max) {
        fail(key, "must be at most " + std::to_string(max) + ", " + describe_json_value(*value));
    }
    return static_cast<std::uint64_t>(*number);
}

bool FieldReader::boolean_or(std::string_view key, bool fallback) const {
    const nlohmann::json* value = raw(key);
    if (value == nullptr) return fallback;
    if (!value->is_boolean()) fail(key, "must be true or false, " + describe_json_value(*value));
    return value->get<bool>();
}

std::optional<std::string> FieldReader::optional_string(std::string_view key) const {
    const nlohmann::json* value = raw(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) fail(key, "must be a string, " + describe_json_value(*value));
    return value->get<std::string>();
}

std::string FieldReader::string(std::string_view key) const {
    std::optional<std::string> value = optional_string(key);
    if (!value) fail(key, "is missing; it must be a string");
    return *value;
}

std::optional<double> FieldReader::optional_non_negative_number(std::string_view key) const {
    const nlohmann::json* value = raw(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_number() || !std::isfinite(value->get<double>()) || value->get<double>() < 0) {
        fail(key, "must be a non-negative number, " + describe_json_value(*value));
    }
    return value->get<double>();
}

std::optional<FieldReader> FieldReader::optional_object(std::string_view key) const {
    const nlohmann::json* value = raw(key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_object()) fail(key, "must be an object, " + describe_json_value(*value));
    FieldReader nested(*value, m_context, m_prefix + std::string(key) + ".");
    nested.m_used = m_used;
    return nested;
}

}  // namespace llmsize
