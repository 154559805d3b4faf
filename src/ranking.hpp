// The ranking of the instances, and the recommendations drawn from it.
#pragma once

#include <vector>

#include "llmsize/sizing.hpp"

namespace llmsize {

// Sorts `fits`: fitting instances first; among them the cheapest, then the smallest; unpriced
// after priced; ties in catalog order.
void rank_fits(std::vector<InstanceFit>& fits);

// The recommended instance (the first of the ranking, when it fits) and the best value (the
// lowest $/h per sequence, when it is another).
void choose_recommended(SizingReport& report);

}  // namespace llmsize
