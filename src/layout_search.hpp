// The layout search on one instance: choose the tensor-parallel degrees to try, evaluate each
// layout (layout.hpp), judge it against the requirements, keep the best by score, then annotate
// the chosen one with what the engine cannot run there and what cannot load.
#pragma once

#include "llmsize/catalog.hpp"
#include "llmsize/sizing.hpp"

namespace llmsize {

// `listed` is taken by value and moved into the result: the fit owns its instance, and the
// layouts compared below are evaluated without copying it (issue 15).
InstanceFit fit_instance(Instance listed, const SizingRequest& request, const SizingReport& report);

}  // namespace llmsize
