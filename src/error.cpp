#include "llmsize/error.hpp"

#include <algorithm>
#include <cstdint>

#include "utf8.hpp"

namespace llmsize {

namespace {

constexpr std::string_view k_hex = "0123456789abcdef";

void append_byte_escape(std::string& out, unsigned char byte) {
    out += "\\x";
    out += k_hex[byte >> 4];
    out += k_hex[byte & 0x0F];
}

void append_code_point_escape(std::string& out, std::uint32_t code_point) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
        out += k_hex[(code_point >> shift) & 0x0F];
}

// Code points a terminal acts on rather than shows: C1 controls (U+009B is CSI), the line and
// paragraph separators, and the bidirectional overrides ("Trojan Source").
bool is_invisible_control(std::uint32_t code_point) {
    return (code_point >= 0x80 && code_point <= 0x9F) || code_point == 0x2028 ||
           code_point == 0x2029 || (code_point >= 0x202A && code_point <= 0x202E) ||
           (code_point >= 0x2066 && code_point <= 0x2069);
}

}  // namespace

std::size_t utf8_sequence(std::string_view text, std::size_t at, std::uint32_t& code_point) {
    const auto lead = static_cast<unsigned char>(text[at]);
    std::size_t length = 0;
    std::uint32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1Fu;
        minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0Fu;
        minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07u;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (code_point < minimum || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return 0;
    }
    return length;
}

std::string printable_excerpt(std::string_view text, std::size_t max_bytes) {
    bool cut = false;
    if (text.size() > max_bytes) {
        std::size_t end = max_bytes;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            --end;
        text = text.substr(0, end);
        cut = true;
    }
    std::string result;
    result.reserve(text.size() + 3);
    for (std::size_t at = 0; at < text.size();) {
        // Printable ASCII, nearly all of any text, is kept as it is, a run at a time.
        const auto plain_end =
            std::find_if(text.begin() + static_cast<std::ptrdiff_t>(at), text.end(), [](char c) {
                const auto byte = static_cast<unsigned char>(c);
                return byte < 0x20 || byte > 0x7E;
            });
        const auto plain = static_cast<std::size_t>(plain_end - text.begin()) - at;
        result.append(text.substr(at, plain));
        at += plain;
        if (at == text.size()) break;
        const char c = text[at];
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            std::uint32_t code_point = 0;
            const std::size_t length = utf8_sequence(text, at, code_point);
            if (length == 0) {
                append_byte_escape(result, byte);
                ++at;
            } else {
                if (is_invisible_control(code_point)) {
                    append_code_point_escape(result, code_point);
                } else {
                    result.append(text.substr(at, length));
                }
                at += length;
            }
            continue;
        }
        if (c == '\n') {
            result += "\\n";
        } else if (c == '\t') {
            result += "\\t";
        } else if (c == '\r') {
            result += "\\r";
        } else if (byte < 0x20 || byte == 0x7F) {
            append_byte_escape(result, byte);
        } else {
            result += c;
        }
        ++at;
    }
    if (cut) result += "...";
    return result;
}

}  // namespace llmsize
