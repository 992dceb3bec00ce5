// The equipment tables in the fusion (cranes abroad, US crane orders, other Chinese equipment) and
// the attachment of rows without coordinates: aggregates are facts, never ports; a row without a
// position attaches to an existing entity by name + country or stays unmatched with the reason,
// and is never given a position of its own.
#include "engine/fusion/footprint.hpp"
#include "tests/fusion/fixture_rows.hpp"

#include <catch2/catch.hpp>
#include <initializer_list>
#include <set>

using namespace harbormap;
using namespace harbormap::fusion;

namespace {
using test::fact_row;
using test::fact_table;
const lon_lat piraeus{23.65, 37.933333}, long_beach{-118.183333, 33.766667}, abu_zaby{54.333333, 24.5};
const lon_lat kyaukpyu_town{93.55, 19.433333}; // a cited town position standing in for the port

feature terminal(const char* id, const char* port, const char* cc, std::optional<std::int64_t> wpi, lon_lat pos, const char* coord) {
    return fact_row({{"terminal_id", id}, {"terminal_name", id}, {"port_name", port}, {"country_iso2", cc},
                {"wpi_number", wpi ? value(*wpi) : value()}, {"coord_source", coord}, {"operator", "Op"}, {"group_key", "CNPC"},
                {"operator_type", "PRC-SOE"}, {"role", "equity"}, {"status", "active"}, {"source_url", std::string("https://t.example/") + id},
                {"confidence", "high"}},
               pos);
}
feature crane(const char* id, const char* port, const char* cc, std::optional<std::int64_t> wpi, std::optional<lon_lat> pos,
              const char* type, std::optional<std::int64_t> count, const char* status) {
    return fact_row({{"zpmc_id", id}, {"port_name", port}, {"country_iso2", cc}, {"wpi_number", wpi ? value(*wpi) : value()},
                {"coord_source", pos ? "wpi" : ""}, {"terminal", "T"}, {"crane_type", type}, {"count", count ? value(*count) : value()},
                {"count_basis", "single delivery"}, {"year", std::int64_t{2020}}, {"status", status},
                {"source_url", std::string("https://c.example/") + id}, {"confidence", "high"}},
               pos);
}
feature order(const char* id, const char* port, const char* maker, const char* prc, std::int64_t count, std::optional<lon_lat> pos) {
    return fact_row({{"order_id", id}, {"port_name", port}, {"state", pos ? "CA" : ""}, {"country_iso2", "US"},
                {"wpi_number", pos ? value(std::int64_t{16070}) : value()}, {"maker", maker}, {"prc_maker", prc}, {"crane_type", "STS"},
                {"count", count}, {"status", "delivered"}, {"year", std::int64_t{2024}}, {"source_url", std::string("https://o.example/") + id},
                {"confidence", "high"}},
               pos);
}
feature equipment(const char* id, const char* port, const char* cc, std::optional<std::int64_t> wpi, std::optional<lon_lat> pos,
                  const char* maker) {
    return fact_row({{"record_id", id}, {"port_name", port}, {"country_iso2", cc}, {"wpi_number", wpi ? value(*wpi) : value()},
                {"coord_source", pos ? "wpi" : ""}, {"maker", maker}, {"equipment_type", "scanner"}, {"status", "in use"},
                {"source_url", std::string("https://e.example/") + id}, {"confidence", "medium"}},
               pos);
}

struct equipment_fixture {
    feature_layer wpi = fact_table("wpi", {
        fact_row({{"oid", std::int64_t{1}}, {"wpi_number", 42230.0}, {"name", "Piraievs"}, {"alt_name", "Piraeus"}, {"country_name", "Greece"},
             {"harbor_size", "Large"}}, piraeus),
        fact_row({{"oid", std::int64_t{2}}, {"wpi_number", 16070.0}, {"name", "Long Beach"}, {"country_name", "United States"},
             {"harbor_size", "Large"}}, long_beach),
        fact_row({{"oid", std::int64_t{3}}, {"wpi_number", 48278.0}, {"name", "Abu Zaby"}, {"country_name", "United Arab Emirates"},
             {"harbor_size", "Large"}}, abu_zaby),
    });
    feature_layer countries = fact_table("wpi_countries", {fact_row({{"wpi_country_name", "Greece"}, {"iso2", "GR"}}),
                                                      fact_row({{"wpi_country_name", "United States"}, {"iso2", "US"}}),
                                                      fact_row({{"wpi_country_name", "United Arab Emirates"}, {"iso2", "AE"}})});
    feature_layer terminals = fact_table("terminals", {
        terminal("mm-kyaukphyu", "Kyaukphyu", "MM", std::nullopt, kyaukpyu_town, "cited-town:Kyaukpyu"),
        terminal("ae-khalifa-a", "Khalifa", "AE", std::nullopt, {54.6, 24.8}, "wpi-proxy:Abu Zaby"),
        terminal("ae-khalifa-b", "Khalifa", "AE", 48278, abu_zaby, "wpi"),
    });
    feature_layer bri = fact_table("bri", {
        fact_row({{"bri_id", "mm-kyaukphyu"}, {"port_name", "Kyaukphyu"}, {"country_iso2", "MM"}, {"status", "active"},
             {"source_url", "https://b.example/1"}, {"confidence", "high"}}),
        fact_row({{"bri_id", "xx-nowhere"}, {"port_name", "Nowhere Bay"}, {"country_iso2", "MR"}, {"status", "pending"},
             {"source_url", "https://b.example/2"}, {"confidence", "medium"}}),
    });
    feature_layer logink = fact_table("logink", {fact_row({{"logink_id", "agg"}, {"port_name", "(aggregate)"}, {"granularity", "aggregate"},
                                                 {"status", "signed"}, {"source_url", "u"}, {"confidence", "high"}})});
    feature_layer zpmc = fact_table("zpmc", {fact_row({{"zpmc_id", "z-lb"}, {"port_name", "Long Beach"}, {"state", "CA"},
                                             {"wpi_number", std::int64_t{16070}}, {"zpmc_sts_count", std::int64_t{20}},
                                             {"latest_year", std::int64_t{2001}}, {"source_url", "https://z.example/lb"},
                                             {"confidence", "medium"}}, long_beach)});
    feature_layer other_makers = fact_table("other_makers", {
        fact_row({{"maker_id", "om-lb"}, {"port_name", "Long Beach"}, {"state", "CA"}, {"wpi_number", std::int64_t{16070}},
             {"maker", "Paceco-Mitsui"}, {"crane_type", "STS"}, {"count", std::int64_t{5}}, {"source_url", "https://m.example/lb"},
             {"confidence", "high"}}, long_beach),
        fact_row({{"maker_id", "om-agg"}, {"port_name", "(aggregate) United States"}, {"state", ""}, {"maker", "PACECO Corp"},
             {"crane_type", "STS"}, {"source_url", "https://m.example/agg"}, {"confidence", "high"}}),
    });
    feature_layer strategic = fact_table("strategic", {fact_row({{"name", "Long Beach"}, {"state", "CA"}, {"role_as_reported", "commercial"},
                                                       {"wpi_number", std::int64_t{16070}}, {"coords_are_proxy", "no"},
                                                       {"source_url", "u"}, {"confidence", "high"}}, long_beach)});
    feature_layer cranes = fact_table("zpmc_international", {
        crane("gr-1", "Piraeus", "GR", 42230, piraeus, "STS", 12, "delivered"),
        crane("gr-2", "Piraeus", "GR", 42230, piraeus, "RTG", 30, "ordered"),
        crane("sg-tuas", "Singapore (Tuas)", "SG", std::nullopt, std::nullopt, "STS", 8, "shipped"),
        crane("sg-ppt", "Singapore (Pasir Panjang)", "SG", std::nullopt, std::nullopt, "STS", 30, "delivered"),
        crane("mm-1", "Kyaukphyu", "MM", std::nullopt, std::nullopt, "RTG", std::nullopt, "ordered"),
        crane("agg-apmt", "(aggregate) APM Terminals, six terminals not named", "", std::nullopt, std::nullopt, "STS", 40, "ordered"),
    });
    feature_layer orders = fact_table("crane_orders", {
        order("o-zpmc", "Long Beach", "ZPMC (Shanghai Zhenhua)", "yes", 4, long_beach),
        order("o-lh", "Long Beach", "Liebherr Container Cranes", "no", 2, long_beach),
        order("o-agg", "(aggregate) United States", "Konecranes (US partner network)", "no", 0, std::nullopt),
    });
    feature_layer prc_equipment = fact_table("prc_equipment", {
        equipment("e-gr", "Piraeus", "GR", 42230, piraeus, "Nuctech (Tongfang Nuctech)"),
        equipment("e-eu", "(aggregate) European Union", "", std::nullopt, std::nullopt, "Nuctech"),
        equipment("e-khalifa", "Khalifa", "AE", std::nullopt, std::nullopt, "Westwell"),
    });
    footprint_inputs inputs() const {
        footprint_inputs in;
        in.wpi = &wpi;
        in.wpi_countries = &countries;
        in.tables = {{"terminals", &terminals}, {"bri", &bri},       {"logink", &logink},
                     {"zpmc", &zpmc},           {"other_makers", &other_makers}, {"strategic", &strategic},
                     {"zpmc_international", &cranes}, {"crane_orders", &orders}, {"prc_equipment", &prc_equipment}};
        return in;
    }
};

const feature& by(const feature_layer& l, const std::string& key, const std::string& id) {
    for (const auto& f : l.features)
        if (f.text(key) == id) return f;
    FAIL("no " << key << " = " << id << " in " << l.name);
    throw std::logic_error("unreachable");
}
const feature& report_row(const footprint& fp, const std::string& table_name, const std::string& id) {
    for (const auto& f : fp.match_report.features)
        if (f.text("source_table") == table_name && f.text("row_id") == id) return f;
    FAIL("no match report row " << table_name << ":" << id);
    throw std::logic_error("unreachable");
}
const feature_layer& fact(const footprint& fp, const char* name) {
    const feature_layer* l = fp.fact(name);
    REQUIRE(l);
    return *l;
}
} // namespace

