#include "text_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "llmsize/checked.hpp"

namespace llmsize::cli {

void TextTable::add_column(std::string header, Align align) {
    m_headers.push_back(std::move(header));
    m_aligns.push_back(align);
}

void TextTable::add_row(std::vector<std::string> cells) {
    cells.resize(m_headers.size());
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

std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++columns;  // not a continuation byte
    }
    return columns;
}

std::vector<std::string> wrap_words(std::string_view text, std::size_t width,
                                    std::string_view first_prefix, std::string_view indent) {
    std::vector<std::string> lines;
    std::string line(first_prefix);
    std::size_t line_width = display_width(first_prefix);
    bool has_word = false;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t space = std::min(text.find(' ', start), text.size());
        const std::string_view word = text.substr(start, space - start);
        start = space + 1;
        if (word.empty()) continue;
        const std::size_t word_width = display_width(word);
        if (has_word && line_width + 1 + word_width > width) {
            lines.push_back(std::move(line));
            line = std::string(indent);
            line_width = display_width(indent);
            has_word = false;
        }
        if (has_word) {
            line += ' ';
            ++line_width;
        }
        line += word;
        line_width += word_width;
        has_word = true;
    }
    if (has_word || lines.empty()) lines.push_back(std::move(line));
    return lines;
}

std::string wrap_help_text(std::string_view text, std::size_t width) {
    std::string wrapped;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t newline = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, newline - start);
        if (display_width(line) <= width) {
            wrapped.append(line);
        } else {
            // The description column starts after the last run of two or more spaces.
            const std::size_t first_text = std::min(line.find_first_not_of(' '), line.size());
            const std::size_t gap = line.rfind("  ");
            const std::size_t column = gap == std::string_view::npos || gap < first_text
                                           ? first_text
                                           : line.find_first_not_of(' ', gap);
            const std::string indent(column < width / 2 ? column : 4, ' ');
            bool first = true;
            for (const std::string& part :
                 wrap_words(line.substr(column), width, line.substr(0, column), indent)) {
                if (!first) wrapped += '\n';
                wrapped += part;
                first = false;
            }
        }
        if (newline == text.size()) break;
        wrapped += '\n';
        start = newline + 1;
    }
    return wrapped;
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
