#include "llmsize/gguf.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <limits>
#include <set>
#include <system_error>
#include <type_traits>

#include "input_file.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

namespace llmsize {

namespace {

namespace fs = std::filesystem;

// ggml/include/ggml.h `enum ggml_type` ids; (block elements, bytes per block) from gguf-py
// gguf/constants.py GGML_QUANT_SIZES, cross-checked against the static_asserts of
// ggml/src/ggml-common.h (QK_K = 256, K_SCALE_SIZE = 12). Ids 4, 5 and 31-33, 36-38 are
// removed types; research notes: engines.md §4.6-4.7.
constexpr std::array k_ggml_types{
    GgmlType{0, "F32", 1, 4},         GgmlType{1, "F16", 1, 2},
    GgmlType{2, "Q4_0", 32, 18},      GgmlType{3, "Q4_1", 32, 20},
    GgmlType{6, "Q5_0", 32, 22},      GgmlType{7, "Q5_1", 32, 24},
    GgmlType{8, "Q8_0", 32, 34},      GgmlType{9, "Q8_1", 32, 36},
    GgmlType{10, "Q2_K", 256, 84},    GgmlType{11, "Q3_K", 256, 110},
    GgmlType{12, "Q4_K", 256, 144},   GgmlType{13, "Q5_K", 256, 176},
    GgmlType{14, "Q6_K", 256, 210},   GgmlType{15, "Q8_K", 256, 292},
    GgmlType{16, "IQ2_XXS", 256, 66}, GgmlType{17, "IQ2_XS", 256, 74},
    GgmlType{18, "IQ3_XXS", 256, 98}, GgmlType{19, "IQ1_S", 256, 50},
    GgmlType{20, "IQ4_NL", 32, 18},   GgmlType{21, "IQ3_S", 256, 110},
    GgmlType{22, "IQ2_S", 256, 82},   GgmlType{23, "IQ4_XS", 256, 136},
    GgmlType{24, "I8", 1, 1},         GgmlType{25, "I16", 1, 2},
    GgmlType{26, "I32", 1, 4},        GgmlType{27, "I64", 1, 8},
    GgmlType{28, "F64", 1, 8},        GgmlType{29, "IQ1_M", 256, 56},
    GgmlType{30, "BF16", 1, 2},       GgmlType{34, "TQ1_0", 256, 54},
    GgmlType{35, "TQ2_0", 256, 66},   GgmlType{39, "MXFP4", 32, 17},
};

constexpr std::uint32_t k_default_alignment = 32;  // docs/gguf.md: "assume it is 32"
constexpr std::size_t k_read_buffer_bytes = 64 * 1024;
// What one kept metadata entry costs beyond its key and value bytes (map node, GgufValue).
constexpr std::uint64_t k_kept_entry_overhead_bytes = 128;

std::string printable(std::string_view bytes) {
    static constexpr std::string_view k_hex = "0123456789abcdef";
    std::string text;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
            text += c;
        } else {
            text += "\\x";
            text += k_hex[byte >> 4];
            text += k_hex[byte & 0xF];
        }
    }
    return text;
}

// checked_mul and checked_add whose error context is built only when they throw, by calling
// `context`: the per-tensor checks of a header would otherwise build strings no run reads.
template <typename Context>
std::uint64_t checked_mul_lazy(std::uint64_t a, std::uint64_t b, const Context& context) {
    if (b != 0 && a > std::numeric_limits<std::uint64_t>::max() / b)
        return checked_mul(a, b, context());  // throws
    return a * b;
}
template <typename Context>
std::uint64_t checked_add_lazy(std::uint64_t a, std::uint64_t b, const Context& context) {
    if (a > std::numeric_limits<std::uint64_t>::max() - b)
        return checked_add(a, b, context());  // throws
    return a + b;
}

// Sequential little-endian reads through a fixed buffer. Every read is checked against the file
// size first, so a length field cannot make it allocate or seek past the end.
class BoundedReader {
  public:
    BoundedReader(const fs::path& path, std::string context) : m_context(std::move(context)) {
        RegularFile file = open_regular_file(path, m_context);
        m_file = std::move(file.stream);
        m_file_bytes = file.bytes;
        m_buffer.resize(k_read_buffer_bytes);
    }

