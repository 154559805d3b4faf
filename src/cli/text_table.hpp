// A minimal column-aligned text table on top of fmt: header row, right-aligned numbers.
// (No table library is packaged for Debian; this stays a few lines on purpose.)
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "llmsize/units.hpp"

namespace llmsize::cli {

class TextTable {
  public:
    enum class Align { left, right };
    // Columns that are never dropped to fit a width.
    static constexpr int k_keep_always = 1'000;
    // `short_header` replaces the header when the table must fit a narrow width; columns with the
    // lowest `keep` are dropped first when even the short headers do not fit.
    void add_column(std::string header, Align align, std::string short_header = "",
                    int keep = k_keep_always);
    void add_row(std::vector<std::string> cells);
    void print(std::ostream& out, std::string_view indent = "") const;
    // Prints within `width` columns: full headers when they fit, else the short headers, then
    // without the least important columns until it fits. Returns the headers it dropped.
    std::vector<std::string> print_fitted(std::ostream& out, std::size_t width) const;
    // RFC 4180 CSV (full headers, every column) and a GitHub-flavoured Markdown table.
    void print_csv(std::ostream& out) const;
    void print_markdown(std::ostream& out) const;

  private:
    struct Column {
        std::string header;
        std::string short_header;
        Align align;
        int keep;
    };
    std::size_t width_of(const std::vector<std::size_t>& shown, bool short_headers) const;
    void print_columns(std::ostream& out, const std::vector<std::size_t>& shown, bool short_headers,
                       std::string_view indent) const;
    std::vector<Column> m_columns;
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

// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);
// One Markdown table cell: each '|' escaped.
std::string markdown_cell(std::string_view text);

// Numbers for tables: the core's units module (include/llmsize/units.hpp) under the names the
// renderers use. 80566 → "80,566"; bytes → "26.00" GB or GiB; 13015864320 → "13.02 B".
using units::group_digits;
inline std::string format_gb(std::int64_t bytes) {
    return units::gb_number(bytes);
}
inline std::string format_gib(std::int64_t bytes) {
    return units::gib_number(bytes);
}
inline std::string format_param_count(std::uint64_t parameters) {
    return units::param_count_text(parameters);
}

}  // namespace llmsize::cli
