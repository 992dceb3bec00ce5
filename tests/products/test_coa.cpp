// Courses of action: amount parsing, the scenario arithmetic on a hand-computed two-port fixture, and the
// default row choice on the real cost table.
#include "engine/core/error.hpp"
#include "engine/products/coa/coa.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace harbormap;
using namespace harbormap::products::coa;

namespace {

std::filesystem::path source_dir() {
    const char* env = std::getenv("HARBORMAP_SOURCE_DIR");
    return env ? env : HARBORMAP_SOURCE_DIR;
}

cost_fact fact(std::string id, std::string kind, std::string maker, std::string amount, std::string quantity,
               std::string year, std::string equipment = "STS", std::string confidence = "high") {
    cost_fact f;
    f.id = std::move(id);
    f.kind = std::move(kind);
    f.maker = std::move(maker);
    f.equipment = std::move(equipment);
    f.amount_text = std::move(amount);
    f.quantity_text = std::move(quantity);
    f.year_text = std::move(year);
    f.currency = "USD";
    f.confidence = std::move(confidence);
    f.amount = parse_amount(f.amount_text);
    f.quantity = parse_quantity(f.quantity_text);
    f.years = parse_year_span(f.year_text);
    return f;
}

std::vector<cost_fact> fixture_facts() {
    return {
        fact("up-a", "unit_price", "Liebherr", "30000000 total", "2", "2024"),          // 15m each
        fact("up-b", "unit_price", "Konecranes", "about 12000000 each", "1", "2021"),   // 12m
        fact("up-old", "unit_price", "Konecranes", "9000000 each", "1", "2010"),        // before price_since
        fact("up-z", "unit_price", "ZPMC", "20000000 total", "2", "2022"),              // 10m PRC
        fact("rc-a", "retrofit_cost", "Konecranes (retrofit of any make)", "15-30% of the price of a new crane", "1", "2021"),
        fact("rc-x", "retrofit_cost", "(PRC-manufactured STS cranes)", "not public (security-sensitive)", "", "2024"),
        fact("tar-a", "tariff", "(Chinese-made)", "25% Section 301", "", "2024"),
        fact("tar-b", "tariff", "(Chinese-made)", "100% (from 2025-11-09)", "", "2025"),
        fact("lt-a", "lead_time", "Konecranes", "", "4", "2020-2023"),                 // 3 years
        fact("lt-b", "lead_time", "Liebherr", "", "3", "2021-2022"),                   // 1 year
        fact("lt-r", "lead_time", "Cargotec (retrofit of other makes)", "", "8", "2010-2012"), // retrofit 2 years
        fact("cap-a", "capacity", "non-Chinese", "", "about 20 per year", "2025"),
    };
}

} // namespace

