#include "engine/fusion/footprint.hpp"
#include "tests/fusion/fixture_rows.hpp"
#include "engine/fusion/source_descriptor.hpp"
#include "engine/fusion/validity.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>

using namespace harbormap;
using namespace harbormap::fusion;

namespace {
using test::fact_row;
using test::fact_table;
feature terminal(const char* id, const char* port, const char* cc, std::optional<std::int64_t> wpi, const char* type,
                 const char* role, const char* status, double stake, lon_lat pos, const char* coord = "wpi",
                 const char* notes = "") {
    return fact_row({{"terminal_id", id}, {"terminal_name", std::string(id) + " terminal"}, {"port_name", port}, {"country_iso2", cc},
                 {"wpi_number", wpi ? value(*wpi) : value()}, {"coord_source", coord}, {"operator", std::string("Op ") + id},
                 {"group_key", type == std::string("HK-private") ? "Hutchison" : "COSCO"}, {"operator_type", type},
                 {"stake_pct", stake}, {"prc_lookthrough_pct", stake}, {"role", role}, {"status", status},
                 {"source_url", std::string("https://example.org/") + id}, {"confidence", "high"}, {"notes", notes}},
                pos);
}

struct fixture {
    feature_layer wpi = fact_table("wpi", {
        fact_row({{"oid", std::int64_t{1}}, {"wpi_number", 42230.0}, {"name", "Piraievs"}, {"alt_name", "Piraeus"},
              {"unlocode", "GR PIR"}, {"country_name", "Greece"}, {"harbor_size", "Large"}}, lon_lat{23.65, 37.933333}),
        fact_row({{"oid", std::int64_t{2}}, {"wpi_number", 16070.0}, {"name", "Long Beach"}, {"unlocode", "US LGB"},
              {"country_name", "United States"}, {"harbor_size", "Large"}}, lon_lat{-118.183333, 33.766667}),
        fact_row({{"oid", std::int64_t{3}}, {"wpi_number", 7910.0}, {"name", "Norfolk"}, {"unlocode", "US ORF"},
              {"country_name", "United States"}, {"harbor_size", "Large"}}, lon_lat{-76.3, 36.85}),
        fact_row({{"oid", std::int64_t{4}}, {"wpi_number", 7920.0}, {"name", "Portsmouth"}, {"unlocode", "US PTM"},
              {"country_name", "United States"}, {"harbor_size", "Medium"}}, lon_lat{-76.3, 36.833333}),
        fact_row({{"oid", std::int64_t{5}}, {"wpi_number", 46130.0}, {"name", "Lagos"}, {"unlocode", "NG LOS"},
              {"country_name", "Nigeria"}, {"harbor_size", "Large"}}, lon_lat{3.383333, 6.45}),
    });
    feature_layer countries = fact_table("wpi_countries", {
        fact_row({{"wpi_country_name", "Greece"}, {"iso2", "GR"}}), fact_row({{"wpi_country_name", "United States"}, {"iso2", "US"}}),
        fact_row({{"wpi_country_name", "Nigeria"}, {"iso2", "NG"}})});
    feature_layer terminals = fact_table("terminals", {
        terminal("gr-ppa", "Piraeus", "GR", 42230, "PRC-SOE", "equity", "active", 67, {23.65, 37.933333}),
        terminal("gr-pct", "Piraeus", "GR", 42230, "PRC-SOE", "concession", "active", 100, {23.65, 37.933333}),
        terminal("gr-build", "Piraeus", "GR", 42230, "PRC-SOE", "builder", "active", 0, {23.65, 37.933333}),
        terminal("us-lbct", "Long Beach", "US", 16070, "PRC-SOE", "equity", "divested", 100, {-118.183333, 33.766667}),
        terminal("us-hk", "Long Beach", "US", 16070, "HK-private", "operator", "active", 50, {-118.183333, 33.766667}),
        terminal("ng-lekki-a", "Lekki (Lagos)", "NG", std::nullopt, "PRC-SOE", "equity", "active", 52.5, {3.383333, 6.45}, "wpi-proxy:Lagos", "Conflict: 75% elsewhere"),
        terminal("ng-lekki-b", "Lekki (Lagos)", "NG", std::nullopt, "PRC-SOE", "equity", "pending", 75, {3.383333, 6.45}, "wpi-proxy:Lagos"),
    });
    feature_layer bri = fact_table("bri", {fact_row({{"bri_id", "gr-b"}, {"port_name", "Piraeus"}, {"country_iso2", "GR"}, {"wpi_number", std::int64_t{42230}},
                                            {"coord_source", "wpi"}, {"status", "active"}, {"source_url", "u"}, {"confidence", "high"}},
                                           lon_lat{23.65, 37.933333})});
    feature_layer logink = fact_table("logink", {fact_row({{"logink_id", "agg"}, {"port_name", "(aggregate)"}, {"granularity", "aggregate"},
                                                  {"status", "signed"}, {"source_url", "u"}, {"confidence", "high"}})});
    feature_layer zpmc = fact_table("zpmc", {
        fact_row({{"zpmc_id", "z-lb"}, {"port_name", "Long Beach"}, {"state", "CA"}, {"wpi_number", std::int64_t{16070}},
              {"zpmc_sts_count", std::int64_t{20}}, {"dod_strategic_seaport", "yes"}, {"strategic_seed_name", "Long Beach"},
              {"source_url", "u"}, {"confidence", "medium"}}, lon_lat{-118.183333, 33.766667}),
        fact_row({{"zpmc_id", "z-vig"}, {"port_name", "Portsmouth"}, {"state", "VA"}, {"wpi_number", std::int64_t{7920}},
              {"zpmc_sts_count", std::int64_t{16}}, {"dod_strategic_seaport", "yes"}, {"strategic_seed_name", "Norfolk (Hampton Roads)"},
              {"source_url", "u"}, {"confidence", "high"}}, lon_lat{-76.3, 36.833333}),
        fact_row({{"zpmc_id", "z-low"}, {"port_name", "Norfolk"}, {"state", "VA"}, {"wpi_number", std::int64_t{7910}},
              {"zpmc_sts_count", std::int64_t{3}}, {"dod_strategic_seaport", "yes"}, {"strategic_seed_name", "Norfolk (Hampton Roads)"},
              {"source_url", "u"}, {"confidence", "low"}}, lon_lat{-76.3, 36.85}),
    });
    feature_layer strategic = fact_table("strategic", {
        fact_row({{"name", "Long Beach"}, {"state", "CA"}, {"role_as_reported", "commercial"}, {"wpi_number", std::int64_t{16070}},
              {"wpi_unlocode", "USLGB"}, {"coords_are_proxy", "no"}, {"source_url", "u"}, {"confidence", "high"}},
             lon_lat{-118.183333, 33.766667}),
        fact_row({{"name", "Norfolk (Hampton Roads)"}, {"state", "VA"}, {"role_as_reported", "commercial"}, {"wpi_number", std::int64_t{7910}},
              {"coords_are_proxy", "no"}, {"source_url", "u"}, {"confidence", "medium"}}, lon_lat{-76.3, 36.85}),
    });
    footprint_inputs inputs() const {
        footprint_inputs in;
        in.wpi = &wpi;
        in.wpi_countries = &countries;
        in.tables = {{"terminals", &terminals}, {"bri", &bri}, {"logink", &logink}, {"zpmc", &zpmc}, {"strategic", &strategic}};
        return in;
    }
};

const feature& port_by_id(const footprint& fp, const std::string& id) {
    for (const auto& f : fp.ports.features)
        if (f.text("port_id") == id) return f;
    FAIL("no port " << id);
    throw std::logic_error("unreachable");
}
} // namespace

