// The units module (issue 14): one formatter for bytes and parameter counts, at its rounding edges.
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>

#include "llmsize/units.hpp"

using namespace llmsize::units;

TEST_CASE("group_digits puts a comma every three digits", "[units]") {
    CHECK(group_digits(0) == "0");
    CHECK(group_digits(999) == "999");
    CHECK(group_digits(1000) == "1,000");
    CHECK(group_digits(131072) == "131,072");
    CHECK(group_digits(1'644'515'328) == "1,644,515,328");
    CHECK(group_digits(std::numeric_limits<std::uint64_t>::max()) == "18,446,744,073,709,551,615");
}

TEST_CASE("GiB and GB with two decimals, rounded half to even", "[units]") {
    constexpr std::int64_t gib = std::int64_t{1} << 30;
    CHECK(gib_text(0) == "0.00 GiB");
    CHECK(gib_text(gib) == "1.00 GiB");
    CHECK(gib_number(gib) == "1.00");
    // 0.125 GiB is an exact tie at the hundredths: half to even, as printf prints it.
    CHECK(gib_number(gib / 8) == "0.12");
    CHECK(gib_number(3 * gib / 8) == "0.38");
    // Just below and above the tie.
    CHECK(gib_number(gib / 8 - 1) == "0.12");
    CHECK(gib_number(gib / 8 + 1) == "0.13");
    // Llama-3.1-8B's bf16 weights, 16,060,522,496 bytes: 14.96 GiB, 16.06 GB.
    CHECK(gib_text(16'060'522'496) == "14.96 GiB");
    CHECK(gb_text(16'060'522'496) == "16.06 GB");
    // GB ties are exact in integers: 16.005 GB and 16.015 GB.
    CHECK(gb_number(16'005'000'000) == "16.00");
    CHECK(gb_number(16'015'000'000) == "16.02");
    CHECK(gb_number(16'004'999'999) == "16.00");
    CHECK(gb_number(16'005'000'001) == "16.01");
    // Negative byte counts (a shortfall) keep their sign; one that rounds to zero has none.
    CHECK(gib_text(-gib - gib / 2) == "-1.50 GiB");
    CHECK(gib_number(-1) == "0.00");
    CHECK(gib_number(std::numeric_limits<std::int64_t>::min()) == "-8589934592.00");
    CHECK(gb_number(std::numeric_limits<std::int64_t>::max()) == "9223372036.85");
}

TEST_CASE("Parameter counts pick their unit after rounding", "[units]") {
    CHECK(param_count_text(0) == "0");
    CHECK(param_count_text(124'439) == "124,439");
    CHECK(param_count_text(999'999) == "999,999");
    CHECK(param_count_text(1'000'000) == "1.00 M");
    CHECK(param_count_text(125'081'856) == "125.08 M");
    CHECK(param_count_text(999'994'999) == "999.99 M");
    CHECK(param_count_text(999'995'000) == "1.00 B");  // 1000.00 M would be the wrong unit
    // Llama-3.1-8B, 8,030,261,248 parameters (meta-llama/Llama-3.1-8B model card: 8.03 B).
    CHECK(param_count_text(8'030'261'248) == "8.03 B");
    CHECK(param_count_text(405'853'388'800) == "405.85 B");
    CHECK(param_count_text(999'995'000'000) == "1.00 T");
    CHECK(param_count_text(1'026'000'000'000) == "1.03 T");
}
