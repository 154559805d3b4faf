// JSON text to a document with bounded memory: a SAX handler builds the DOM itself, counting every
// value and refusing past k_max_json_values or k_max_json_depth the moment it is reached, and
// skipping the one subtree a reader does not need (safetensors' `__metadata__`). nlohmann's own
// DOM parser grows without limit, and its destructor allocates while unwinding from bad_alloc.
#include <new>
#include <nlohmann/json.hpp>
#include <vector>

#include "input_file.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"

namespace llmsize {

namespace {

using Json = nlohmann::json;

// Line and column (1-based) of a byte offset, for parse errors.
std::string position_of(std::string_view text, std::size_t byte) {
    byte = std::min(byte, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i + 1 < byte; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

enum class Stop { none, too_deep, too_many_values, syntax, number_range };

class BoundedBuilder {
  public:
    BoundedBuilder(Json& root, const JsonReadLimits& limits) : m_root(root), m_limits(limits) {}

    bool null() { return add(Json(nullptr)); }
    bool boolean(bool value) { return add(Json(value)); }
    bool number_integer(Json::number_integer_t value) { return add(Json(value)); }
    bool number_unsigned(Json::number_unsigned_t value) { return add(Json(value)); }
    bool number_float(Json::number_float_t value, const std::string&) { return add(Json(value)); }
    bool string(Json::string_t& value) {
        if (m_skip_depth > 0) return true;
        return add(Json(std::move(value)));
    }
    bool binary(Json::binary_t&) { return add(Json(nullptr)); }  // JSON text has none

    bool start_object(std::size_t) { return open(Json::object()); }
    bool start_array(std::size_t) { return open(Json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& name) {
        if (m_skip_depth > 0) return true;
        if (m_stack.size() == 1 && !m_limits.skipped_top_level_key.empty() &&
            name == m_limits.skipped_top_level_key) {
            m_skip_next = true;
        }
        m_key = std::move(name);
        return true;
    }

    bool parse_error(std::size_t byte, const std::string&, const nlohmann::detail::exception& e) {
        m_error_byte = byte;
        m_stop = e.id == 406 ? Stop::number_range : Stop::syntax;  // 406: number out of range
        return false;
    }

    Stop stop() const { return m_stop; }
    std::size_t error_byte() const { return m_error_byte; }

  private:
    bool count() {
        if (++m_values > m_limits.max_values) {
            m_stop = Stop::too_many_values;
            return false;
        }
        return true;
    }

    bool add(Json&& value) {
        if (m_skip_depth > 0) return true;
        if (!count()) return false;
        if (m_skip_next) {
            m_skip_next = false;  // a scalar where a skipped subtree was expected: keep it
        }
        place(std::move(value));
        return true;
    }

    bool open(Json&& container) {
        if (m_depth >= k_max_json_depth) {
            m_stop = Stop::too_deep;
            return false;
        }
        ++m_depth;
        if (m_skip_depth > 0 || m_skip_next) {
            if (m_skip_next) {
                m_skip_next = false;
                if (!count()) return false;
                place(std::move(container));  // kept empty
            }
            ++m_skip_depth;
            return true;
        }
        if (!count()) return false;
        m_stack.push_back(place(std::move(container)));
        return true;
    }

    bool close() {
        --m_depth;
        if (m_skip_depth > 0) {
            --m_skip_depth;
            return true;
        }
        m_stack.pop_back();
        return true;
    }

    Json* place(Json&& value) {
        if (m_stack.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        Json& parent = *m_stack.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        Json& slot = parent[m_key];
        slot = std::move(value);
        return &slot;
    }

    Json& m_root;
    const JsonReadLimits& m_limits;
    std::vector<Json*> m_stack;  // open containers being built; at most k_max_json_depth
    std::string m_key;
    std::uint64_t m_values = 0;
    int m_depth = 0;
    int m_skip_depth = 0;  // > 0 inside the skipped subtree
    bool m_skip_next = false;
    Stop m_stop = Stop::none;
    std::size_t m_error_byte = 0;
};

}  // namespace

Json parse_json_text(std::string_view text, std::string_view origin, const JsonReadLimits& limits) {
    const std::string context = reading_context(origin);
    Json document;
    Stop stop = Stop::none;
    std::size_t error_byte = 0;
    try {
        BoundedBuilder builder(document, limits);
        Json::sax_parse(text.begin(), text.end(), &builder);
        stop = builder.stop();
        error_byte = builder.error_byte();
    } catch (const std::bad_alloc&) {
        stop = Stop::none;
        document = Json();  // frees what was built, from outside the handler
        throw Error(context + ": out of memory while reading the JSON");
    }
    switch (stop) {
        case Stop::none:
            return document;
        case Stop::too_deep:
            throw Error(context + ": JSON nested deeper than " + std::to_string(k_max_json_depth) +
                        " levels");
        case Stop::too_many_values:
            throw Error(context + ": JSON holds more than " + std::to_string(limits.max_values) +
                        " values, the most llmsize reads from such a file");
        case Stop::number_range:
            throw Error(context + ": a number is too large to read (beyond 1.8e308)");
        case Stop::syntax:
            break;
    }
    throw Error(context + ": not valid JSON (" + position_of(text, error_byte) + ")");
}

std::string read_file_bounded(const std::filesystem::path& path, std::uintmax_t max_bytes) {
    const std::string context = reading_context(path.string());
    RegularFile file = open_regular_file(path, context);
    if (file.bytes > max_bytes) {
        throw Error(context + ": larger than " + std::to_string(max_bytes / 1024) +
                    " KiB, the most llmsize reads from such a file");
    }
    return read_stream_bounded(file.stream, max_bytes, context);
}

}  // namespace llmsize
