#include "text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "llmsize/error.hpp"

namespace llmsize::cli {

void TextTable::add_column(std::string header, Align align, std::string short_header, int keep) {
    if (short_header.empty()) short_header = header;
    m_columns.push_back({std::move(header), std::move(short_header), align, keep});
}

void TextTable::add_row(std::vector<std::string> cells) {
    cells.resize(m_columns.size());
    for (std::string& cell : cells)
        cell = printable_text(cell);  // names from --catalog or a config: no control characters
    m_rows.push_back(std::move(cells));
}

namespace {
constexpr std::size_t k_column_gap = 2;
}

std::size_t TextTable::width_of(const std::vector<std::size_t>& shown, bool short_headers) const {
    std::size_t total = 0;
    for (const std::size_t c : shown) {
        const Column& column = m_columns[c];
        std::size_t width = display_width(short_headers ? column.short_header : column.header);
        for (const auto& row : m_rows)
            width = std::max(width, display_width(row[c]));
        total += width + (total > 0 ? k_column_gap : 0);
    }
    return total;
}

void TextTable::print_columns(std::ostream& out, const std::vector<std::size_t>& shown,
                              bool short_headers, std::string_view indent) const {
    std::vector<std::size_t> widths;
    std::vector<std::string> headers;
    for (const std::size_t c : shown) {
        headers.push_back(short_headers ? m_columns[c].short_header : m_columns[c].header);
        std::size_t width = display_width(headers.back());
        for (const auto& row : m_rows)
            width = std::max(width, display_width(row[c]));
        widths.push_back(width);
    }
    auto print_row = [&](auto cell_of) {
        std::string line(indent);
        for (std::size_t i = 0; i < shown.size(); ++i) {
            if (i > 0) line.append(k_column_gap, ' ');
            const std::string& cell = cell_of(i);
            const std::string padding(widths[i] - std::min(widths[i], display_width(cell)), ' ');
            line += m_columns[shown[i]].align == Align::right ? padding + cell : cell + padding;
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << '\n';
    };
    print_row([&](std::size_t i) -> const std::string& { return headers[i]; });
    for (const auto& row : m_rows)
        print_row([&](std::size_t i) -> const std::string& { return row[shown[i]]; });
}

void TextTable::print(std::ostream& out, std::string_view indent) const {
    std::vector<std::size_t> shown(m_columns.size());
    for (std::size_t c = 0; c < shown.size(); ++c)
        shown[c] = c;
    print_columns(out, shown, false, indent);
}

std::vector<std::string> TextTable::print_fitted(std::ostream& out, std::size_t width) const {
    std::vector<std::size_t> shown(m_columns.size());
    for (std::size_t c = 0; c < shown.size(); ++c)
        shown[c] = c;
    if (width_of(shown, false) <= width) {
        print_columns(out, shown, false, "");
        return {};
    }
    std::vector<std::string> dropped;
    while (width_of(shown, true) > width) {
        // The least important droppable column; among equals, the rightmost.
        std::optional<std::size_t> victim;
        for (std::size_t i = 0; i < shown.size(); ++i) {
            const int keep = m_columns[shown[i]].keep;
            if (keep >= k_keep_always) continue;
            if (!victim || keep <= m_columns[shown[*victim]].keep) victim = i;
        }
        if (!victim) break;
        dropped.push_back(m_columns[shown[*victim]].header);
        shown.erase(shown.begin() + static_cast<std::ptrdiff_t>(*victim));
    }
    print_columns(out, shown, true, "");
    return dropped;
}

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string markdown_cell(std::string_view text) {
    std::string escaped;
    for (const char c : text) {
        if (c == '|') escaped += '\\';
        escaped += c;
    }
    return escaped;
}

void TextTable::print_csv(std::ostream& out) const {
    auto print_row = [&](auto cell_of) {
        for (std::size_t c = 0; c < m_columns.size(); ++c)
            out << (c > 0 ? "," : "") << csv_field(cell_of(c));
        out << "\r\n";
    };
    print_row([&](std::size_t c) { return m_columns[c].header; });
    for (const auto& row : m_rows)
        print_row([&](std::size_t c) { return row[c]; });
}

void TextTable::print_markdown(std::ostream& out) const {
    out << '|';
    for (const Column& column : m_columns)
        out << ' ' << markdown_cell(column.header) << " |";
    out << "\n|";
    for (const Column& column : m_columns)
        out << (column.align == Align::right ? "---:|" : "---|");
    out << '\n';
    for (const auto& row : m_rows) {
        out << '|';
        for (const std::string& cell : row)
            out << ' ' << markdown_cell(cell) << " |";
        out << '\n';
    }
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

}  // namespace llmsize::cli
