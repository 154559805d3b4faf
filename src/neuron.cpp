#include "llmsize/neuron.hpp"

namespace llmsize {

Instance neuron_core_view(const Instance& instance) {
    if (instance.neuron_cores == 0 || instance.device.runtime != Runtime::neuron) return instance;
    Instance cores = instance;
    cores.accelerator = instance.device.neuron_generation.empty()
                            ? "NeuronCore"
                            : instance.device.neuron_generation;
    cores.accelerator_count = instance.neuron_cores;
    cores.accelerator_memory_bytes_usable = k_neuron_core_bytes;
    cores.accelerator_memory_bytes_marketed = k_neuron_core_bytes;
    return cores;
}

std::vector<std::uint64_t> neuron_tp_degrees(const Instance& instance) {
    // The calculator's supported degrees: Inf2 [2,4,8,12,24], Trn1 [2,8,32].
    const std::vector<std::uint64_t> supported = instance.family == "trn1"
                                                     ? std::vector<std::uint64_t>{2, 8, 32}
                                                     : std::vector<std::uint64_t>{2, 4, 8, 12, 24};
    std::vector<std::uint64_t> degrees;
    for (const std::uint64_t tp : supported) {
        if (tp <= instance.neuron_cores) degrees.push_back(tp);
    }
    return degrees;
}

}  // namespace llmsize
