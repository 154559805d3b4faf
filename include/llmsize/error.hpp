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

// Longest error line llmsize prints (after "llmsize: error: "); longer ones are cut with "...".
inline constexpr std::size_t k_max_error_line_bytes = 2048;

// User text as llmsize repeats it on a terminal, the one escaping rule for stdout and stderr:
// C0 controls and DEL escaped ("\n", "\t", "\x1b"), C1 controls, line separators and bidi
// overrides escaped ("\u009b", "\u202e"), bytes that are not UTF-8 escaped ("\xff"); everything
// else, valid UTF-8 included, kept. Cut after `max_bytes` of input (at a UTF-8 boundary) with
// "...". The result never holds a control character, and escaping it again changes nothing.
std::string printable_excerpt(std::string_view text, std::size_t max_bytes = k_max_quoted_bytes);

// printable_excerpt without a length cap: names, notes and table cells.
inline std::string printable_text(std::string_view text) {
    return printable_excerpt(text, std::string_view::npos);
}

// 'text', printable: how an error message names a value the user gave.
inline std::string quote_value(std::string_view text) {
    std::string result(1, '\'');  // appended, not "'" + ...: g++ 12 warns falsely (-Wrestrict)
    result += printable_excerpt(text);
    result += '\'';
    return result;
}

// "reading 'PATH'": how an error about a file's contents begins; the detail follows ": ...".
inline std::string reading_context(std::string_view origin) {
    std::string context = "reading ";  // appended, not "..." + ...: g++ 12 -Wrestrict, as above
    context += quote_value(origin);
    return context;
}

}  // namespace llmsize
