#include "llmsize/safetensors.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <system_error>

#include "field_reader.hpp"
#include "input_file.hpp"
#include "llmsize/checked.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"
#include "utf8.hpp"

namespace llmsize {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_index_file_name = "model.safetensors.index.json";
constexpr std::uint64_t k_header_length_bytes = 8;  // the little-endian u64 N at byte 0

struct DtypeBits {
    std::string_view name;
    unsigned bits;
};
// safetensors/src/tensor.rs `Dtype::bitsize()` (safetensors >= 0.6; F4 and F6 are the newest).
constexpr std::array k_dtype_bits{
    DtypeBits{"BOOL", 8},    DtypeBits{"U8", 8},      DtypeBits{"I8", 8},
    DtypeBits{"F8_E4M3", 8}, DtypeBits{"F8_E5M2", 8}, DtypeBits{"F8_E8M0", 8},
    DtypeBits{"I16", 16},    DtypeBits{"U16", 16},    DtypeBits{"F16", 16},
    DtypeBits{"BF16", 16},   DtypeBits{"I32", 32},    DtypeBits{"U32", 32},
    DtypeBits{"F32", 32},    DtypeBits{"I64", 64},    DtypeBits{"U64", 64},
    DtypeBits{"F64", 64},    DtypeBits{"C64", 64},    DtypeBits{"F4", 4},
    DtypeBits{"F6_E2M3", 6}, DtypeBits{"F6_E3M2", 6},
};

constexpr std::array<std::string_view, 6> k_quantization_metadata_suffixes{
    "weight_scale", "weight_scale_inv", "scales", "qzeros", "g_idx", "input_scale"};
constexpr std::array<std::string_view, 2> k_packed_suffixes{"qweight", "weight_packed"};

std::string accepted_dtypes() {
    std::string text;
    for (const DtypeBits& entry : k_dtype_bits) {
        text += (text.empty() ? "" : ", ") + std::string(entry.name);
    }
    return text;
}

std::string describe_pair(std::uint64_t first, std::uint64_t second) {
    return "[" + std::to_string(first) + ", " + std::to_string(second) + "]";
}

std::string describe_shape(const std::vector<std::uint64_t>& shape) {
    std::string text = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        text += (i == 0 ? "" : ", ") + std::to_string(shape[i]);
    }
    return text + "]";
}

bool ends_with_any(std::string_view name, std::span<const std::string_view> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [name](std::string_view suffix) { return name.ends_with(suffix); });
}

// A non-negative JSON integer, or nullopt.
std::optional<std::uint64_t> as_unsigned(const nlohmann::json& value) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
        return static_cast<std::uint64_t>(value.get<std::int64_t>());
    }
    return std::nullopt;
}

struct TensorEntry {
    std::string name;
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

void add_to(std::map<std::string, SafetensorsDtypeTotal>& totals, const std::string& dtype,
            std::uint64_t elements, bool metadata, std::uint64_t bytes, std::string_view what) {
    SafetensorsDtypeTotal& total = totals[dtype];
    total.dtype = dtype;
    if (metadata) {
        total.quantization_metadata_elements =
            checked_add(total.quantization_metadata_elements, elements, what);
    } else {
        total.parameters = checked_add(total.parameters, elements, what);
    }
    total.bytes = checked_add(total.bytes, bytes, what);
}

std::vector<SafetensorsDtypeTotal> to_list(
    const std::map<std::string, SafetensorsDtypeTotal>& totals) {
    std::vector<SafetensorsDtypeTotal> list;
    list.reserve(totals.size());
    for (const auto& [name, total] : totals)
        list.push_back(total);
    return list;
}

std::uint64_t read_header_length(std::ifstream& file, const std::string& context) {
    std::array<unsigned char, k_header_length_bytes> bytes{};
    file.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!file) throw Error(context + ": read error in the header length at byte 0");
    std::uint64_t length = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        length |= static_cast<std::uint64_t>(bytes[i]) << (8 * i);
    }
    return length;
}