TEST_CASE("PRC-operated counts only active ownership/operation rows of mainland firms", "[unit][fusion]") {
    fixture fx;
    const auto fp = fuse(fx.inputs());
    const feature& pir = port_by_id(fp, "wpi:42230");
    CHECK(pir.text("prc_operated") == "true");
    CHECK(pir.text("prc_terminals") == "2");  // the builder row is not counted
    CHECK(pir.text("prc_builder") == "1");    // but kept as a fact
    CHECK(pir.text("prc_max_stake") == "100");
    CHECK(pir.text("unlocode") == "GRPIR");
    CHECK(pir.text("bri") == "true");
    CHECK(pir.text("sources").find("terminals:gr-ppa") != std::string::npos);
    CHECK(pir.text("provenance").find("https://example.org/gr-ppa") != std::string::npos);

    const feature& lb = port_by_id(fp, "wpi:16070");
    CHECK(lb.text("prc_operated") == "false");           // divested is shown, not merged
    CHECK(lb.text("prc_other_status") == "divested:1");
    CHECK(lb.text("hk_operated") == "true");             // Hutchison is its own class
    CHECK(lb.text("strategic") == "true");
    CHECK(lb.text("zpmc") == "true");
    CHECK(lb.text("zpmc_sts_count") == "20");
}

