// A minimal column-aligned text table on top of fmt: header row, right-aligned numbers.
// (No table library is packaged for Debian; this stays a few lines on purpose.)
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace llmsize::cli {

class TextTable {
  public:
    enum class Align { left, right };
    void add_column(std::string header, Align align);
    void add_row(std::vector<std::string> cells);
    void print(std::ostream& out, std::string_view indent = "") const;

  private:
    std::vector<std::string> m_headers;
    std::vector<Align> m_aligns;
    std::vector<std::vector<std::string>> m_rows;
};

// Breaks `text` into lines of at most `width` columns at spaces: the first line starts with
// `first_prefix`, the others with `indent`. A word longer than the width stays whole on its own
// line. Columns are counted in code points, so "×" is one column.
std::vector<std::string> wrap_words(std::string_view text, std::size_t width,
                                    std::string_view first_prefix = "",
                                    std::string_view indent = "");
// Wraps every line of `text` wider than `width`; a continuation line is indented to where the
// line's last column of text starts (after a run of two or more spaces), as in --help output.
std::string wrap_help_text(std::string_view text, std::size_t width);
// Display width in columns: UTF-8 code points, not bytes.
std::size_t display_width(std::string_view text);

// 80566 → "80,566".
std::string group_digits(std::uint64_t value);
// Bytes in decimal GB / binary GiB with two decimals ("26.00").
std::string format_gb(std::int64_t bytes);
std::string format_gib(std::int64_t bytes);
// 13015864320 → "13.02 B"; 560000000 → "560.00 M".
std::string format_param_count(std::uint64_t parameters);

}  // namespace llmsize::cli