// Checks one tensor entry and adds it to `summary`; returns its byte range.
TensorEntry read_tensor_entry(const std::string& name, const nlohmann::json& entry,
                              std::uint64_t data_bytes, const std::string& context,
                              SafetensorsSummary& summary,
                              std::map<std::string, SafetensorsDtypeTotal>& totals) {
    const std::string where = context + ": tensor '" + name + "'";
    if (!entry.is_object()) {
        throw Error(where + ": expected an object with dtype, shape and data_offsets, " +
                    describe_json_value(entry));
    }
    const auto dtype_it = entry.find("dtype");
    if (dtype_it == entry.end() || !dtype_it->is_string()) {
        throw Error(where + ": 'dtype' must be a string, " +
                    (dtype_it == entry.end() ? std::string("it is missing")
                                             : describe_json_value(*dtype_it)));
    }
    const std::string dtype = dtype_it->get<std::string>();
    const std::optional<unsigned> bits = safetensors_dtype_bits(dtype);
    if (!bits) {
        throw Error(where + ": unknown dtype \"" + dtype + "\" (expected one of " +
                    accepted_dtypes() + ")");
    }

    const auto shape_it = entry.find("shape");
    std::vector<std::uint64_t> shape;
    if (shape_it == entry.end() || !shape_it->is_array()) {
        throw Error(where + ": 'shape' must be an array of non-negative integers, " +
                    (shape_it == entry.end() ? std::string("it is missing")
                                             : describe_json_value(*shape_it)));
    }
    for (const nlohmann::json& dim : *shape_it) {
        const std::optional<std::uint64_t> value = as_unsigned(dim);
        if (!value) {
            throw Error(where + ": 'shape' dimension " + std::to_string(shape.size()) +
                        " must be a non-negative integer, " + describe_json_value(dim));
        }
        shape.push_back(*value);
    }

    const auto offsets_it = entry.find("data_offsets");
    std::optional<std::uint64_t> begin;
    std::optional<std::uint64_t> end;
    if (offsets_it != entry.end() && offsets_it->is_array() && offsets_it->size() == 2) {
        begin = as_unsigned((*offsets_it)[0]);
        end = as_unsigned((*offsets_it)[1]);
    }
    if (!begin || !end || *end < *begin) {
        throw Error(where + ": 'data_offsets' must be [begin, end] with 0 <= begin <= end, " +
                    (offsets_it == entry.end() ? std::string("it is missing")
                                               : describe_json_value(*offsets_it)));
    }

    const std::string count_what = where + ": element count";
    std::uint64_t elements = 1;
    for (const std::uint64_t dim : shape)
        elements = checked_mul(elements, dim, count_what);
    const std::uint64_t total_bits = checked_mul(elements, *bits, count_what);
    if (total_bits % 8 != 0) {
        throw Error(where + ": " + std::to_string(elements) + " elements of " + dtype +
                    " do not fill a whole number of bytes");
    }
    const std::uint64_t bytes = total_bits / 8;
    if (*end - *begin != bytes) {
        throw Error(where + ": data_offsets " + describe_pair(*begin, *end) + " hold " +
                    std::to_string(*end - *begin) + " bytes, but shape " + describe_shape(shape) +
                    " of " + dtype + " needs " + std::to_string(bytes) + " bytes");
    }
    if (*end > data_bytes) {
        throw Error(where + ": data_offsets " + describe_pair(*begin, *end) +
                    " run past the end of the file, whose data section holds " +
                    std::to_string(data_bytes) + " bytes (is the file truncated?)");
    }

    const bool metadata = is_quantization_metadata(name);
    const std::string sum_what = context + ": total tensor size";
    if (metadata) {
        summary.quantization_metadata_elements =
            checked_add(summary.quantization_metadata_elements, elements, sum_what);
    } else {
        summary.parameters = checked_add(summary.parameters, elements, sum_what);
    }
    if (ends_with_any(name, k_packed_suffixes)) ++summary.packed_tensors;
    summary.tensor_bytes = checked_add(summary.tensor_bytes, bytes, sum_what);
    add_to(totals, dtype, elements, metadata, bytes, sum_what);
    return TensorEntry{name, *begin, *end};
}