    std::uint64_t position() const { return m_position; }
    std::uint64_t file_bytes() const { return m_file_bytes; }
    std::uint64_t remaining() const { return m_file_bytes - m_position; }
    const std::string& context() const { return m_context; }

    // "reading 'f': at byte 24: <message>"
    [[noreturn]] void fail_at(std::uint64_t position, std::string_view message) const {
        throw Error(m_context + ": at byte " + std::to_string(position) + ": " +
                    std::string(message));
    }

    // Throws unless `bytes` more bytes exist; `what` names what is being read, `detail` (when
    // given) completes the name. The two are joined only for an error: a header names thousands
    // of reads and fails on none of them.
    void require(std::uint64_t bytes, std::string_view what, std::string_view detail = {}) const {
        if (bytes > remaining()) {
            fail_at(m_position, std::string(what) + std::string(detail) + " needs " +
                                    std::to_string(bytes) + " bytes, but the file ends at byte " +
                                    std::to_string(m_file_bytes));
        }
    }

    void read(char* out, std::uint64_t bytes, std::string_view what, std::string_view detail = {}) {
        require(bytes, what, detail);
        while (bytes > 0) {
            if (m_buffer_next == m_buffer_end) fill(what, detail);
            const std::size_t chunk = static_cast<std::size_t>(
                std::min<std::uint64_t>(bytes, m_buffer_end - m_buffer_next));
            std::copy_n(m_buffer.data() + m_buffer_next, chunk, out);
            out += chunk;
            m_buffer_next += chunk;
            m_position += chunk;
            bytes -= chunk;
        }
    }

    void skip(std::uint64_t bytes, std::string_view what) {
        require(bytes, what);
        const std::uint64_t buffered = m_buffer_end - m_buffer_next;
        if (bytes <= buffered) {
            m_buffer_next += static_cast<std::size_t>(bytes);
        } else {
            m_buffer_next = m_buffer_end = 0;
            m_file.clear();
            m_file.seekg(static_cast<std::streamoff>(m_position + bytes));
            if (!m_file) fail_at(m_position, "cannot seek past " + std::string(what));
        }
        m_position += bytes;
    }

    // Skips up to `count` gguf_string_t values (8-byte length, then the bytes) that lie whole in
    // the buffer and are no longer than `max_bytes`, straight from the buffer: the fast path for
    // token lists and merges. Returns how many it skipped; the caller reads the rest one by one.
    std::uint64_t skip_buffered_strings(std::uint64_t count, std::uint64_t max_bytes) {
        std::uint64_t skipped = 0;
        const char* data = m_buffer.data();
        std::size_t next = m_buffer_next;
        while (skipped < count && m_buffer_end - next >= sizeof(std::uint64_t)) {
            std::uint64_t length = 0;
            if constexpr (std::endian::native == std::endian::little) {
                std::memcpy(&length, data + next, sizeof length);  // GGUF is little-endian
            } else {
                for (std::size_t i = 0; i < sizeof length; ++i)
                    length |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[next + i]))
                              << (8 * i);
            }
            if (length > max_bytes || length > m_buffer_end - next - sizeof length) break;
            next += sizeof length + static_cast<std::size_t>(length);
            ++skipped;
        }
        m_position += next - m_buffer_next;
        m_buffer_next = next;
        return skipped;
    }

    template <typename T>
    T read_le(std::string_view what, std::string_view detail = {}) {
        std::array<char, sizeof(T)> bytes{};
        read(bytes.data(), bytes.size(), what, detail);
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            value |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
        }
        if constexpr (std::is_signed_v<T>) {
            using Unsigned = std::make_unsigned_t<T>;
            return static_cast<T>(static_cast<Unsigned>(value));
        } else {
            return static_cast<T>(value);
        }
    }

    // A gguf_string_t length, checked against `max_bytes` and the bytes left in the file.
    std::uint64_t read_string_length(std::string_view what, std::uint64_t max_bytes,
                                     std::string_view limit_owner) {
        const std::uint64_t at = m_position;
        const auto length = read_le<std::uint64_t>(what, " length");
        if (length > max_bytes) {
            fail_at(at, std::string(what) + " is " + std::to_string(length) + " bytes, more than " +
                            std::string(limit_owner) + " limit of " + std::to_string(max_bytes));
        }
        if (length > remaining()) {
            fail_at(at, std::string(what) + " is " + std::to_string(length) +
                            " bytes, past the end of the file at byte " +
                            std::to_string(m_file_bytes));
        }
        return length;
    }

    std::string read_string(std::string_view what, std::uint64_t max_bytes,
                            std::string_view limit_owner) {
        const std::uint64_t length = read_string_length(what, max_bytes, limit_owner);
        std::string text(static_cast<std::size_t>(length), '\0');
        read(text.data(), length, what);
        return text;
    }

  private:
    void fill(std::string_view what, std::string_view detail) {
        m_file.read(m_buffer.data(), static_cast<std::streamsize>(
                                         std::min<std::uint64_t>(m_buffer.size(), remaining())));
        const auto got = static_cast<std::size_t>(m_file.gcount());
        if (got == 0) {
            fail_at(m_position, "read error in " + std::string(what) + std::string(detail));
        }
        m_buffer_next = 0;
        m_buffer_end = got;
    }

    std::string m_context;
    std::ifstream m_file;
    std::uint64_t m_file_bytes = 0;
    std::uint64_t m_position = 0;
    std::vector<char> m_buffer;
    std::size_t m_buffer_next = 0;
    std::size_t m_buffer_end = 0;
};

