// "Did you mean ...?" (suggest.hpp): the edit distance, the closest name and the message ending
// that every unknown-name error uses.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "llmsize/suggest.hpp"

using llmsize::closest_name;
using llmsize::did_you_mean;
using llmsize::edit_distance;

TEST_CASE("llmsize::edit_distance", "[suggest]") {
    SECTION("counts insertions, deletions and substitutions") {
        CHECK(edit_distance("", "") == 0);
        CHECK(edit_distance("g5", "g55") == 1);
        CHECK(edit_distance("kitten", "sitting") == 3);  // the textbook example
    }
    SECTION("ignores case") {
        CHECK(edit_distance("H100", "h100") == 0);
    }
}

TEST_CASE("llmsize::closest_name", "[suggest]") {
    const std::vector<std::string> flags{"--params", "--json", "--seq"};
    SECTION("names a plausible typo") {
        CHECK(closest_name("--jsn", flags) == "--json");
        CHECK(closest_name("--param", flags) == "--params");
    }
    SECTION("offers nothing for a name far from every candidate") {
        CHECK_FALSE(closest_name("--instance-family", flags).has_value());
    }
    SECTION("offers nothing for a query longer than k_max_suggestion_query_bytes") {
        const std::string long_name(llmsize::k_max_suggestion_query_bytes + 1, 'a');
        const std::vector<std::string> candidates{long_name + "b"};
        CHECK_FALSE(closest_name(long_name, candidates).has_value());
    }
}

TEST_CASE("llmsize::did_you_mean", "[suggest]") {
    const std::vector<std::string> families{"g5", "p4d", "inf2"};
    SECTION("names the closest candidate in the words every error uses") {
        CHECK(did_you_mean("g55", families) == ", did you mean 'g5'?");
        CHECK(did_you_mean("g55", families, "; ignored") == ", did you mean 'g5'?");
    }
    SECTION("falls back to what lists the accepted names, or to nothing") {
        CHECK(did_you_mean("trn1-large", families, ", expected one of g5 p4d inf2") ==
              ", expected one of g5 p4d inf2");
        CHECK(did_you_mean("trn1-large", families).empty());
    }
}
