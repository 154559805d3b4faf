// Several instances joined by pipeline parallelism, when no single one holds the model.
#pragma once

#include <optional>

#include "llmsize/catalog.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize {

// The cheapest way to hold the model on several instances joined by pipeline parallelism.
std::optional<MultiNodeFit> fit_multi_node(const SizingRequest& request, const SizingReport& report,
                                           const Catalog& catalog);

}  // namespace llmsize
