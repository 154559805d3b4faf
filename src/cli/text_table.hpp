// A minimal column-aligned text table on top of fmt: header row, right-aligned numbers.
// (No table library is packaged for Debian; this stays a few lines on purpose.)
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
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

// 80566 → "80,566".
std::string group_digits(std::uint64_t value);
// Bytes in decimal GB / binary GiB with two decimals ("26.00").
std::string format_gb(std::int64_t bytes);
std::string format_gib(std::int64_t bytes);
// 13015864320 → "13.02 B"; 560000000 → "560.00 M".
std::string format_param_count(std::uint64_t parameters);

}  // namespace llmsize::cli