// The reference reader's rule: sorted by offset, the tensors tile the data section exactly.
void check_tiling(std::vector<TensorEntry>& entries, std::uint64_t data_bytes,
                  const std::string& context) {
    std::sort(entries.begin(), entries.end(), [](const TensorEntry& a, const TensorEntry& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t expected_begin = 0;
    for (const TensorEntry& entry : entries) {
        if (entry.begin != expected_begin) {
            throw Error(context + ": tensor '" + entry.name + "': data_offsets " +
                        describe_pair(entry.begin, entry.end) +
                        (entry.begin < expected_begin ? " overlap" : " leave a gap after") +
                        " the previous tensor, which ends at " + std::to_string(expected_begin));
        }
        expected_begin = entry.end;
    }
    if (expected_begin != data_bytes) {
        throw Error(context + ": the tensors cover " + std::to_string(expected_begin) +
                    " bytes, but the file holds " + std::to_string(data_bytes) +
                    " bytes after the header");
    }
}

std::string join_quoted(const std::vector<std::string>& items) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "'" : ", '") + item + "'";
    return text;
}

struct IndexFile {
    std::set<std::string> files;  // weight_map values
    std::optional<std::uint64_t> total_size;
    std::optional<std::uint64_t> total_parameters;
};

// A total that would be partial or empty: an Error, or with `options.approximate` a warning note.
void refuse_partial(const CheckpointReadOptions& options, CheckpointSummary& result,
                    const std::string& reason) {
    if (!options.approximate) throw Error(reason);
    result.notes.push_back("warning: " + reason + "; sized anyway (approximate)");
}

IndexFile read_index(const fs::path& path) {
    const std::string origin = path.string();
    const nlohmann::json index =
        parse_json_text(read_file_bounded(path, k_max_safetensors_index_bytes), origin);
    const FieldReader root(index, reading_context(origin));
    if (!index.is_object()) root.fail("expected a JSON object");
    IndexFile result;
    // A null map is refused like any other non-object: it cannot say which shards to read.
    if (root.is_null("weight_map"))
        root.fail("weight_map", "must be an object, " + describe_json_value(nullptr));
    if (const std::optional<FieldReader> map = root.optional_object("weight_map")) {
        for (const auto& [tensor, file] : root.raw("weight_map")->items()) {
            if (!file.is_string())
                map->fail(tensor, "must be a file name, " + describe_json_value(file));
            result.files.insert(file.get<std::string>());
        }
    }
    // metadata is optional and free-form: anything but an object is ignored.
    if (const nlohmann::json* metadata = root.raw("metadata"); metadata && metadata->is_object()) {
        const FieldReader fields(*metadata, root.context(), "metadata.");
        for (const auto& [key, target] :
             {std::pair{"total_size", &result.total_size},
              std::pair{"total_parameters", &result.total_parameters}}) {
            const nlohmann::json* value = fields.raw(key);
            if (value == nullptr) continue;
            *target = as_unsigned(*value);
            if (!*target || **target > k_max_checkpoint_bytes) {
                fields.fail(key, "must be a non-negative integer up to " +
                                     std::to_string(k_max_checkpoint_bytes) + ", " +
                                     describe_json_value(*value));
            }
        }
    }
    return result;
}

// The safetensors library writes `__metadata__` first, an object of strings that may fill most
// of the 100 MB header. nlohmann's lexer reads it at about 60 instructions a byte (1.2 s for
// 100 MB). When the header opens with that object, it is checked here at a few instructions a
// byte and the rest of the header is returned with the object emptied. The check takes what
// other writers put there too: strings (valid UTF-8, no control characters, no \u escapes),
// arrays and objects up to k_max_json_depth, true/false/null, and numbers without an exponent of
// at most 15 digits (which no JSON parser refuses as out of range). Anything else returns nothing
// and the whole header goes through the JSON parser as before, so no input is accepted here that
// the parser would refuse, and every error message stays the parser's.
constexpr std::array<bool, 256> k_plain_ascii = [] {
    std::array<bool, 256> plain{};
    for (int byte = 0x20; byte < 0x80; ++byte)
        plain[static_cast<std::size_t>(byte)] = byte != '"' && byte != '\\';
    return plain;
}();

