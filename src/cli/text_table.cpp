#include "text_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "llmsize/checked.hpp"
#include "llmsize/error.hpp"

namespace llmsize::cli {

void TextTable::add_column(std::string header, Align align) {
    m_headers.push_back(std::move(header));
    m_aligns.push_back(align);
}

void TextTable::add_row(std::vector<std::string> cells) {
    cells.resize(m_headers.size());
    for (std::string& cell : cells)
        cell = printable_text(cell);  // names from --catalog or a config: no control characters
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out, std::string_view indent) const {
    std::vector<std::size_t> widths(m_headers.size());
    for (std::size_t c = 0; c < m_headers.size(); ++c) {
        widths[c] = m_headers[c].size();
        for (const auto& row : m_rows)
            widths[c] = std::max(widths[c], row[c].size());
    }
    auto print_row = [&](const std::vector<std::string>& cells) {
        std::string line(indent);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c > 0) line += "  ";
            line += m_aligns[c] == Align::right ? fmt::format("{:>{}}", cells[c], widths[c])
                                                : fmt::format("{:<{}}", cells[c], widths[c]);
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << '\n';
    };
    print_row(m_headers);
    for (const auto& row : m_rows)
        print_row(row);
}

std::string group_digits(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped.push_back(',');
        grouped.push_back(digits[i]);
    }
    return grouped;
}

std::string format_gb(std::int64_t bytes) {
    return fmt::format("{:.2f}", static_cast<double>(bytes) / static_cast<double>(k_bytes_per_gb));
}

std::string format_gib(std::int64_t bytes) {
    return fmt::format("{:.2f}", static_cast<double>(bytes) / static_cast<double>(k_bytes_per_gib));
}

std::string format_param_count(std::uint64_t parameters) {
    const double value = static_cast<double>(parameters);
    if (parameters >= 1'000'000'000'000) return fmt::format("{:.2f} T", value / 1e12);
    if (parameters >= 1'000'000'000) return fmt::format("{:.2f} B", value / 1e9);
    if (parameters >= 1'000'000) return fmt::format("{:.2f} M", value / 1e6);
    return group_digits(parameters);
}

}  // namespace llmsize::cli