TEST_CASE("aggregate rows are facts, not ports, and have no position", "[unit][fusion]") {
    equipment_fixture fx;
    const auto fp = fuse(fx.inputs());
    for (const auto& [t, id] : std::vector<std::pair<std::string, std::string>>{
             {"zpmc_international", "agg-apmt"}, {"crane_orders", "o-agg"}, {"prc_equipment", "e-eu"}, {"other_makers", "om-agg"}}) {
        INFO(t << ":" << id);
        const feature& r = report_row(fp, t, id);
        CHECK(r.text("status") == "not-a-port");
        CHECK(r.text("port_id").empty());
        CHECK(r.text("reason").find("aggregate") != std::string::npos);
    }
    CHECK(by(fact(fp, "cranes"), "row_id", "agg-apmt").geom.empty());
    CHECK(by(fact(fp, "crane_orders"), "order_id", "o-agg").geom.empty());
    CHECK(by(fact(fp, "prc_equipment"), "record_id", "e-eu").geom.empty());
    CHECK(fp.summary.curated_ports == 2); // Kyaukphyu and the Khalifa proxy: no aggregate became a port
}

TEST_CASE("rows without coordinates attach by name + country or stay unmatched, never placed", "[unit][fusion]") {
    equipment_fixture fx;
    fx.cranes.features.push_back(crane("gr-noposition", "Piraeus", "GR", std::nullopt, std::nullopt, "STS", 2, "ordered"));
    const auto fp = fuse(fx.inputs());
    // Kyaukphyu: the BRI row has no coordinates, the terminal row made a curated-only port of that name
    const feature& k = report_row(fp, "bri", "mm-kyaukphyu");
    CHECK(k.text("status") == "attached-by-name");
    CHECK(k.text("port_id") == "cur:MM:kyaukphyu");
    CHECK(k.text("reason").find("attached by name + country") != std::string::npos);
    const feature& bri_row = by(fact(fp, "bri_projects"), "bri_id", "mm-kyaukphyu");
    REQUIRE(bri_row.geom.points.size() == 1); // drawn at its port entity, which is reported
    CHECK(bri_row.geom.points[0].lon == Approx(kyaukpyu_town.lon));
    CHECK(report_row(fp, "zpmc_international", "mm-1").text("port_id") == "cur:MM:kyaukphyu");
    // no entity of that name: unmatched, with the reason, and no position at all
    const feature& n = report_row(fp, "bri", "xx-nowhere");
    CHECK(n.text("status") == "unmatched");
    CHECK(n.text("reason").find("no port entity is named 'Nowhere Bay' in MR") != std::string::npos);
    CHECK(by(fact(fp, "bri_projects"), "bri_id", "xx-nowhere").geom.empty());
    // a row without coordinates whose port name a WPI port carries (Piraeus, WPI's alternate name) is matched
    // by name + country in the matcher itself: it is attached by name all the same and says so (shipped:
    // zpmc_international sg-psa-2015 "Singapore" was "matched" with no reason while it has no position)
    const feature& pn = report_row(fp, "zpmc_international", "gr-noposition");
    CHECK(pn.text("status") == "attached-by-name");
    CHECK(pn.text("port_id") == "wpi:42230");
    CHECK(pn.text("method") == "name+country");
    CHECK(pn.text("reason").find("the row has no coordinates; attached by name + country to wpi:42230") != std::string::npos);
    CHECK(pn.text("reason").find("keeps no position of its own") != std::string::npos);
    CHECK(by(fact(fp, "cranes"), "row_id", "gr-noposition").text("match_status") == "attached-by-name");
    for (const char* id : {"sg-tuas", "sg-ppt"}) {
        INFO(id);
        CHECK(report_row(fp, "zpmc_international", id).text("status") == "unmatched");
        CHECK(by(fact(fp, "cranes"), "row_id", id).geom.empty());
    }
    // a name two entities carry (the curated Khalifa proxy port and WPI Abu Zaby, whose terminal row says Khalifa)
    const feature& amb = report_row(fp, "prc_equipment", "e-khalifa");
    CHECK(amb.text("status") == "unmatched");
    CHECK(amb.text("reason").find("fits several port entities") != std::string::npos);
    CHECK(by(fact(fp, "prc_equipment"), "record_id", "e-khalifa").geom.empty());
    // the Kyaukphyu port carries both facts
    const feature& port = by(fp.ports, "port_id", "cur:MM:kyaukphyu");
    CHECK(port.text("bri") == "true");
    CHECK(port.text("zpmc_abroad") == "true");
}