std::optional<std::string> with_leading_metadata_checked(std::string_view header) {
    std::size_t at = 0;
    const auto skip_space = [&] {
        while (at < header.size() && (header[at] == ' ' || header[at] == '\n' ||
                                      header[at] == '\r' || header[at] == '\t'))
            ++at;
    };
    const auto take = [&](std::string_view text) {
        if (header.substr(at, text.size()) != text) return false;
        at += text.size();
        skip_space();
        return true;
    };
    // A JSON string at `at` with only the escapes \" \\ \/ \b \f \n \r \t.
    const auto take_string = [&] {
        if (at >= header.size() || header[at] != '"') return false;
        for (++at; at < header.size();) {
            // Printable ASCII other than '"' and '\\' needs no check: skip a run of it at once.
            while (at < header.size() && k_plain_ascii[static_cast<unsigned char>(header[at])])
                ++at;
            if (at == header.size()) break;
            const auto byte = static_cast<unsigned char>(header[at]);
            if (byte == '"') {
                ++at;
                skip_space();
                return true;
            }
            if (byte < 0x20) return false;
            if (byte == '\\') {
                if (at + 1 >= header.size() ||
                    std::string_view(R"("\/bfnrt)").find(header[at + 1]) == std::string_view::npos)
                    return false;
                at += 2;
            } else if (byte >= 0x80) {
                std::uint32_t code_point = 0;
                const std::size_t length = utf8_sequence(header, at, code_point);
                if (length == 0) return false;
                at += length;
            } else {
                ++at;
            }
        }
        return false;
    };
    const auto is_digit = [&] {
        return at < header.size() && header[at] >= '0' && header[at] <= '9';
    };
    // -?(0|[1-9][0-9]*)(.[0-9]+)? with at most 15 digits; no exponent.
    const auto take_number = [&] {
        const std::size_t start = at;
        if (at < header.size() && header[at] == '-') ++at;
        if (!is_digit()) return false;
        std::size_t digits = 0;
        if (header[at] == '0') {
            ++at;
            ++digits;
        } else {
            for (; is_digit(); ++at)
                ++digits;
        }
        if (at < header.size() && header[at] == '.') {
            ++at;
            if (!is_digit()) return false;
            for (; is_digit(); ++at)
                ++digits;
        }
        if (digits > 15 || at - start > 17) return false;
        if (at < header.size() && (header[at] == 'e' || header[at] == 'E')) return false;
        skip_space();
        return true;
    };
    // Any JSON value, nested at most `depth_left` arrays and objects deep.
    const auto take_value = [&](const auto& self, int depth_left) -> bool {
        if (at >= header.size()) return false;
        const char first = header[at];
        if (first == '"') return take_string();
        if (first == '{' || first == '[') {
            if (depth_left == 0) return false;
            const char close = first == '{' ? '}' : ']';
            ++at;
            skip_space();
            if (at < header.size() && header[at] == close) {
                ++at;
                skip_space();
                return true;
            }
            do {
                if (first == '{' && (!take_string() || !take(":"))) return false;
                if (!self(self, depth_left - 1)) return false;
            } while (take(","));
            return take(std::string_view(&close, 1));
        }
        if (first == 't') return take("true");
        if (first == 'f') return take("false");
        if (first == 'n') return take("null");
        return take_number();
    };
    skip_space();
    if (!take("{") || !take(R"("__metadata__")") || !take(":")) return std::nullopt;
    const std::size_t object_start = at;
    if (at >= header.size() || header[at] != '{') return std::nullopt;
    // The header object and `__metadata__` already hold two levels.
    if (!take_value(take_value, k_max_json_depth - 2)) return std::nullopt;
    std::string rest;
    rest.reserve(object_start + 2 + (header.size() - at));
    rest.append(header.substr(0, object_start)).append("{} ").append(header.substr(at));
    return rest;
}

}  // namespace

std::optional<unsigned> safetensors_dtype_bits(std::string_view dtype) {
    for (const DtypeBits& entry : k_dtype_bits) {
        if (entry.name == dtype) return entry.bits;
    }
    return std::nullopt;
}

bool is_quantization_metadata(std::string_view tensor_name) {
    return ends_with_any(tensor_name, k_quantization_metadata_suffixes);
}

std::optional<double> CheckpointSummary::bits_per_weight() const {
    if (!parameters || *parameters == 0) return std::nullopt;
    return static_cast<double>(tensor_bytes) * 8.0 / static_cast<double>(*parameters);
}

