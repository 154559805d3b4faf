#include "llmsize/device.hpp"

#include <limits>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "embedded.hpp"
#include "field_reader.hpp"
#include "llmsize/error.hpp"
#include "llmsize/suggest.hpp"

namespace llmsize {

std::string_view runtime_name(Runtime runtime) {
    return runtime == Runtime::neuron ? "neuron" : "cuda";
}

Runtime parse_runtime(std::string_view text) {
    const std::string lower = to_lower(text);
    if (lower == "cuda") return Runtime::cuda;
    if (lower == "neuron") return Runtime::neuron;
    throw Error("unknown runtime " + quote_value(text) + ", expected cuda or neuron");
}

std::string compute_capability_text(unsigned compute_capability_x10) {
    return std::to_string(compute_capability_x10 / 10) + "." +
           std::to_string(compute_capability_x10 % 10);
}

namespace {

unsigned parse_compute_capability(const std::string& text) {
    const std::size_t dot = text.find('.');
    if (dot == std::string::npos) return static_cast<unsigned>(std::stoul(text)) * 10;
    return static_cast<unsigned>(std::stoul(text.substr(0, dot))) * 10 +
           static_cast<unsigned>(std::stoul(text.substr(dot + 1)));
}

DeviceCapabilities read_capabilities(const FieldReader& entry) {
    DeviceCapabilities device;
    device.known = true;
    device.architecture = entry.optional_string("architecture").value_or("");
    device.runtime = parse_runtime(entry.optional_string("runtime").value_or("cuda"));
    if (const std::optional<std::string> capability = entry.optional_string("compute_capability"))
        device.compute_capability_x10 = parse_compute_capability(*capability);
    device.neuron_generation = entry.optional_string("neuron_generation").value_or("");
    device.bf16 = entry.boolean_or("bf16", false);
    device.fp8 = entry.boolean_or("fp8", false);
    device.fp4 = entry.boolean_or("fp4", false);
    device.flash_attention = static_cast<unsigned>(
        entry.non_negative_or("flash_attention", 0, std::numeric_limits<unsigned>::max()));
    device.memory_kind = entry.optional_string("memory_kind").value_or("");
    const auto number = [](const FieldReader& reader, std::string_view key) {
        return reader.optional_non_negative_number(key).value_or(0.0);
    };
    device.memory_bandwidth_gb_per_s = number(entry, "memory_bandwidth_gb_per_s");
    if (const std::optional<FieldReader> peaks = entry.optional_object("dense_tflops")) {
        device.dense_tflops_fp16 = number(*peaks, "fp16");
        device.dense_tflops_bf16 = number(*peaks, "bf16");
        device.dense_tflops_fp8 = number(*peaks, "fp8");
        device.dense_tflops_int8 = number(*peaks, "int8");
        device.dense_tflops_fp4 = number(*peaks, "fp4");
    }
    device.link = entry.optional_string("link").value_or("");
    device.link_gb_per_s_one_way = number(entry, "link_gb_per_s_one_way");
    device.speed_source = entry.optional_string("speed_source").value_or("");
    return device;
}

// data/accelerators.json "capabilities", read once through FieldReader like every other data
// file: each row's accelerator, lowercase, with what it can do.
const std::vector<std::pair<std::string, DeviceCapabilities>>& capability_table() {
    static const std::vector<std::pair<std::string, DeviceCapabilities>> table = [] {
        const nlohmann::json document = parse_trusted_json(embedded::k_accelerators_json);
        const FieldReader root(document, reading_context("data/accelerators.json"));
        const nlohmann::json* entries = root.raw("capabilities");
        if (entries == nullptr || !entries->is_array())
            root.fail("capabilities", "must be an array");
        std::vector<std::pair<std::string, DeviceCapabilities>> rows;
        rows.reserve(entries->size());
        for (std::size_t i = 0; i < entries->size(); ++i) {
            const FieldReader entry((*entries)[i], root.context(),
                                    "capabilities[" + std::to_string(i) + "].");
            rows.emplace_back(to_lower(entry.string("accelerator")), read_capabilities(entry));
        }
        return rows;
    }();
    return table;
}

}  // namespace

DeviceCapabilities device_capabilities(std::string_view accelerator) {
    const std::string wanted = to_lower(accelerator);
    const std::string chip = wanted.substr(0, wanted.find('-'));
    for (const std::string& name : {wanted, chip}) {
        for (const auto& [row_accelerator, capabilities] : capability_table()) {
            if (row_accelerator == name) return capabilities;
        }
    }
    return {};
}

}  // namespace llmsize