// Bytes of one fixed-size value; 0 for strings and arrays.
std::uint64_t fixed_value_bytes(GgufValueType type) {
    switch (type) {
        case GgufValueType::uint8:
        case GgufValueType::int8:
        case GgufValueType::boolean:
            return 1;
        case GgufValueType::uint16:
        case GgufValueType::int16:
            return 2;
        case GgufValueType::uint32:
        case GgufValueType::int32:
        case GgufValueType::float32:
            return 4;
        case GgufValueType::uint64:
        case GgufValueType::int64:
        case GgufValueType::float64:
            return 8;
        case GgufValueType::string:
        case GgufValueType::array:
            return 0;
    }
    return 0;
}

bool is_integer(GgufValueType type) {
    return type != GgufValueType::float32 && type != GgufValueType::float64 &&
           fixed_value_bytes(type) > 0;
}

class HeaderParser {
  public:
    HeaderParser(const fs::path& path) : m_reader(path, reading_context(path.string())) {}

    GgufSummary parse(const fs::path& path) {
        GgufSummary summary;
        summary.path = path.string();
        summary.file_bytes = m_reader.file_bytes();
        read_preamble(summary);
        const auto tensor_count = read_count("tensor count", k_max_gguf_tensor_count);
        const auto metadata_count = read_count("metadata count", k_max_gguf_metadata_count);
        for (std::uint64_t i = 0; i < metadata_count; ++i)
            read_metadata_pair(i, summary);
        apply_general_keys(summary);
        for (std::uint64_t i = 0; i < tensor_count; ++i)
            read_tensor_info(i, summary);
        place_tensor_data(summary);
        for (const auto& [id, total] : m_totals)
            summary.by_type.push_back(total);
        return summary;
    }

  private:
    void read_preamble(GgufSummary& summary) {
        std::array<char, 4> magic{};
        m_reader.read(magic.data(), magic.size(), "the magic");
        if (std::string_view(magic.data(), magic.size()) != "GGUF") {
            m_reader.fail_at(0, "not a GGUF file: the magic is \"" +
                                    printable(std::string_view(magic.data(), magic.size())) +
                                    "\", expected \"GGUF\"");
        }
        const auto version = m_reader.read_le<std::uint32_t>("the version");
        if (version != 2 && version != 3) {
            std::string message = "GGUF version " + std::to_string(version) + " is not supported";
            if (version == 1) {
                message += " (version 1 predates 64-bit counts; llmsize reads versions 2 and 3)";
            } else if ((version & 0xFFFF) == 0) {
                message += " (a big-endian file? llmsize reads little-endian versions 2 and 3)";
            } else {
                message += " (llmsize reads versions 2 and 3)";
            }
            m_reader.fail_at(4, message);
        }
        summary.version = version;
    }

