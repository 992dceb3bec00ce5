// The exposure score defined once (engine/routing/exposure.hpp): components, weights, the formula text,
// and the README paragraph that must say the same.
#include "engine/routing/exposure.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace harbormap;

TEST_CASE("exposure components: C caps at 1 with cut-offs counted apart, N linear, Z from cranes", "[unit][routing]") {
    routing::exposure_inputs in;
    in.routes = 4;
    in.gate_detours_pct = {10, 100}; // 0.2 and 1 (capped at 50%)
    in.gate_cut_offs = 1;
    in.prc_pass_share = 0.25;
    in.nearest_prc_nm = 1750; // halfway between 500 and 3000
    in.cranes = 5;
    const auto x = routing::compute_exposure(in);
    CHECK(x.c_detour == Approx((0.2 + 1.0) / 4));
    CHECK(x.c_cut_off == Approx(1.0 / 4));
    CHECK(x.c == Approx(0.55));
    CHECK(x.p == Approx(0.25));
    CHECK(x.n == Approx(0.5));
    CHECK(x.z == Approx(0.25));
    CHECK(x.score == Approx(100 * (0.4 * 0.55 + 0.25 * 0.25 + 0.15 * 0.5 + 0.2 * 0.25)));
    // C is capped; N is 1 near, 0 far and when nothing is reachable; Z caps at 20 cranes
    in.gate_cut_offs = 8;
    in.nearest_prc_nm = 100;
    in.cranes = 40;
    auto y = routing::compute_exposure(in);
    CHECK(y.c == 1);
    CHECK(y.c_cut_off == Approx(2));
    CHECK(y.n == 1);
    CHECK(y.z == 1);
    in.nearest_prc_nm = HUGE_VAL;
    CHECK(routing::compute_exposure(in).n == 0);
    // no routes: no chokepoint term
    in.routes = 0;
    CHECK(routing::compute_exposure(in).c == 0);
}

TEST_CASE("exposure weights: parsed, normalised, rendered; bad weights are named", "[unit][routing]") {
    const auto w = routing::exposure_weights::parse("c=1, p=1");
    CHECK(w.c == 1);
    CHECK(w.p == 1);
    CHECK(w.n == Approx(0.15)); // unchanged default
    CHECK(routing::exposure_weights{}.text() == "c=0.4,p=0.25,n=0.15,z=0.2");
    routing::exposure_inputs in;
    in.routes = 1;
    in.prc_pass_share = 1;
    // only P weighted: the score is 100 x P whatever the scale of the weight
    CHECK(routing::compute_exposure(in, routing::exposure_weights::parse("c=0,p=7,n=0,z=0")).score == Approx(100));
    for (const char* bad : {"c", "q=1", "c=x", "p=-1", "c=0,p=0,n=0,z=0"}) {
        INFO(bad);
        CHECK_THROWS_AS(routing::exposure_weights::parse(bad), std::invalid_argument);
    }
    try {
        routing::exposure_weights::parse("c=1,q=2");
        FAIL("no error");
    } catch (const std::invalid_argument& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("q=2") && Catch::Contains("unknown key"));
    }
}

TEST_CASE("exposure formula text follows the weights and scale; the README carries the default one", "[unit][routing]") {
    const std::string t = routing::exposure_formula();
    CHECK_THAT(t, Catch::Contains("0.4 x C + 0.25 x P + 0.15 x N + 0.2 x Z") && Catch::Contains("detour% / 50") &&
                      Catch::Contains("500 nm") && Catch::Contains("3,000 nm") && Catch::Contains("/ 20)") &&
                      Catch::Contains("zpmc_sts_count"));
    routing::exposure_scale s;
    s.detour_full_pct = 25;
    CHECK_THAT(routing::exposure_formula(routing::exposure_weights::parse("c=2,p=1,n=1,z=0"), s),
               Catch::Contains("0.5 x C + 0.25 x P + 0.25 x N + 0 x Z") && Catch::Contains("detour% / 25"));
    // The README states the same formula (the paragraph is generated from exposure_formula(); this keeps it so).
    const char* src = std::getenv("HARBORMAP_SOURCE_DIR");
    std::ifstream in(std::filesystem::path(src && *src ? src : HARBORMAP_SOURCE_DIR) / "README.md");
    REQUIRE(in);
    std::stringstream ss;
    ss << in.rdbuf();
    CHECK_THAT(ss.str(), Catch::Contains(t));
}