TEST_CASE("rows with proxy positions become curated-only ports; conflicts are flagged", "[unit][fusion]") {
    fixture fx;
    for (auto& [k, v] : fx.terminals.features[6].properties) // same terminal as ng-lekki-a, another stake
        if (k == "terminal_name") v = std::string("ng-lekki-a terminal");
    const auto fp = fuse(fx.inputs());
    const feature& lekki = port_by_id(fp, "cur:NG:lekki-lagos");
    CHECK(lekki.text("origin") == "curated");
    CHECK(lekki.text("position_is_proxy") == "true");
    CHECK(lekki.text("prc_operated") == "true");
    CHECK(lekki.text("prc_other_status") == "pending:1");
    CHECK(lekki.text("conflicts").find("ng-lekki-a") != std::string::npos);
    CHECK(lekki.text("conflicts").find("different stakes") != std::string::npos);
    CHECK(port_by_id(fp, "wpi:46130").text("prc_operated") == "false"); // Lagos itself gets nothing
    CHECK(fp.summary.curated_ports == 1);
}

TEST_CASE("ZPMC rows link to a Strategic Seaport through the curated seed name", "[unit][fusion]") {
    fixture fx;
    const auto fp = fuse(fx.inputs());
    const feature_layer* strategic = fp.fact("strategic_seaports");
    REQUIRE(strategic);
    REQUIRE(strategic->features.size() == 2);
    const feature& norfolk = strategic->features[1];
    CHECK(norfolk.text("zpmc") == "true");
    CHECK(norfolk.text("zpmc_sts_count") == "16"); // the low-confidence row is not counted
    CHECK(fp.summary.strategic_with_zpmc == 2);
    CHECK(fp.summary.zpmc_cranes_at_strategic == 36);
    CHECK(norfolk.text("nearest_prc_port_id") == "wpi:42230");
}

TEST_CASE("summary counts by curated port name and match report covers every row", "[unit][fusion]") {
    fixture fx;
    const auto fp = fuse(fx.inputs());
    CHECK(fp.summary.prc_operated_by_name.ports == 2);      // Piraeus, Lekki
    CHECK(fp.summary.prc_operated_by_name.countries == 2);
    CHECK(fp.summary.prc_operated_by_name.rows == 3);
    CHECK(fp.summary.prc_or_hk_by_name.ports == 3);         // + Long Beach (Hutchison)
    CHECK(fp.summary.prc_builder.rows == 1);
    const std::size_t rows = fx.terminals.features.size() + fx.bri.features.size() + fx.logink.features.size() +
                             fx.zpmc.features.size() + fx.strategic.features.size();
    CHECK(fp.match_report.features.size() == rows);
    std::size_t not_a_port = 0;
    for (const auto& f : fp.match_report.features)
        if (f.text("status") == "not-a-port") ++not_a_port;
    CHECK(not_a_port == 1);
}

TEST_CASE("BRI and LOGINK summary lines give the report's count by curated port name beside the fused entities", "[unit][fusion]") {
    // A BRI row without a position that no port name fits stays unmatched: it is a port by name (the report's
    // rule, products::port_figures) but no fused entity; before, the build printed only the fused count
    // (shipped data: 58 ports in 43 countries) while the report said 63 ports in 45 countries.
    fixture fx;
    fx.bri.features.push_back(fact_row({{"bri_id", "bs-abaco"}, {"port_name", "North Abaco"}, {"country_iso2", "BS"},
                                        {"status", "active"}, {"source_url", "u"}, {"confidence", "high"}}));
    fx.bri.features.push_back(fact_row({{"bri_id", "gr-cancelled"}, {"port_name", "Kavala"}, {"country_iso2", "GR"},
                                        {"status", "cancelled"}, {"source_url", "u"}, {"confidence", "high"}}));
    const auto fp = fuse(fx.inputs());
    CHECK(fp.summary.bri.rows == 2);
    CHECK(fp.summary.bri.ports == 1);            // Piraeus
    CHECK(fp.summary.bri.countries == 1);
    CHECK(fp.summary.bri.ports_by_name == 2);    // Piraeus, North Abaco; the cancelled row is not counted
    CHECK(fp.summary.bri.countries_by_name == 2);
    CHECK(fp.summary.logink.ports_by_name == 0); // an aggregate row is not a port
    const std::string s = format_summary(fp.summary);
    CHECK_THAT(s, Catch::Contains("BRI port projects (not cancelled): 2 rows at 2 ports in 2 countries (by curated port name); "
                                  "1 fused port entities in 1 countries"));
    CHECK_THAT(s, Catch::Contains("LOGINK partner ports (signed/operational): 0 rows at 0 ports in 0 countries (by curated port "
                                  "name); 0 fused port entities in 0 countries"));
}

