#include "llmsize/device.hpp"

#include <nlohmann/json.hpp>

#include "embedded.hpp"
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

DeviceCapabilities read_capabilities(const nlohmann::json& entry) {
    DeviceCapabilities device;
    device.known = true;
    device.architecture = entry.value("architecture", "");
    device.runtime = parse_runtime(entry.value("runtime", "cuda"));
    if (entry.contains("compute_capability"))
        device.compute_capability_x10 =
            parse_compute_capability(entry["compute_capability"].get<std::string>());
    device.neuron_generation = entry.value("neuron_generation", "");
    device.bf16 = entry.value("bf16", false);
    device.fp8 = entry.value("fp8", false);
    device.fp4 = entry.value("fp4", false);
    device.flash_attention = entry.value("flash_attention", 0U);
    device.memory_kind = entry.value("memory_kind", "");
    device.memory_bandwidth_gb_per_s = entry.value("memory_bandwidth_gb_per_s", 0.0);
    if (const auto peaks = entry.find("dense_tflops"); peaks != entry.end()) {
        device.dense_tflops_fp16 = peaks->value("fp16", 0.0);
        device.dense_tflops_bf16 = peaks->value("bf16", 0.0);
        device.dense_tflops_fp8 = peaks->value("fp8", 0.0);
        device.dense_tflops_int8 = peaks->value("int8", 0.0);
        device.dense_tflops_fp4 = peaks->value("fp4", 0.0);
    }
    device.link = entry.value("link", "");
    device.link_gb_per_s_one_way = entry.value("link_gb_per_s_one_way", 0.0);
    device.speed_source = entry.value("speed_source", "");
    return device;
}

const nlohmann::json& capability_table() {
    static const nlohmann::json table =
        parse_trusted_json(embedded::k_accelerators_json)["capabilities"];
    return table;
}

}  // namespace

DeviceCapabilities device_capabilities(std::string_view accelerator) {
    const std::string wanted = to_lower(accelerator);
    const std::string chip = wanted.substr(0, wanted.find('-'));
    for (const std::string& name : {wanted, chip}) {
        for (const nlohmann::json& entry : capability_table()) {
            if (to_lower(entry["accelerator"].get<std::string>()) == name)
                return read_capabilities(entry);
        }
    }
    return {};
}

}  // namespace llmsize
