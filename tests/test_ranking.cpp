// The ranking of instances (src/ranking.hpp): fitting first; among them the cheapest, then the
// smallest; unpriced after priced; ties in catalog order. Then the recommendation and the best
// value drawn from it.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "llmsize/sizing.hpp"
#include "ranking.hpp"

using namespace llmsize;

namespace {
InstanceFit fit(std::string name, bool fits, std::optional<double> price,
                std::uint64_t memory_bytes = 0, std::optional<double> per_sequence = {}) {
    InstanceFit result;
    result.instance.name = std::move(name);
    result.instance.price_usd_per_hour = price;
    result.fits = fits;
    result.memory_bytes = memory_bytes;
    result.usd_per_hour_per_sequence = per_sequence;
    return result;
}

std::vector<std::string> names(const std::vector<InstanceFit>& fits) {
    std::vector<std::string> result;
    for (const InstanceFit& one : fits)
        result.push_back(one.instance.name);
    return result;
}
}  // namespace

TEST_CASE("llmsize::rank_fits", "[sizing][ranking]") {
    SECTION("fitting first, then the cheapest, unpriced after priced") {
        std::vector<InstanceFit> fits{fit("misfit-cheap", false, 0.5), fit("unpriced", true, {}),
                                      fit("dear", true, 9.0), fit("cheap", true, 1.0)};
        rank_fits(fits);
        CHECK(names(fits) == std::vector<std::string>{"cheap", "dear", "unpriced", "misfit-cheap"});
    }
    SECTION("at one price the smaller instance first, then the name") {
        std::vector<InstanceFit> fits{fit("b-big", true, 2.0, 200), fit("b-small", true, 2.0, 100),
                                      fit("a-small", true, 2.0, 100)};
        rank_fits(fits);
        CHECK(names(fits) == std::vector<std::string>{"a-small", "b-small", "b-big"});
    }
    SECTION("a longer permutation lands every fit in its place") {
        // The sorted order takes position 0 from 1 and 1 from 0, and 2 from 4, 4 from 3 and 3
        // from 2: two cycles of the permutation, (0 1) and (2 4 3).
        std::vector<InstanceFit> fits{fit("p2", true, 2.0), fit("p1", true, 1.0),
                                      fit("p4", true, 4.0), fit("p5", true, 5.0),
                                      fit("p3", true, 3.0)};
        rank_fits(fits);
        CHECK(names(fits) == std::vector<std::string>{"p1", "p2", "p3", "p4", "p5"});
    }
    SECTION("nothing to rank") {
        std::vector<InstanceFit> fits;
        rank_fits(fits);
        CHECK(fits.empty());
    }
}

TEST_CASE("llmsize::choose_recommended", "[sizing][ranking]") {
    SizingReport report;
    SECTION("the first of the ranking, and the best value when it is another") {
        report.instances = {fit("cheap", true, 1.0, 0, 0.5), fit("roomy", true, 4.0, 0, 0.25),
                            fit("misfit", false, 0.1)};
        choose_recommended(report);
        CHECK(report.recommended == "cheap");
        CHECK(report.best_value == "roomy");
    }
    SECTION("no best value when the recommended one is also the best value") {
        report.instances = {fit("cheap", true, 1.0, 0, 0.25), fit("roomy", true, 4.0, 0, 0.5)};
        choose_recommended(report);
        CHECK(report.recommended == "cheap");
        CHECK_FALSE(report.best_value);
    }
}