TEST_CASE("provenance: each fact's entry carries the source date the row gives, none when it gives none", "[unit][fusion]") {
    fixture fx;
    fx.bri.features[0].properties.emplace_back("source_date", std::string("2019-11-11"));
    const auto fp = fuse(fx.inputs());
    const auto prov = nlohmann::json::parse(port_by_id(fp, "wpi:42230").text("provenance"));
    std::size_t dated = 0, undated = 0;
    for (const auto& e : prov) {
        if (e.at("table") == "bri") {
            CHECK(e.at("source_date") == "2019-11-11");
            ++dated;
        } else {
            CHECK(!e.contains("source_date")); // the fixture's terminal rows give no date: none is invented
            ++undated;
        }
    }
    CHECK(dated == 1);
    CHECK(undated == 3);
}

TEST_CASE("a fact that changes changes the footprint", "[unit][fusion]") {
    fixture fx;
    // Mark the Piraeus concession as cancelled: the port stays PRC-operated through the equity row.
    for (auto& [k, v] : fx.terminals.features[1].properties)
        if (k == "status") v = std::string("cancelled");
    auto fp = fuse(fx.inputs());
    CHECK(port_by_id(fp, "wpi:42230").text("prc_terminals") == "1");
    CHECK(port_by_id(fp, "wpi:42230").text("prc_other_status") == "cancelled:1");
    // And the equity row too: no longer PRC-operated.
    for (auto& [k, v] : fx.terminals.features[0].properties)
        if (k == "status") v = std::string("divested");
    fp = fuse(fx.inputs());
    CHECK(port_by_id(fp, "wpi:42230").text("prc_operated") == "false");
}

// ---- through time (validity.hpp): the fixture's terminals with known years, 2010 < 2015 < now ----------

namespace {
void set_year(feature_layer& l, const std::string& id, std::optional<std::int64_t> year) {
    for (auto& f : l.features) {
        if (f.text("terminal_id") != id) continue;
        f.properties.emplace_back("since_year", year ? value(*year) : value());
        return;
    }
    FAIL("no row " << id);
}

// gr-pct 2010, gr-ppa 2015, gr-build 2008 (builder), us-lbct 2012 (divested, exit year not in the data),
// us-hk 2010, ng-lekki-a year unknown, ng-lekki-b 2020 (pending).
fixture dated() {
    fixture fx;
    set_year(fx.terminals, "gr-pct", 2010);
    set_year(fx.terminals, "gr-ppa", 2015);
    set_year(fx.terminals, "gr-build", 2008);
    set_year(fx.terminals, "us-lbct", 2012);
    set_year(fx.terminals, "us-hk", 2010);
    set_year(fx.terminals, "ng-lekki-a", std::nullopt);
    set_year(fx.terminals, "ng-lekki-b", 2020);
    fx.terminals.fields.push_back({"since_year", field_type::integer});
    return fx;
}

footprint fuse_as_of(const fixture& fx, int year, as_of_note* note = nullptr) {
    auto in = fx.inputs();
    const as_of_tables t = filter_as_of(in.tables, shipped_sources(), year);
    in.tables = t.tables;
    if (note) *note = t.note;
    return fuse(in);
}
} // namespace