TEST_CASE("one crane layer: ZPMC abroad and the US crane tables, with the maker on every row", "[unit][fusion]") {
    equipment_fixture fx;
    const auto fp = fuse(fx.inputs());
    const feature_layer& cranes = fact(fp, "cranes");
    CHECK(cranes.features.size() == fx.cranes.features.size() + fx.zpmc.features.size() + fx.other_makers.features.size());
    const feature& us = by(cranes, "row_id", "z-lb");
    CHECK(us.text("source_table") == "zpmc");
    CHECK(us.text("maker") == "ZPMC");
    CHECK(us.text("prc_maker") == "yes");
    CHECK(us.text("crane_type") == "STS");
    CHECK(us.text("count") == "20");
    CHECK(us.text("year") == "2001");
    CHECK(us.text("port_id") == "wpi:16070");
    const feature& other = by(cranes, "row_id", "om-lb");
    CHECK(other.text("maker") == "Paceco-Mitsui");
    CHECK(other.text("prc_maker") == "no");
    CHECK(other.text("count") == "5");
    const feature& abroad = by(cranes, "row_id", "gr-2");
    CHECK(abroad.text("source_table") == "zpmc_international");
    CHECK(abroad.text("crane_type") == "RTG");
    CHECK(abroad.text("status") == "ordered");
    CHECK(abroad.text("port_id") == "wpi:42230");
    // per port: the largest single-row count, rows are not summed
    const feature& pir = by(fp.ports, "port_id", "wpi:42230");
    CHECK(pir.text("zpmc_abroad_rows") == "2");
    CHECK(pir.text("zpmc_abroad_max_count") == "30");
    CHECK(pir.text("prc_equipment") == "true");
    CHECK(pir.text("nuctech") == "true");
    CHECK(pir.text("provenance").find("https://c.example/gr-2") != std::string::npos);
    const feature& lb = by(fp.ports, "port_id", "wpi:16070");
    CHECK(lb.text("crane_orders_prc") == "4");
    CHECK(lb.text("crane_orders_non_prc") == "2");
}

