// The report's notes: every assumption behind the numbers, in words.
#pragma once

#include "llmsize/sizing.hpp"

namespace llmsize {

// The engine, its release and how it budgets memory.
void add_engine_note(SizingReport& report);
// What the model's shape changes: windows, latent attention, cross-attention, recurrent state,
// experts, quantised weights.
void add_model_notes(SizingReport& report);
// Where the prices come from, and which instances have none.
void add_price_notes(SizingReport& report);

}  // namespace llmsize