    std::uint64_t read_count(std::string_view what, std::uint64_t max) {
        const std::uint64_t at = m_reader.position();
        const auto count = m_reader.read_le<std::uint64_t>(what);
        if (count > max) {
            m_reader.fail_at(at, std::string(what) + " " + std::to_string(count) +
                                     " is more than llmsize's limit of " + std::to_string(max));
        }
        return count;
    }

    void check_header_size() const {
        if (m_reader.position() > k_max_gguf_header_bytes) {
            m_reader.fail_at(m_reader.position(),
                             "metadata and tensor infos exceed llmsize's limit of " +
                                 std::to_string(k_max_gguf_header_bytes) + " bytes");
        }
    }

    GgufValueType read_value_type(const std::string& what) {
        const std::uint64_t at = m_reader.position();
        const auto id = m_reader.read_le<std::uint32_t>(what + " type");
        if (id > static_cast<std::uint32_t>(GgufValueType::float64)) {
            m_reader.fail_at(
                at, what + " has unknown value type " + std::to_string(id) + " (expected 0 to 12)");
        }
        return static_cast<GgufValueType>(id);
    }

    void read_metadata_pair(std::uint64_t index, GgufSummary& summary) {
        const std::uint64_t at = m_reader.position();
        std::string key = m_reader.read_string("metadata key " + std::to_string(index),
                                               k_max_gguf_key_bytes, "the format's");
        const std::string what = "metadata '" + printable(key) + "'";
        if (summary.metadata.contains(key)) m_reader.fail_at(at, what + " appears twice");
        GgufValue value;
        value.type = read_value_type(what);
        read_value(value, what, 0);
        const std::string* text = value.as_string();
        keep(key.size() + (text != nullptr ? text->size() : 0), what);
        summary.metadata.emplace(std::move(key), std::move(value));
        check_header_size();
    }

    // Reads one value of `value.type`; keeps it when it is a scalar or a short integer array.
    void read_value(GgufValue& value, const std::string& what, unsigned depth) {
        switch (value.type) {
            case GgufValueType::uint8:
                value.scalar = std::uint64_t{read<std::uint8_t>(what)};
                break;
            case GgufValueType::uint16:
                value.scalar = std::uint64_t{read<std::uint16_t>(what)};
                break;
            case GgufValueType::uint32:
                value.scalar = std::uint64_t{read<std::uint32_t>(what)};
                break;
            case GgufValueType::uint64:
                value.scalar = read<std::uint64_t>(what);
                break;
            case GgufValueType::int8:
                value.scalar = std::int64_t{read<std::int8_t>(what)};
                break;
            case GgufValueType::int16:
                value.scalar = std::int64_t{read<std::int16_t>(what)};
                break;
            case GgufValueType::int32:
                value.scalar = std::int64_t{read<std::int32_t>(what)};
                break;
            case GgufValueType::int64:
                value.scalar = read<std::int64_t>(what);
                break;
            case GgufValueType::boolean:
                value.scalar = read<std::uint8_t>(what) != 0;
                break;
            case GgufValueType::float32: {
                const auto bits = read<std::uint32_t>(what);
                float number = 0;
                static_assert(sizeof number == sizeof bits);
                std::memcpy(&number, &bits, sizeof number);
                value.scalar = double{number};
                break;
            }
            case GgufValueType::float64: {
                const auto bits = read<std::uint64_t>(what);
                double number = 0;
                std::memcpy(&number, &bits, sizeof number);
                value.scalar = number;
                break;
            }
            case GgufValueType::string:
                value.scalar = m_reader.read_string(what, k_max_gguf_string_bytes, "llmsize's");
                break;
            case GgufValueType::array:
                read_array(value, what, depth);
                break;
        }
    }

    // "metadata 'k' element 3 element 0": the array being read at `depth`, named only when an
    // error needs the name, so that skipping 280,000 merges builds no string per element.
    std::string array_name(const std::string& what, unsigned depth) const {
        std::string name = what;
        for (unsigned level = 0; level < depth; ++level)
            name += " element " + std::to_string(m_element_path[level]);
        return name;
    }