TEST_CASE("equipment summary counts places, countries and makers from the rows", "[unit][fusion]") {
    equipment_fixture fx;
    auto fp = fuse(fx.inputs());
    const auto& e = fp.summary.equipment;
    // Piraeus (WPI 42230), Singapore (Tuas and Pasir Panjang: one place by name), Kyaukphyu
    CHECK(e.zpmc_abroad.rows == 6);
    CHECK(e.zpmc_abroad.places == 3);
    CHECK(e.zpmc_abroad.countries == 3);
    CHECK(e.zpmc_abroad.aggregates == 1);
    CHECK(e.nuctech.places == 1);
    CHECK(e.nuctech.aggregates == 1);
    CHECK(e.prc_equipment.places == 2);
    REQUIRE(e.us_orders_by_maker.count("ZPMC"));
    CHECK(e.us_orders_by_maker.at("ZPMC").prc_class == "PRC");
    CHECK(e.us_orders_by_maker.at("ZPMC").sts == 4);
    CHECK(e.us_orders_by_maker.at("Liebherr").prc_class == "non-PRC");
    CHECK(e.us_sts_by_class.at("PRC") == 4);
    CHECK(e.us_sts_by_class.at("non-PRC") == 2);
    CHECK(format_summary(fp.summary).find("ZPMC cranes outside the US: 6 rows at 3 ports in 3 countries") != std::string::npos);
    // a changed row changes the figures: Tuas gets its own WPI number
    for (auto& [k, v] : fx.cranes.features[2].properties)
        if (k == "wpi_number") v = std::int64_t{50000};
    fp = fuse(fx.inputs());
    CHECK(fp.summary.equipment.zpmc_abroad.places == 4); // Singapore (Pasir Panjang) stays its own place
}