TEST_CASE("validity: valid_from <= year < valid_to; unknown years are never guessed", "[unit][fusion]") {
    const validity_rule rule{"since_year", "end_year", "status"};
    const feature row = fact_row({{"since_year", std::int64_t{2010}}, {"end_year", std::int64_t{2015}}, {"status", "divested"}});
    const validity v = fact_validity(rule, row);
    REQUIRE(v.from == 2010);
    REQUIRE(v.to == 2015);
    CHECK(v.ended);
    CHECK_FALSE(valid_in(v, 2009));
    CHECK(valid_in(v, 2010));
    CHECK(valid_in(v, 2014));
    CHECK_FALSE(valid_in(v, 2015)); // valid_to is the first year it no longer holds
    const validity open = fact_validity(rule, fact_row({{"since_year", std::int64_t{2010}}, {"status", "active"}}));
    CHECK_FALSE(open.to);
    CHECK_FALSE(open.ended);
    CHECK(valid_in(open, 2100));
    const validity unknown = fact_validity(rule, fact_row({{"since_year", value()}, {"status", "active"}}));
    CHECK_FALSE(unknown.from);
    CHECK_FALSE(valid_in(unknown, 2100)); // year unknown: not in any as-of footprint
    CHECK_FALSE(fact_validity(rule, fact_row({{"since_year", "2010"}})).from); // text is not a year column value
    CHECK(status_ended("cancelled"));
    CHECK_FALSE(status_ended("pending"));
}

TEST_CASE("fact layers carry valid_from / valid_to from the rows' years", "[unit][fusion]") {
    const fixture fx = dated();
    const auto fp = fuse(fx.inputs());
    const feature_layer* t = fp.fact("terminals");
    REQUIRE(t);
    std::map<std::string, std::string> from, to;
    for (const auto& f : t->features) {
        from[f.text("terminal_id")] = f.text("valid_from");
        to[f.text("terminal_id")] = f.text("valid_to");
    }
    CHECK(from["gr-pct"] == "2010");
    CHECK(from["us-lbct"] == "2012");
    CHECK(to["us-lbct"].empty()); // divested, exit year not in the data: left empty
    CHECK(from["ng-lekki-a"].empty());
    const feature_layer* s = fp.fact("strategic_seaports"); // not time-bound: no columns
    REQUIRE(s);
    CHECK(std::none_of(s->fields.begin(), s->fields.end(), [](const field_def& d) { return d.name == "valid_from"; }));
}

TEST_CASE("as-of counts on a fixture with known years: 2009, 2010, 2015, now", "[unit][fusion]") {
    const fixture fx = dated();
    const auto now = fuse(fx.inputs());
    CHECK(now.summary.prc_operated_by_name.ports == 2); // Piraeus, Lekki (its year unknown: counted now)
    CHECK(now.summary.prc_operated_by_name.rows == 3);

    CHECK(fuse_as_of(fx, 2009).summary.prc_operated_by_name.ports == 0);
    const auto y2010 = fuse_as_of(fx, 2010);
    CHECK(y2010.summary.prc_operated_by_name.ports == 1);
    CHECK(y2010.summary.prc_operated_by_name.rows == 1);  // gr-pct only
    CHECK(y2010.summary.hk_operated.ports == 1);          // us-hk
    CHECK(port_by_id(y2010, "wpi:42230").text("prc_terminals") == "1");
    CHECK(port_by_id(y2010, "wpi:16070").text("prc_other_status").empty()); // lbct not there before 2012

    as_of_note note;
    const auto y2015 = fuse_as_of(fx, 2015, &note);
    CHECK(y2015.summary.prc_operated_by_name.ports == 1);
    CHECK(y2015.summary.prc_operated_by_name.rows == 2);  // + gr-ppa
    CHECK(port_by_id(y2015, "wpi:42230").text("prc_terminals") == "2");
    CHECK(port_by_id(y2015, "wpi:16070").text("prc_other_status") == "divested:1"); // kept with its final status
    CHECK(y2015.summary.prc_operated_or_pending_by_name.ports == 1); // lekki-b pending only from 2020
    const as_of_table_note& tn = note.tables.at("terminals");
    CHECK(tn.kept == 5);
    CHECK(tn.year_unknown == 1);
    CHECK(tn.other_years == 1);
    CHECK(tn.ended_year_unknown == 1);
    CHECK(note.tables.count("strategic") == 0); // not time-bound: whole in every year
    CHECK(y2015.summary.strategic == now.summary.strategic);

    const auto y2020 = fuse_as_of(fx, 2020);
    CHECK(y2020.summary.prc_operated_by_name.ports == 1); // lekki-a still year unknown
    CHECK(y2020.summary.prc_operated_or_pending_by_name.ports == 2);
}