    // A little-endian T inside the array at `depth`; `suffix` completes its name in an error.
    template <typename T>
    T read_in_array(const std::string& what, unsigned depth, std::string_view suffix) {
        if (sizeof(T) > m_reader.remaining()) {
            m_reader.require(sizeof(T), array_name(what, depth) + std::string(suffix));
        }
        return m_reader.read_le<T>(what);
    }

    // Reads one array; keeps its values only when they are integers no more than
    // k_max_gguf_kept_array_length long. Everything else (token lists, merges, scores) is skipped
    // without allocating per element.
    void read_array(GgufValue& value, const std::string& what, unsigned depth) {
        const std::uint64_t at = m_reader.position();
        if (depth >= k_max_gguf_array_depth) {
            m_reader.fail_at(at, array_name(what, depth) +
                                     " nests arrays deeper than llmsize's limit of " +
                                     std::to_string(k_max_gguf_array_depth));
        }
        const auto type_id = read_in_array<std::uint32_t>(what, depth, " element type");
        if (type_id > static_cast<std::uint32_t>(GgufValueType::float64)) {
            m_reader.fail_at(at, array_name(what, depth) + " element has unknown value type " +
                                     std::to_string(type_id) + " (expected 0 to 12)");
        }
        value.element_type = static_cast<GgufValueType>(type_id);
        const std::uint64_t length_at = m_reader.position();
        value.length = read_in_array<std::uint64_t>(what, depth, " array length");
        if (value.length > k_max_gguf_array_length) {
            m_reader.fail_at(length_at, array_name(what, depth) + " has " +
                                            std::to_string(value.length) +
                                            " elements, more than llmsize's limit of " +
                                            std::to_string(k_max_gguf_array_length));
        }
        const std::uint64_t element_bytes = fixed_value_bytes(value.element_type);
        if (element_bytes > 0) {
            const std::uint64_t bytes = value.length * element_bytes;  // < 2^26 × 8: no overflow
            if (bytes > m_reader.remaining()) {
                m_reader.require(bytes, array_name(what, depth) + " (" +
                                            std::to_string(value.length) + " elements)");
            }
            if (depth == 0 && is_integer(value.element_type) &&
                value.length <= k_max_gguf_kept_array_length) {
                keep(value.length * sizeof(std::int64_t), what);
                value.integers = read_integers(value, what);
            } else {
                m_reader.skip(bytes, what);
            }
            return;
        }
        for (std::uint64_t i = 0; i < value.length; ++i) {
            check_header_size();
            if (value.element_type == GgufValueType::string) {
                i += m_reader.skip_buffered_strings(value.length - i, k_max_gguf_string_bytes);
                if (i == value.length) break;
            }
            m_element_path[depth] = i;
            if (value.element_type == GgufValueType::string) {
                const std::uint64_t length_at_i = m_reader.position();
                const auto length = read_in_array<std::uint64_t>(what, depth + 1, " length");
                if (length > k_max_gguf_string_bytes || length > m_reader.remaining()) {
                    m_reader.fail_at(length_at_i,
                                     array_name(what, depth + 1) + " is " + std::to_string(length) +
                                         (length > k_max_gguf_string_bytes
                                              ? " bytes, more than llmsize's limit of " +
                                                    std::to_string(k_max_gguf_string_bytes)
                                              : " bytes, past the end of the file at byte " +
                                                    std::to_string(m_reader.file_bytes())));
                }
                m_reader.skip(length, what);
            } else {
                GgufValue nested;
                nested.type = GgufValueType::array;
                read_array(nested, what, depth + 1);
            }
        }
    }

    // Counts memory that the summary keeps; refuses past k_max_gguf_kept_metadata_bytes.
    void keep(std::uint64_t bytes, const std::string& what) {
        m_kept_bytes += bytes + k_kept_entry_overhead_bytes;
        if (m_kept_bytes > k_max_gguf_kept_metadata_bytes) {
            m_reader.fail_at(m_reader.position(),
                             what + ": the metadata kept exceeds llmsize's limit of " +
                                 std::to_string(k_max_gguf_kept_metadata_bytes) + " bytes");
        }
    }