TEST_CASE("amounts: the forms the cost table uses") {
    auto a = parse_amount("19000000 total; 9500000 each");
    REQUIRE(a.clauses.size() == 2);
    CHECK(a.first(amount_basis::total)->low == 19000000);
    CHECK(a.first(amount_basis::each)->low == 9500000);

    a = parse_amount("more than 35000000 total (incl. electrical and engineering services)");
    REQUIRE(a.first(amount_basis::total));
    CHECK(a.first(amount_basis::total)->bound == amount_bound::at_least);

    a = parse_amount("'typically about 6000000 each' (order value not disclosed)");
    REQUIRE(a.first(amount_basis::each));
    CHECK(a.first(amount_basis::each)->bound == amount_bound::approx);
    CHECK(a.first(amount_basis::each)->low == 6000000);

    a = parse_amount("10000000-12000000 or more (typical)");
    REQUIRE(a.first(amount_basis::bare));
    CHECK(a.first(amount_basis::bare)->low == 10000000);
    CHECK(a.first(amount_basis::bare)->high == 12000000);
    CHECK(a.first(amount_basis::bare)->bound == amount_bound::range);

    a = parse_amount("15000000 average each");
    CHECK(a.first(amount_basis::each)->bound == amount_bound::average);

    a = parse_amount("15-30% of the price of a new crane");
    REQUIRE(a.first(amount_basis::percent));
    CHECK(a.first(amount_basis::percent)->low == 15);
    CHECK(a.first(amount_basis::percent)->high == 30);

    a = parse_amount("25% (exemption: contract before 2024-05-14 and entry before 2026-05-14)");
    REQUIRE(a.clauses.size() == 1);
    CHECK(a.first(amount_basis::percent)->low == 25);

    a = parse_amount("up to 150% (proposed)");
    CHECK(a.first(amount_basis::percent)->bound == amount_bound::at_most);

    a = parse_amount("16000000 (pre-duty); just under 21000000 with 30% duty");
    REQUIRE(a.clauses.size() == 2);
    CHECK(a.clauses[0].low == 16000000);
    CHECK(a.clauses[1].bound == amount_bound::at_most);

    // differences and added costs are not prices
    a = parse_amount("ZPMC bid 1700000 per crane below competitor");
    CHECK(a.empty());
    a = parse_amount("40380000 added cost (Virginia); 52000000 added cost (New Orleans LIT)");
    REQUIRE(a.clauses.size() == 2);
    CHECK(a.clauses[0].delta);
    CHECK(a.first(amount_basis::bare) == nullptr);

    CHECK(parse_amount("not disclosed").empty());
    CHECK(parse_amount("'prohibitive' (qualitative)").empty());
    CHECK(parse_amount("").empty());

    CHECK(parse_quantity("3") == 3);
    CHECK_FALSE(parse_quantity("4 STS + 20 RTG"));
    CHECK(parse_year_span("2024-2026") == std::pair<int, int>{2024, 2026});
    CHECK_FALSE(parse_year_span("1990s-2001"));
}

TEST_CASE("makers: PRC, non-PRC, unknown") {
    CHECK(classify_maker("ZPMC") == maker_class::prc);
    CHECK(classify_maker("(Chinese-made, mainly ZPMC)") == maker_class::prc);
    CHECK(classify_maker("(non-Chinese replacement, maker not named)") == maker_class::non_prc);
    CHECK(classify_maker("Liebherr (Liebherr Container Cranes, Killarney)") == maker_class::non_prc);
    CHECK(classify_maker("not stated") == maker_class::unknown);
    CHECK(classify_maker("(all makers)") == maker_class::unknown);
}

TEST_CASE("scenarios on a two-port fixture equal the hand computation") {
    const auto facts = fixture_facts();
    std::vector<port_cranes> ports = {{"wpi:1", "Alpha", 10, 0, {}}, {"wpi:2", "Beta", 4, 2, {"o-1"}}};
    assumptions a;
    a.tariff_rows = {"tar-a", "tar-b"};
    a.capacity_fact = "cap-a";
    const auto r = compute(facts, ports, a);
    // non-PRC prices since 2019: up-a 15m, up-b 12m; PRC: up-z 10m
    CHECK(r.replacement_price.low == Approx(12e6));
    CHECK(r.replacement_price.high == Approx(15e6));
    CHECK(r.replacement_price.facts == std::vector<std::string>{"up-a", "up-b"});
    CHECK(r.prc_price.low == Approx(10e6));
    CHECK(r.lead_years.low == Approx(1));
    CHECK(r.lead_years.high == Approx(3));
    REQUIRE(r.ports.size() == 2);
    const auto& alpha = r.ports[0].scenarios;
    REQUIRE(alpha.size() == 4);
    // remove: 10 cranes x 12..15m; years: 1..3 + 10/20
    CHECK(alpha[0].scenario == "remove");
    CHECK(alpha[0].cost.low == Approx(120e6));
    CHECK(alpha[0].cost.high == Approx(150e6));
    CHECK(alpha[0].years.low == Approx(1.5));
    CHECK(alpha[0].years.high == Approx(3.5));
    // secure: 10 x 15..30% x 12..15m = 18m .. 45m; years from the retrofit row: 2
    CHECK(alpha[1].scenario == "secure");
    CHECK(alpha[1].cost.low == Approx(18e6));
    CHECK(alpha[1].cost.high == Approx(45e6));
    CHECK(alpha[1].years.low == Approx(2));
    // Beta stop: 2 pending x 10m x 25..100% = 5m .. 20m; switch: 2 x (12-10 .. 15-10) = 4m .. 10m
    const auto& beta = r.ports[1].scenarios;
    CHECK(beta[2].scenario == "stop-tariff");
    CHECK(beta[2].cost.low == Approx(5e6));
    CHECK(beta[2].cost.high == Approx(20e6));
    CHECK(beta[3].cost.low == Approx(4e6));
    CHECK(beta[3].cost.high == Approx(10e6));
    // total: 14 cranes
    CHECK(r.total.port.zpmc_sts == 14);
    CHECK(r.total.scenarios[0].cost.high == Approx(14 * 15e6));
    // not known: the retrofit row without a number
    REQUIRE(r.not_known.size() == 1);
    CHECK(r.not_known[0].rfind("rc-x", 0) == 0);
}

