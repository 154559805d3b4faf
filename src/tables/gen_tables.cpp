// llmsize_gen_tables MODELS_JSON INSTANCES_JSON OUTPUT_CPP
// Runs at build time. Reads data/models.json and data/instances.json with the core's own readers
// (so every check and default applies exactly as before) and writes what they return as C++
// initialisers, which llmsize compiles in instead of parsing JSON at every start. Keys the
// readers do not use are ignored, so new fields and new entries flow through without changes here.
// A field added to Preset or Instance must be added below: the test "bundled tables equal the
// JSON" fails until it is.
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "bundled_tables.hpp"
#include "llmsize/catalog.hpp"
#include "llmsize/config.hpp"
#include "llmsize/error.hpp"

namespace {

using namespace llmsize;

// A C++ string literal holding `text` byte for byte (octal escapes: they end after 3 digits).
std::string literal(std::string_view text) {
    std::string result = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            result += '\\';
            result += c;
        } else if (byte < 0x20 || byte >= 0x7F || c == '?') {
            result += fmt::format("\\{:03o}", byte);
        } else {
            result += c;
        }
    }
    return result + "\"";
}

std::string value(const std::string& text) {
    return literal(text);
}
std::string value(std::uint64_t number) {
    return fmt::format("{}u", number);
}
std::string value(bool flag) {
    return flag ? "true" : "false";
}
std::string value(const std::optional<std::uint64_t>& number) {
    return number ? value(*number) : "std::nullopt";
}
std::string value(const std::optional<double>& number) {
    // fmt prints the shortest text that reads back as the same double.
    return number ? fmt::format("{}", *number) : "std::nullopt";
}
std::string value(const std::vector<std::string>& texts) {
    std::string result = "{";
    for (const std::string& text : texts)
        result += literal(text) + ",";
    return result + "}";
}
std::string value(double number) {
    return fmt::format("{}", number);  // the shortest text that reads back as the same double
}
std::string value(unsigned number) {
    return fmt::format("{}u", number);
}
std::string value(Runtime runtime) {
    return runtime == Runtime::neuron ? "Runtime::neuron" : "Runtime::cuda";
}
std::string value(const DeviceCapabilities& d);
std::string value(const nlohmann::json&) {
    return "{}";  // configs are written as text and parsed on first use
}

// Pastes string literals together: parentheses around the argument or the list would break it.
// NOLINTNEXTLINE(bugprone-macro-parentheses)
#define LLMSIZE_FIELD(object, member) "." #member " = " + value(object.member) + ", "

std::string value(const DeviceCapabilities& d) {
    return "DeviceCapabilities{" LLMSIZE_FIELD(d, known) LLMSIZE_FIELD(d, architecture)
               LLMSIZE_FIELD(d, compute_capability_x10) LLMSIZE_FIELD(d, neuron_generation)
                   LLMSIZE_FIELD(d, runtime) LLMSIZE_FIELD(d, bf16) LLMSIZE_FIELD(d, fp8)
                       LLMSIZE_FIELD(d, fp4) LLMSIZE_FIELD(d, flash_attention) LLMSIZE_FIELD(
                           d, memory_kind) LLMSIZE_FIELD(d, memory_bandwidth_gb_per_s)
                           LLMSIZE_FIELD(d, dense_tflops_fp16) LLMSIZE_FIELD(d, dense_tflops_bf16)
                               LLMSIZE_FIELD(d, dense_tflops_fp8)
                                   LLMSIZE_FIELD(d, dense_tflops_int8)
                                       LLMSIZE_FIELD(d, dense_tflops_fp4) LLMSIZE_FIELD(d, link)
                                           LLMSIZE_FIELD(d, link_gb_per_s_one_way)
                                               LLMSIZE_FIELD(d, speed_source) +
           "}";
}

std::string preset_initializer(const Preset& p) {
    return "Preset{" LLMSIZE_FIELD(p, name) LLMSIZE_FIELD(p, hf_id) LLMSIZE_FIELD(p, aliases)
               LLMSIZE_FIELD(p, config) LLMSIZE_FIELD(p, config_verbatim) LLMSIZE_FIELD(
                   p, published_parameters) LLMSIZE_FIELD(p, published_parameters_rounded)
                   LLMSIZE_FIELD(p, published_extra_parameters) LLMSIZE_FIELD(p, guide_sample)
                       LLMSIZE_FIELD(p, guide_reference) LLMSIZE_FIELD(p, guide_row_billions) +
           "}";
}