    // The elements of an integer array; nullopt when a uint64 does not fit in int64.
    std::optional<std::vector<std::int64_t>> read_integers(const GgufValue& array,
                                                           const std::string& what) {
        std::vector<std::int64_t> integers;
        integers.reserve(static_cast<std::size_t>(array.length));
        bool fits = true;
        for (std::uint64_t i = 0; i < array.length; ++i) {
            GgufValue element;
            element.type = array.element_type;
            read_value(element, what, 0);
            if (const auto* number = std::get_if<std::uint64_t>(&element.scalar)) {
                if (*number >
                    static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                    fits = false;
                }
                integers.push_back(static_cast<std::int64_t>(*number));
            } else if (const auto* signed_number = std::get_if<std::int64_t>(&element.scalar)) {
                integers.push_back(*signed_number);
            } else if (const auto* flag = std::get_if<bool>(&element.scalar)) {
                integers.push_back(*flag ? 1 : 0);
            }
        }
        if (!fits) return std::nullopt;
        return integers;
    }

    template <typename T>
    T read(std::string_view what, std::string_view detail = {}) {
        return m_reader.read_le<T>(what, detail);
    }

    void apply_general_keys(GgufSummary& summary) {
        const auto string_key = [&](std::string_view key) -> std::optional<std::string> {
            const auto it = summary.metadata.find(key);
            if (it == summary.metadata.end()) return std::nullopt;
            const std::string* text = it->second.as_string();
            if (text == nullptr) {
                throw Error(m_reader.context() + ": GGUF metadata '" + std::string(key) +
                            "' must be a string");
            }
            return *text;
        };
        summary.architecture = string_key("general.architecture");
        summary.name = string_key("general.name");
        summary.alignment_bytes = k_default_alignment;
        if (const auto it = summary.metadata.find("general.alignment");
            it != summary.metadata.end()) {
            const std::optional<std::uint64_t> alignment = it->second.as_unsigned();
            if (!alignment || *alignment == 0 || (*alignment & (*alignment - 1)) != 0 ||
                *alignment > std::numeric_limits<std::uint32_t>::max()) {
                throw Error(m_reader.context() +
                            ": GGUF metadata 'general.alignment' must be a power of two");
            }
            summary.alignment_bytes = *alignment;
        }
    }

    void read_tensor_info(std::uint64_t index, GgufSummary& summary) {
        const std::uint64_t at = m_reader.position();
        GgufTensor tensor;
        tensor.name = m_reader.read_string("tensor " + std::to_string(index) + " name",
                                           k_max_gguf_tensor_name_bytes, "ggml's");
        const std::string what = "tensor '" + printable(tensor.name) + "'";
        if (!m_tensor_names.insert(tensor.name).second) {
            m_reader.fail_at(at, what + " appears twice");
        }

        const std::uint64_t dims_at = m_reader.position();
        const auto dimensions = read<std::uint32_t>(what, " dimension count");
        if (dimensions > k_max_gguf_dimensions) {
            m_reader.fail_at(dims_at, what + " has " + std::to_string(dimensions) +
                                          " dimensions; GGUF allows at most " +
                                          std::to_string(k_max_gguf_dimensions));
        }
        const auto count_what = [&] {
            return m_reader.context() + ": " + what + ": element count";
        };
        tensor.elements = 1;
        for (std::uint32_t i = 0; i < dimensions; ++i) {
            tensor.dimensions.push_back(read<std::uint64_t>(what, " dimensions"));
            tensor.elements =
                checked_mul_lazy(tensor.elements, tensor.dimensions.back(), count_what);
        }
        if (tensor.elements >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            throw Error(count_what() + " is too large: more than 2^63 - 1, ggml's limit");
        }

        const std::uint64_t type_at = m_reader.position();
        tensor.type_id = read<std::uint32_t>(what, " type");
        const GgmlType* type = find_ggml_type(tensor.type_id);
        if (type == nullptr) {
            m_reader.fail_at(type_at,
                             what + " has unknown ggml type " + std::to_string(tensor.type_id));
        }
        const std::uint64_t row = tensor.dimensions.empty() ? 1 : tensor.dimensions.front();
        if (row % type->block_elements != 0) {
            m_reader.fail_at(type_at, what + " of type " + std::string(type->name) + " has " +
                                          std::to_string(row) +
                                          " elements per row, not a multiple of its block "
                                          "size " +
                                          std::to_string(type->block_elements));
        }
        tensor.bytes =
            checked_mul_lazy(tensor.elements / type->block_elements, type->block_bytes,
                             [&] { return m_reader.context() + ": " + what + ": byte size"; });
        tensor.offset = read<std::uint64_t>(what, " offset");

        const auto sum_what = [&] { return m_reader.context() + ": total tensor size"; };
        summary.parameters = checked_add_lazy(summary.parameters, tensor.elements, sum_what);
        summary.tensor_bytes = checked_add_lazy(summary.tensor_bytes, tensor.bytes, sum_what);
        GgufTypeTotal& total = m_totals[type->id];
        total.type = type->name;
        ++total.tensors;
        total.parameters += tensor.elements;  // no overflow: bounded by summary.parameters
        total.bytes += tensor.bytes;
        summary.tensors.push_back(std::move(tensor));
        check_header_size();
    }

