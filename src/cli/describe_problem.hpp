// Why an instance does not fit, in words: the one place that turns the core's FitProblem (a
// reason and its figures) into the sentence the text, CSV, Markdown and JSON "problem" show.
#pragma once

#include <string>

#include "llmsize/fit_problem.hpp"

namespace llmsize::cli {

// The problem as one sentence; empty when there is none. Bytes in GiB with two decimals, or in
// decimal GB where the engine pools the instance's memory.
std::string describe_problem(const FitProblem& problem);

// "61 ms", "1.25 s": a duration as the problem sentences word it.
std::string duration_text(double seconds);

}  // namespace llmsize::cli