SafetensorsSummary read_safetensors_header(const fs::path& path) {
    const std::string context = reading_context(path.string());
    RegularFile opened = open_regular_file(path, context);
    std::ifstream& file = opened.stream;
    const std::uint64_t file_bytes = opened.bytes;

    SafetensorsSummary summary;
    summary.path = path.string();
    summary.file_bytes = file_bytes;
    if (file_bytes < k_header_length_bytes) {
        throw Error(context + ": the file is " + std::to_string(file_bytes) +
                    " bytes, too short for the 8-byte header length at byte 0");
    }
    const std::uint64_t header_bytes = read_header_length(file, context);
    const std::uint64_t after_length = file_bytes - k_header_length_bytes;
    if (header_bytes == 0) {
        throw Error(context + ": the header length at byte 0 is 0; the JSON header is missing");
    }
    if (header_bytes > k_max_safetensors_header_bytes) {
        throw Error(context + ": the header length at byte 0 is " + std::to_string(header_bytes) +
                    " bytes, more than the format's limit of " +
                    std::to_string(k_max_safetensors_header_bytes) + " bytes");
    }
    if (header_bytes > after_length) {
        throw Error(context + ": the header length at byte 0 is " + std::to_string(header_bytes) +
                    " bytes, but only " + std::to_string(after_length) +
                    " bytes follow it (is the file truncated?)");
    }
    summary.header_bytes = header_bytes;

    std::string header(static_cast<std::size_t>(header_bytes), '\0');
    file.read(header.data(), static_cast<std::streamsize>(header.size()));
    if (!file) throw Error(context + ": read error in the JSON header at byte 8");

    // `__metadata__` (free-form strings, up to the whole 100 MB) is checked but not kept.
    const JsonReadLimits limits{.skipped_top_level_key = "__metadata__"};
    nlohmann::json document;
    if (std::optional<std::string> rest = with_leading_metadata_checked(header)) {
        try {
            document = parse_json_text(*rest, path.string(), limits);
        } catch (const Error&) {
            // Parsed again whole, so that the error names a line and column of the file itself.
            document = parse_json_text(header, path.string(), limits);
        }
    } else {
        document = parse_json_text(header, path.string(), limits);
    }
    header = std::string();  // the text is no longer needed: free it before the tensors are read
    if (!document.is_object()) {
        throw Error(context + ": the JSON header at byte 8 must be an object, " +
                    describe_json_value(document));
    }

    const std::uint64_t data_bytes = after_length - header_bytes;
    std::map<std::string, SafetensorsDtypeTotal> totals;
    std::vector<TensorEntry> entries;
    for (const auto& [name, entry] : document.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) {
                throw Error(context + ": '__metadata__' must be an object of strings, " +
                            describe_json_value(entry));
            }
            continue;
        }
        entries.push_back(read_tensor_entry(name, entry, data_bytes, context, summary, totals));
    }
    summary.tensors = entries.size();
    check_tiling(entries, data_bytes, context);
    summary.by_dtype = to_list(totals);
    return summary;
}