TEST_CASE("changing the price rows changes the result and its cited ids") {
    const auto facts = fixture_facts();
    std::vector<port_cranes> ports = {{"wpi:1", "Alpha", 10, 0, {}}};
    assumptions a;
    a.tariff_rows = {"tar-a"};
    a.capacity_fact = "cap-a";
    const auto base = compute(facts, ports, a, {"remove"});
    a.price_rows = {"up-old"};
    const auto old = compute(facts, ports, a, {"remove"});
    CHECK(old.ports[0].scenarios[0].cost.low == Approx(90e6));
    CHECK(old.ports[0].scenarios[0].cost.facts == std::vector<std::string>{"up-old"});
    CHECK(base.ports[0].scenarios[0].cost.low != Approx(old.ports[0].scenarios[0].cost.low));
    a.price_rows = {"no-such-row"};
    CHECK_THROWS_AS(compute(facts, ports, a), usage_error);
    a.price_rows = {"rc-x"};
    CHECK_THROWS_AS(compute(facts, ports, a), usage_error);
    a.price_rows = {};
    CHECK_THROWS_AS(compute(facts, ports, a, {"demolish"}), usage_error);
}

TEST_CASE("the real cost table: every price row chosen by default meets the rules, every other fails one") {
    const auto map = layers::load_mapping(source_dir() / "layers" / "mappings" / "crane_costs.json");
    const auto table = layers::read_source(map, source_dir() / "data");
    std::vector<std::string> unparsed;
    const auto facts = load_cost_facts(table.layer, &unparsed);
    CHECK(facts.size() == table.layer.features.size());
    const assumptions a;
    const auto r = compute(facts, {}, a);
    REQUIRE(r.replacement_price.known);
    for (const auto& f : facts) {
        if (f.kind != "unit_price") continue;
        const bool rules = f.equipment.rfind("STS", 0) == 0 && f.currency == "USD" && classify_maker(f.maker) == maker_class::non_prc &&
                           f.years && f.years->first >= a.price_since && f.confidence != "low";
        const bool chosen = std::find(r.replacement_price.facts.begin(), r.replacement_price.facts.end(), f.id) !=
                            r.replacement_price.facts.end();
        INFO(f.id << " " << f.maker << " " << f.amount_text);
        if (chosen) CHECK(rules);
        if (rules && !chosen) CHECK(f.amount.first(amount_basis::each) == nullptr); // only rows without a per-crane figure are skipped
    }
    // the retrofit share and the default tariffs come from the rows that state them
    CHECK(r.retrofit_share.known);
    CHECK(r.tariff_rate.low == Approx(25));
    CHECK(r.tariff_rate.high == Approx(100));
    // rows stating no number are reported, not guessed
    for (const auto& id : unparsed) {
        bool found = false;
        for (const auto& f : facts)
            if (f.id == id) found = f.amount.empty();
        CHECK(found);
    }
}
