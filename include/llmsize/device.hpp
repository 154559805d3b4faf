// What an accelerator can run: its architecture, compute capability (or Neuron generation), its
// runtime and the number formats it computes natively. Data from data/accelerators.json
// ("capabilities"), each figure with its source there; engines' rules read it (engine_support).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llmsize {

enum class Runtime { cuda, neuron };
std::string_view runtime_name(Runtime runtime);  // "cuda", "neuron"
Runtime parse_runtime(std::string_view text);    // throws Error naming the accepted values

struct DeviceCapabilities {
    bool known = false;        // false: no capability entry for this accelerator; rules skip it
    std::string architecture;  // "Ampere", "Hopper", "Inferentia2"
    // CUDA compute capability × 10 (86 for 8.6); 0 on Neuron.
    unsigned compute_capability_x10 = 0;
    std::string neuron_generation;  // "NeuronCore-v2"; empty on CUDA
    Runtime runtime = Runtime::cuda;
    bool bf16 = false;             // native bfloat16 arithmetic
    bool fp8 = false;              // native FP8 matrix multiply (W8A8)
    bool fp4 = false;              // native FP4 matrix multiply
    unsigned flash_attention = 0;  // the newest FlashAttention generation that runs there; 0: none
    // Speed facts (0 or empty: unknown, no speed estimate): "hbm" or "gddr" (the device class of
    // data/speed_factors.json), peak memory bandwidth, dense tensor peaks per compute dtype, and
    // the link between the GPUs of one machine ("nvlink", "pcie") with its one-way bandwidth.
    std::string memory_kind;
    double memory_bandwidth_gb_per_s = 0;
    double dense_tflops_fp16 = 0;
    double dense_tflops_bf16 = 0;
    double dense_tflops_fp8 = 0;
    double dense_tflops_int8 = 0;
    double dense_tflops_fp4 = 0;
    std::string link;
    double link_gb_per_s_one_way = 0;
    std::string speed_source;

    bool operator==(const DeviceCapabilities&) const = default;
};

// "8.6" for 86.
std::string compute_capability_text(unsigned compute_capability_x10);

// The capabilities of a catalog accelerator name ("A10G", "H100-80GB", "V100-16GB"): an exact
// match, else the entry whose name is the part before the first '-'. Unknown names give
// `known == false`.
DeviceCapabilities device_capabilities(std::string_view accelerator);

}  // namespace llmsize
