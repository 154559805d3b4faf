#include <catch2/catch.hpp>
#include "llmsize/quantity.hpp"
TEST_CASE("placeholder") { CHECK(llmsize::parse_param_count("13B") == 13'000'000'000); }
