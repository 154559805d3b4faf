#include <catch2/catch.hpp>

#include "llmsize/error.hpp"
#include "llmsize/quantity.hpp"

using namespace llmsize;

TEST_CASE("llmsize::parse_param_count", "[quantity]") {
    SECTION("accepts the forms the issue lists, exactly") {
        CHECK(parse_param_count("13e9") == 13'000'000'000);
        CHECK(parse_param_count("13000000000") == 13'000'000'000);
        CHECK(parse_param_count("13B") == 13'000'000'000);
        CHECK(parse_param_count("13b") == 13'000'000'000);
        CHECK(parse_param_count("7.24B") == 7'240'000'000);  // no floating-point rounding
        // Trailing zeros are not significant digits (issue 16).
        CHECK(parse_param_count("7.00000000000000000000B") == 7'000'000'000);
        CHECK(parse_param_count("1.050000000000000000000000e9") == 1'050'000'000);
        CHECK(parse_param_count("560M") == 560'000'000);
    }
    SECTION("accepts other common spellings") {
        CHECK(parse_param_count("1.5T") == 1'500'000'000'000);
        CHECK(parse_param_count("125k") == 125'000);
        CHECK(parse_param_count("13_000_000_000") == 13'000'000'000);
        CHECK(parse_param_count("6.738415616e9") == 6'738'415'616);
        CHECK(parse_param_count(" 13B ") == 13'000'000'000);
        CHECK(parse_param_count("1.3e10") == 13'000'000'000);
    }
    SECTION("rejects what is not a whole positive count, with the reason") {
        CHECK_THROWS_WITH(parse_param_count("abc"),
                          "invalid parameter count 'abc', expected a whole number like 13e9, "
                          "13000000000, 13B, 7.24B or 560M");
        CHECK_THROWS_WITH(parse_param_count("13X"),
                          "invalid parameter count '13X': unknown suffix 'X', expected a whole "
                          "number like 13e9, 13000000000, 13B, 7.24B or 560M");
        CHECK_THROWS_WITH(parse_param_count("0"), "invalid parameter count '0': must be positive");
        CHECK_THROWS_WITH(parse_param_count("1.5"),
                          "invalid parameter count '1.5': not a whole number");
        CHECK_THROWS_WITH(parse_param_count("-13B"),
                          "invalid parameter count '-13B', expected a whole number like 13e9, "
                          "13000000000, 13B, 7.24B or 560M");
        CHECK_THROWS_WITH(
            parse_param_count("200T"),
            "invalid parameter count '200T': larger than 100T, the most llmsize accepts");
        CHECK_THROWS_WITH(parse_param_count("1e30"), "invalid parameter count '1e30': too large");
        CHECK_THROWS_WITH(parse_param_count("12345678901234567890"),
                          "invalid parameter count '12345678901234567890': too large");
        CHECK_THROWS_AS(parse_param_count(""), Error);
        CHECK_THROWS_AS(parse_param_count("nan"), Error);
        CHECK_THROWS_AS(parse_param_count("inf"), Error);
    }
}

TEST_CASE("llmsize::parse_sequence_lengths", "[quantity]") {
    SECTION("comma lists keep their order") {
        CHECK(parse_sequence_lengths("4096,2048") == std::vector<std::uint64_t>{4096, 2048});
        CHECK(parse_sequence_lengths("4096") == std::vector<std::uint64_t>{4096});
    }
    SECTION("k means 1024 tokens, as context lengths are quoted") {
        CHECK(parse_sequence_length("32k") == 32'768);
        CHECK(parse_sequence_length("128K") == 131'072);
        CHECK(parse_sequence_length("1M") == 1'048'576);
    }
    SECTION("rejects empty items, zero and absurd lengths") {
        CHECK_THROWS_WITH(parse_sequence_lengths("4096,,2048"),
                          "invalid sequence length list '4096,,2048': empty item, expected lengths "
                          "separated by commas like 4096,2048");
        CHECK_THROWS_WITH(parse_sequence_length("0"),
                          "invalid sequence length '0': must be positive");
        CHECK_THROWS_WITH(parse_sequence_length("2e9"),
                          "invalid sequence length '2e9': larger than 1073741824 tokens, the most "
                          "llmsize accepts");
        CHECK_THROWS_WITH(parse_sequence_length("4096.5"),
                          "invalid sequence length '4096.5': not a whole number");
    }
}

TEST_CASE("llmsize::parse_byte_size", "[quantity]") {
    SECTION("binary and decimal units are never confused") {
        CHECK(parse_byte_size("1.5GiB") == 1'610'612'736);  // 1.5 × 2^30
        CHECK(parse_byte_size("2GB") == 2'000'000'000);
        CHECK(parse_byte_size("512MiB") == 536'870'912);
        CHECK(parse_byte_size("800MB") == 800'000'000);
        CHECK(parse_byte_size("1024") == 1024);
    }
    SECTION("an ambiguous unit is refused") {
        CHECK_THROWS_WITH(parse_byte_size("1.5G"),
                          "invalid size '1.5G': unknown suffix 'G', expected a size with a unit "
                          "like 1.5GiB, 512MiB or 2GB");
    }
}

TEST_CASE("llmsize::parse_duration_seconds", "[quantity]") {
    CHECK(parse_duration_seconds("500ms") == Approx(0.5));
    CHECK(parse_duration_seconds("2s") == Approx(2.0));
    CHECK(parse_duration_seconds("1.5s") == Approx(1.5));
    CHECK(parse_duration_seconds("50us") == Approx(50e-6));
    for (const char* bad : {"", "ms", ".ms", "2", "2 min", "1.2.3s", "-1s", "0ms",
                            "1000000000000000000000000000000000000000s"}) {
        INFO(bad);
        CHECK_THROWS_AS(parse_duration_seconds(bad), llmsize::Error);
    }
}
