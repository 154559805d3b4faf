// AWS Neuron (Inferentia2, Trainium1) as the neuron engine sees it: the NeuronCore is the unit
// of tensor parallelism, with 16 GiB of device memory each, and only some TP degrees are built.
// Sources: the Neuron calculator (aws-neuron/aws-neuron-sdk about-neuron/calculator/
// neuron-calculator.rst: cores = ceil(footprint GB / 16) rounded up to a supported degree, Inf2
// 2/4/8/12/24, Trn1 2/8/32) and the Inferentia2 architecture page (2 NeuronCore-v2, 32 GiB).
#pragma once

#include <cstdint>
#include <vector>

#include "llmsize/catalog.hpp"

namespace llmsize {

inline constexpr std::uint64_t k_neuron_core_bytes = std::uint64_t{16} << 30;  // 16 GiB

// The instance seen as its NeuronCores: `neuron_cores` accelerators of 16 GiB each, named
// "NeuronCore-v2". Instances without NeuronCores are returned unchanged.
Instance neuron_core_view(const Instance& instance);

// The tensor-parallel degrees the Neuron SDK builds for this instance's family, no larger than
// its NeuronCores (copies = cores / TP, rounded down).
std::vector<std::uint64_t> neuron_tp_degrees(const Instance& instance);

}  // namespace llmsize