    // ggml's rule: the data starts at the next alignment boundary, and each tensor starts where
    // the previous one ends, padded to the alignment.
    void place_tensor_data(GgufSummary& summary) {
        const std::uint64_t padding =
            (summary.alignment_bytes - m_reader.position() % summary.alignment_bytes) %
            summary.alignment_bytes;
        summary.data_offset = m_reader.position() + padding;
        const std::string what = m_reader.context() + ": tensor data size";
        std::uint64_t expected_offset = 0;
        for (const GgufTensor& tensor : summary.tensors) {
            if (tensor.offset != expected_offset) {
                throw Error(m_reader.context() + ": tensor '" + printable(tensor.name) +
                            "' has data offset " + std::to_string(tensor.offset) + ", expected " +
                            std::to_string(expected_offset) +
                            " (tensors follow one another, each padded to " +
                            std::to_string(summary.alignment_bytes) + " bytes)");
            }
            const std::uint64_t end = checked_add(
                checked_add(summary.data_offset, tensor.offset, what), tensor.bytes, what);
            if (end > summary.file_bytes) {
                throw Error(m_reader.context() + ": tensor '" + printable(tensor.name) +
                            "' ends at byte " + std::to_string(end) +
                            ", past the end of the file at byte " +
                            std::to_string(summary.file_bytes) + " (is the file truncated?)");
            }
            const std::uint64_t padded =
                checked_add(tensor.bytes,
                            (summary.alignment_bytes - tensor.bytes % summary.alignment_bytes) %
                                summary.alignment_bytes,
                            what);
            expected_offset = checked_add(expected_offset, padded, what);
        }
    }

    BoundedReader m_reader;
    std::array<std::uint64_t, k_max_gguf_array_depth> m_element_path{};
    std::uint64_t m_kept_bytes = 0;
    std::set<std::string> m_tensor_names;
    std::map<std::uint32_t, GgufTypeTotal> m_totals;  // by ggml type id
};

}  // namespace

std::span<const GgmlType> ggml_types() {
    return k_ggml_types;
}

const GgmlType* find_ggml_type(std::uint32_t id) {
    for (const GgmlType& type : k_ggml_types) {
        if (type.id == id) return &type;
    }
    return nullptr;
}

std::optional<std::uint64_t> GgufValue::as_unsigned() const {
    if (const auto* number = std::get_if<std::uint64_t>(&scalar)) return *number;
    if (const auto* number = std::get_if<std::int64_t>(&scalar); number && *number >= 0) {
        return static_cast<std::uint64_t>(*number);
    }
    return std::nullopt;
}

const std::string* GgufValue::as_string() const {
    return std::get_if<std::string>(&scalar);
}

GgufSummary read_gguf_header(const fs::path& path) {
    HeaderParser parser(path);
    return parser.parse(path);
}

}  // namespace llmsize
