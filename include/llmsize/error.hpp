// The one exception type the core library throws. Its message is a complete, user-facing
// sentence fragment ("reading 'config.json': 'num_key_value_heads' must be ..."); the CLI prints
// it after "llmsize: error: ".
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace llmsize {

class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Most bytes of one user-supplied value that an error message repeats.
inline constexpr std::size_t k_max_quoted_bytes = 200;

// User text as an error message may repeat it: control characters escaped ("\n", "\x00") so the
// message stays one line, and cut after `max_bytes` (at a UTF-8 boundary) with "...".
inline std::string printable_excerpt(std::string_view text,
                                     std::size_t max_bytes = k_max_quoted_bytes) {
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
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '\n') {
            result += "\\n";
        } else if (c == '\t') {
            result += "\\t";
        } else if (c == '\r') {
            result += "\\r";
        } else if (byte < 0x20 || byte == 0x7F) {
            constexpr std::string_view k_hex = "0123456789abcdef";
            result += "\\x";
            result += k_hex[byte >> 4];
            result += k_hex[byte & 0x0F];
        } else {
            result += c;
        }
    }
    if (cut) result += "...";
    return result;
}

// 'text', printable: how an error message names a value the user gave.
inline std::string quote_value(std::string_view text) {
    std::string result(1, '\'');  // appended, not "'" + ...: g++ 12 warns falsely (-Wrestrict)
    result += printable_excerpt(text);
    result += '\'';
    return result;
}

}  // namespace llmsize