std::string instance_initializer(const Instance& i) {
    return "Instance{" LLMSIZE_FIELD(i, name) LLMSIZE_FIELD(i, aliases) LLMSIZE_FIELD(i, family)
               LLMSIZE_FIELD(i, accelerator) LLMSIZE_FIELD(i, accelerator_count)
                   LLMSIZE_FIELD(i, accelerator_memory_bytes_marketed) LLMSIZE_FIELD(
                       i, accelerator_memory_bytes_usable)
                       LLMSIZE_FIELD(i, accelerator_memory_bytes_cuda_visible) LLMSIZE_FIELD(
                           i, accelerator_sm_count) LLMSIZE_FIELD(i, vcpus)
                           LLMSIZE_FIELD(i, host_memory_bytes) LLMSIZE_FIELD(i, interconnect)
                               LLMSIZE_FIELD(i, neuron_cores) LLMSIZE_FIELD(i, price_usd_per_hour)
                                   LLMSIZE_FIELD(i, price_region) LLMSIZE_FIELD(i, price_date)
                                       LLMSIZE_FIELD(i, price_source) LLMSIZE_FIELD(i, source)
                                           LLMSIZE_FIELD(i, ec2_price_usd_per_hour)
                                               LLMSIZE_FIELD(i, ec2_price_region)
                                                   LLMSIZE_FIELD(i, ec2_price_date)
                                                       LLMSIZE_FIELD(i, ec2_price_source)
                                                           LLMSIZE_FIELD(i, price_note)
                                                               LLMSIZE_FIELD(i, catalog_origin)
                                                                   LLMSIZE_FIELD(i, device) +
           "}";
}

#undef LLMSIZE_FIELD

nlohmann::json read_json(const char* path) {
    return parse_json_text(read_file_bounded(path, k_max_config_file_bytes), path);
}

std::string generate(const char* models_path, const char* instances_path) {
    const std::vector<Preset> presets = parse_presets(read_json(models_path));
    const Catalog catalog = parse_catalog(read_json(instances_path), "data/instances.json");
    std::string out =
        "// Generated at build time by llmsize_gen_tables from data/models.json and\n"
        "// data/instances.json. Do not edit.\n"
        "#include \"bundled_tables.hpp\"\n\n"
        "namespace llmsize::tables {\n\n"
        "std::vector<Preset> bundled_presets_without_config() {\n"
        "    std::vector<Preset> presets;\n";
    out += fmt::format("    presets.reserve({});\n", presets.size());
    for (const Preset& preset : presets)
        out += "    presets.push_back(" + preset_initializer(preset) + ");\n";
    out += "    return presets;\n}\n\n";
    out += "namespace {\nconstexpr std::string_view k_configs[] = {\n";
    for (const Preset& preset : presets)
        out += "    " + literal(preset.config.dump()) + ",\n";
    if (presets.empty()) out += "    \"{}\",\n";
    out += "};\n}  // namespace\n\n";
    out += fmt::format(
        "std::span<const std::string_view> bundled_preset_configs() {{\n"
        "    return std::span<const std::string_view>(k_configs).first({});\n}}\n\n",
        presets.size());
    out += "Catalog bundled_catalog() {\n    Catalog catalog;\n";
    out += "    catalog.description = " + literal(catalog.description) + ";\n";
    out += fmt::format("    catalog.instances.reserve({});\n", catalog.instances.size());
    for (const Instance& instance : catalog.instances)
        out += "    catalog.instances.push_back(" + instance_initializer(instance) + ");\n";
    out += "    return catalog;\n}\n\n}  // namespace llmsize::tables\n";
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fputs("usage: llmsize_gen_tables MODELS_JSON INSTANCES_JSON OUTPUT_CPP\n", stderr);
        return 2;
    }
    try {
        const std::string text = generate(argv[1], argv[2]);
        std::ofstream out(argv[3], std::ios::binary);
        out << text;
        if (!out.flush()) throw Error(std::string("cannot write ") + quote_value(argv[3]));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "llmsize_gen_tables: error: %s\n", error.what());
        return 1;
    }
    return 0;
}