CheckpointSummary read_checkpoint_folder(const fs::path& folder,
                                         const CheckpointReadOptions& options) {
    const std::string context = reading_context(folder.string());
    CheckpointSummary result;
    result.folder = folder.string();

    std::error_code error;
    std::vector<fs::path> files;
    std::optional<IndexFile> index;
    if (fs::is_regular_file(folder, error)) {
        files.push_back(folder);
    } else {
        if (!fs::is_directory(folder, error)) {
            throw Error(context +
                        ": no such folder (expected a checkpoint folder or a "
                        ".safetensors file)");
        }
        for (fs::directory_iterator it(folder, error), end; !error && it != end;
             it.increment(error)) {
            // Not only regular files: a FIFO or folder named *.safetensors is refused when read.
            if (it->path().extension() == ".safetensors") {
                files.push_back(it->path());
            }
        }
        if (error) throw Error(context + ": cannot list the folder (" + error.message() + ")");
        std::sort(files.begin(), files.end());
        const fs::path index_path = folder / k_index_file_name;
        if (fs::symlink_status(index_path, error).type() != fs::file_type::not_found) {
            index = read_index(index_path);
        }
    }

    if (files.empty() && !index) {
        throw Error(context + ": no .safetensors files and no " + std::string(k_index_file_name) +
                    " in the folder");
    }

    if (files.empty()) {
        if (!index->total_size) {
            throw Error(reading_context((folder / k_index_file_name).string()) +
                        ": no .safetensors files in the folder and no 'metadata.total_size' "
                        "in the index");
        }
        if (*index->total_size == 0) {
            refuse_partial(options, result,
                           reading_context((folder / k_index_file_name).string()) +
                               ": 'metadata.total_size' is 0, and no shard is in the folder to "
                               "read the weights from");
        }
        result.tensor_bytes = *index->total_size;
        result.notes.push_back(
            "only " + std::string(k_index_file_name) +
            " is present: weight bytes are its metadata.total_size, as written by the tool that "
            "saved the checkpoint, not read from the shards");
        if (index->total_parameters) {
            result.parameters = index->total_parameters;
            result.notes.push_back("parameter count is the index's metadata.total_parameters");
        } else {
            result.notes.push_back("the parameter count is unknown: the index records bytes only");
        }
        return result;
    }

    bool partial = false;  // shards the index lists are missing (only with options.approximate)
    // With an index, the shards are the files it lists: other .safetensors files in the folder
    // (Mistral's consolidated.safetensors, adapters) hold a second copy or something else.
    if (index && !index->files.empty()) {
        std::vector<std::string> ignored;
        std::erase_if(files, [&](const fs::path& file) {
            const bool listed = index->files.contains(file.filename().string());
            if (!listed) ignored.push_back(file.filename().string());
            return !listed;
        });
        if (!ignored.empty()) {
            result.notes.push_back("ignored " + join_quoted(ignored) + ": not listed in " +
                                   std::string(k_index_file_name));
        }
        std::vector<std::string> missing;
        for (const std::string& name : index->files) {
            if (!std::any_of(files.begin(), files.end(), [&name](const fs::path& file) {
                    return file.filename().string() == name;
                })) {
                missing.push_back(name);
            }
        }
        partial = !missing.empty();
        if (!missing.empty()) {
            refuse_partial(options, result,
                           context + ": " + std::string(k_index_file_name) + " lists " +
                               std::to_string(missing.size()) + " file" +
                               (missing.size() == 1 ? "" : "s") + " missing from the folder (" +
                               join_quoted(missing) +
                               "): the weights of the files present would be a partial total");
        }
        if (files.empty()) {
            throw Error(context + ": none of the files " + std::string(k_index_file_name) +
                        " lists is in the folder");
        }
    }

    std::map<std::string, SafetensorsDtypeTotal> totals;
    std::uint64_t parameters = 0;
    std::uint64_t tensors = 0;
    const std::string sum_what = context + ": total tensor size";
    for (const fs::path& file : files) {
        const SafetensorsSummary summary = read_safetensors_header(file);
        tensors += summary.tensors;
        parameters = checked_add(parameters, summary.parameters, sum_what);
        result.quantization_metadata_elements =
            checked_add(result.quantization_metadata_elements,
                        summary.quantization_metadata_elements, sum_what);
        result.tensor_bytes = checked_add(result.tensor_bytes, summary.tensor_bytes, sum_what);
        result.packed_tensors += summary.packed_tensors;
        for (const SafetensorsDtypeTotal& total : summary.by_dtype) {
            SafetensorsDtypeTotal& sum = totals[total.dtype];
            sum.dtype = total.dtype;
            sum.parameters = checked_add(sum.parameters, total.parameters, sum_what);
            sum.quantization_metadata_elements = checked_add(
                sum.quantization_metadata_elements, total.quantization_metadata_elements, sum_what);
            sum.bytes = checked_add(sum.bytes, total.bytes, sum_what);
        }
    }
    result.files = files.size();
    result.parameters = parameters;
    if (tensors == 0) {
        refuse_partial(options, result,
                       context + ": the checkpoint holds no tensors, so it gives no weights");
    }
    if (index && index->total_size && *index->total_size != result.tensor_bytes && !partial) {
        refuse_partial(options, result,
                       reading_context((folder / k_index_file_name).string()) +
                           ": 'metadata.total_size' is " + std::to_string(*index->total_size) +
                           " bytes, but the tensor headers of its shards hold " +
                           std::to_string(result.tensor_bytes) + " bytes");
    }
    result.by_dtype = to_list(totals);
    if (result.packed_tensors > 0) {
        result.notes.push_back(
            std::to_string(result.packed_tensors) +
            " tensors ('*.qweight', '*.weight_packed') pack several quantised weights into each "
            "element: the parameter count counts their storage elements, not weights");
    }
    return result;
}

}  // namespace llmsize
