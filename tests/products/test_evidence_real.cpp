// The equipment layers and the coordinate-less rows on the SHIPPED data: the fusion step is run into a
// temp dir once; the GeoPackage's new layers must hold exactly their CSV's rows, no row without
// coordinates may be given a position other than its reported port entity's, and the build summary's
// figures must equal counts computed here, independently, from the CSV rows.
#include "engine/core/text.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/products/report.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>
#include <sstream>
#include <unistd.h>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

fs::path source_dir() {
    const char* env = std::getenv("HARBORMAP_SOURCE_DIR");
    return env ? env : HARBORMAP_SOURCE_DIR;
}

// A shipped table as the layers module reads it through its mapping.
feature_layer shipped(const std::string& mapping) {
    const auto m = layers::load_mapping(source_dir() / "layers/mappings" / (mapping + ".json"));
    return layers::read_source(m, source_dir() / "data").layer;
}

struct built {
    fs::path dir;
    std::string summary;
    std::map<std::string, feature_layer> layers;
    const feature_layer& operator[](const std::string& name) const {
        auto it = layers.find(name);
        if (it == layers.end()) FAIL("no layer " << name << " in the GeoPackage");
        return it->second;
    }
};

const built& build() {
    static const built b = [] {
        built out;
        out.dir = fs::temp_directory_path() / ("harbormap-evidence-" + std::to_string(::getpid()));
        fs::remove_all(out.dir);
        fs::create_directories(out.dir);
        std::ostringstream log;
        products::build_paths bp{source_dir() / "data", source_dir() / "layers/mappings", out.dir, log, false, false};
        products::build_fusion_step(bp);
        out.summary = log.str();
        for (auto& l : layers::read_vector_file(bp.gpkg())) out.layers.emplace(l.name, std::move(l));
        return out;
    }();
    return b;
}

const feature* find(const feature_layer& l, const std::string& key, const std::string& id) {
    for (const auto& f : l.features)
        if (f.text(key) == id) return &f;
    return nullptr;
}

// The place rule stated in the summary, implemented here again: the row's WPI port, else its port name
// up to a parenthesis (trimmed, lower case); aggregates ("(" ...) are not places.
std::pair<std::size_t, std::size_t> places(const feature_layer& rows, bool (*keep)(const feature&)) {
    std::set<std::string> p, c;
    for (const auto& f : rows.features) {
        const std::string name = trim(f.text("port_name"));
        if (!keep(f) || name.empty() || name[0] == '(') continue;
        const std::string wpi = f.text("wpi_number");
        p.insert(f.text("country_iso2") + "|" + (wpi.empty() ? "n:" + to_lower(trim(name.substr(0, name.find('(')))) : "w:" + wpi));
        c.insert(f.text("country_iso2"));
    }
    return {p.size(), c.size()};
}
bool any_row(const feature&) { return true; }
bool nuctech_row(const feature& f) { return to_lower(f.text("maker")).rfind("nuctech", 0) == 0; }

} // namespace

TEST_CASE("the equipment layers hold exactly their CSV rows", "[products][real]") {
    const built& b = build();
    const auto intl = shipped("zpmc_international"), us = shipped("zpmc"), other = shipped("other_makers");
    CHECK(b["cranes"].features.size() == intl.features.size() + us.features.size() + other.features.size());
    std::map<std::string, std::size_t> by_table;
    for (const auto& f : b["cranes"].features) by_table[f.text("source_table")]++;
    CHECK(by_table["zpmc_international"] == intl.features.size());
    CHECK(by_table["zpmc"] == us.features.size());
    CHECK(by_table["other_makers"] == other.features.size());
    CHECK(b["crane_orders"].features.size() == shipped("crane_orders").features.size());
    CHECK(b["prc_equipment"].features.size() == shipped("prc_equipment").features.size());
    // every CSV row is there under its own id, with its own source URL
    for (const auto& f : intl.features) {
        const feature* g = find(b["cranes"], "row_id", f.text("zpmc_id"));
        REQUIRE(g);
        CHECK(g->text("source_url") == f.text("source_url"));
        CHECK(g->text("count") == f.text("count"));
    }
}

TEST_CASE("rows without coordinates are reported or attached by name, never placed", "[products][real]") {
    const built& b = build();
    struct table_info {
        const char* mapping;
        const char* layer;
        const char* id;
    };
    const table_info tables[] = {{"terminals", "terminals", "terminal_id"},     {"bri", "bri_projects", "bri_id"},
                                 {"logink", "logink", "logink_id"},             {"zpmc_international", "cranes", "row_id"},
                                 {"crane_orders", "crane_orders", "order_id"},  {"prc_equipment", "prc_equipment", "record_id"}};
    const auto& report = b["match_report"];
    std::size_t without = 0, attached = 0, reported = 0;
    for (const auto& t : tables) {
        const auto rows = shipped(t.mapping);
        const std::string id_col = t.layer == std::string("cranes") ? "zpmc_id" : t.id;
        for (const auto& src : rows.features) {
            if (!src.geom.empty()) continue;
            ++without;
            const std::string id = src.text(id_col);
            INFO(t.mapping << ":" << id);
            const feature* m = nullptr;
            for (const auto& r : report.features)
                if (r.text("source_table") == t.mapping && r.text("row_id") == id) m = &r;
            REQUIRE(m);
            const feature* fact = find(b[t.layer], t.id, id);
            REQUIRE(fact);
            const std::string status = m->text("status");
            if (status == "unmatched" || status == "not-a-port") {
                ++reported;
                CHECK(fact->geom.empty());
                CHECK_FALSE(m->text("reason").empty());
                continue;
            }
            // attached (by name, or by its WPI number): drawn at its port entity and nowhere else
            ++attached;
            const feature* port = find(b["ports"], "port_id", m->text("port_id"));
            REQUIRE(port);
            REQUIRE(fact->geom.points.size() == 1);
            CHECK(fact->geom.points[0].lon == port->geom.points.at(0).lon);
            CHECK(fact->geom.points[0].lat == port->geom.points.at(0).lat);
            if (status == "attached-by-name") CHECK(m->text("reason").find("attached by name + country") != std::string::npos);
        }
    }
    CHECK(without == attached + reported);
    CHECK(reported > 0);
    CHECK(attached > 0);
}

TEST_CASE("Piraeus carries its BRI row; Kyaukphyu and Payra BRI rows reach their port entities", "[products][real]") {
    const built& b = build();
    const feature* pir = find(b["ports"], "port_id", "wpi:42230");
    REQUIRE(pir);
    CHECK(pir->text("bri") == "true");
    CHECK(pir->text("sources").find("bri:gr-piraeus") != std::string::npos);
    const feature* bri = find(b["bri_projects"], "bri_id", "gr-piraeus");
    REQUIRE(bri);
    CHECK(bri->text("port_id") == "wpi:42230");
    // the BRI rows have no coordinates; the terminal table's rows made port entities of the same names
    for (const auto& [id, port] : std::vector<std::pair<std::string, std::string>>{{"mm-kyaukphyu", "cur:MM:kyaukphyu"},
                                                                                  {"bd-payra", "cur:BD:payra"}}) {
        INFO(id);
        const feature* r = find(b["bri_projects"], "bri_id", id);
        REQUIRE(r);
        CHECK(r->text("match_status") == "attached-by-name");
        CHECK(r->text("port_id") == port);
        const feature* p = find(b["ports"], "port_id", port);
        REQUIRE(p);
        CHECK(p->text("bri") == "true");
        CHECK(p->text("prc_operated") == "true");
    }
}

TEST_CASE("build summary: equipment figures computed from the rows", "[products][real]") {
    const built& b = build();
    INFO(b.summary);
    const auto intl = shipped("zpmc_international");
    const auto [zp, zc] = places(intl, any_row);
    // zpmc-cranes/PROVENANCE.md (2026-12-06): "78 rows, 40 ports, 29 countries"
    CHECK(zp == 40);
    CHECK(zc == 29);
    CHECK(b.summary.find("ZPMC cranes outside the US: " + std::to_string(intl.features.size()) + " rows at " + std::to_string(zp) +
                         " ports in " + std::to_string(zc) + " countries") != std::string::npos);
    const auto equipment = shipped("prc_equipment");
    const auto [np, nc] = places(equipment, nuctech_row);
    CHECK(b.summary.find("Nuctech scanners at " + std::to_string(np) + " ports in " + std::to_string(nc) + " countries") !=
          std::string::npos);
    // US orders by maker: PRC vs non-PRC ship-to-shore cranes, summed from the rows
    std::map<std::string, long long> sts;
    for (const auto& f : shipped("crane_orders").features) {
        if (f.text("crane_type").rfind("STS", 0) != 0) continue;
        const std::string p = to_lower(f.text("prc_maker"));
        sts[p == "yes" ? "PRC" : p.rfind("no", 0) == 0 ? "non-PRC" : "not known"] += f.integer("count");
    }
    CHECK(b.summary.find("STS by maker class: PRC " + std::to_string(sts["PRC"]) + ", non-PRC " + std::to_string(sts["non-PRC"]) +
                         ", not known " + std::to_string(sts["not known"])) != std::string::npos);
    CHECK(b.summary.find("ZPMC (PRC) ") != std::string::npos);
    // a row naming no maker shows its class once ("maker not named (non-PRC) (non-PRC)" was printed)
    for (const char* cls : {"(PRC)", "(non-PRC)", "(not known)"}) {
        INFO(cls);
        CHECK(b.summary.find(std::string(cls) + " " + cls) == std::string::npos);
    }
}

TEST_CASE("build summary: BRI and LOGINK ports by curated name as the report counts them, then the port entities", "[products][real]") {
    const built& b = build();
    INFO(b.summary);
    // the report's figures (evidence.cpp): distinct country + port_name of the counted rows; before, the
    // summary gave only the port entities ("63 rows at 58 ports in 43 countries" beside the report's 63 in 45)
    const std::vector<std::tuple<std::string, std::string, bool (*)(const feature&)>> tables = {
        {"bri", "BRI port projects (not cancelled): ", [](const feature& f) { return f.text("status") != "cancelled"; }},
        {"logink", "LOGINK partner ports (signed/operational): ", [](const feature& f) {
             return f.text("granularity") == "port" && (f.text("status") == "signed" || f.text("status") == "operational");
         }}};
    for (const auto& [table, line, keep] : tables) {
        INFO(table);
        std::set<std::string> ports, countries;
        std::size_t rows = 0;
        for (const auto& f : shipped(table).features) {
            if (!keep(f)) continue;
            ++rows;
            ports.insert(f.text("country_iso2") + "|" + f.text("port_name"));
            countries.insert(f.text("country_iso2"));
        }
        CHECK(b.summary.find(line + std::to_string(rows) + " rows at " + std::to_string(ports.size()) + " ports in " +
                             std::to_string(countries.size()) + " countries (by curated port name); ") != std::string::npos);
    }
}

namespace {
// The mapping (shipped table) each figure's `table` names.
std::string mapping_of(const std::string& table) { return table; }

// Checks every row a figure lists against the CSV of the figure's table: the row exists there under
// its id, and each URL listed is that row's own source_url / source_url_2.
void check_rows(const std::string& figure_id, const std::string& table, const std::vector<products::cited_row>& rows,
                std::map<std::string, std::map<std::string, feature>>& csv_cache) {
    INFO("figure " << figure_id << " (table " << table << ")");
    REQUIRE_FALSE(table.empty());
    auto& by_id = csv_cache[table];
    if (by_id.empty()) {
        const auto m = layers::load_mapping(source_dir() / "layers/mappings" / (mapping_of(table) + ".json"));
        for (auto& f : layers::read_source(m, source_dir() / "data").layer.features) by_id.emplace(f.text(m.key), std::move(f));
    }
    REQUIRE_FALSE(rows.empty());
    for (const auto& r : rows) {
        INFO("row " << r.table << ":" << r.id);
        CHECK(r.table == table);
        auto it = by_id.find(r.id);
        REQUIRE(it != by_id.end());
        CHECK(r.url == it->second.text("source_url"));
        CHECK(r.url_2 == it->second.text("source_url_2"));
        CHECK(r.confidence == it->second.text("confidence"));
        CHECK_FALSE(r.url.empty());
    }
}
} // namespace

TEST_CASE("report figures cite exactly rows of their own table; the HTML lists them and is well-formed", "[products][real]") {
    const built& b = build();
    const fs::path gpkg = b.dir / "harbormap.gpkg";
    products::report_data d = products::compute_report(products::load_map_layers(gpkg));
    products::apply_evidence(d, products::compute_evidence(products::load_evidence_layers(gpkg)));
    std::map<std::string, std::map<std::string, feature>> csv;
    // every headline figure with an evidence counterpart now counts and cites rows
    for (const auto& [headline, counterpart] : products::headline_evidence()) {
        const products::figure* f = d.find(headline);
        REQUIRE(f);
        INFO(headline);
        CHECK(f->value == d.ev.find(counterpart)->value);
        check_rows(headline, f->table, f->rows, csv);
    }
    for (const auto& f : d.ev.figures) check_rows(f.id, f.table, f.rows, csv);
    // the row-computed figures the issue names (the terminal table's own count: 92 / 52, 101 / 57)
    CHECK(d.find("prc-ports")->value == static_cast<long long>(d.ev.find("ev-prc-active-ports")->value));
    CHECK(d.ev.find("ev-zpmc-abroad-ports")->value == 40);

    products::report_params rp;
    rp.gpkg = gpkg;
    rp.data_dir = source_dir() / "data";
    rp.out_dir = b.dir;
    rp.maps = false;
    const fs::path html = products::write_report(rp) / "index.html";
    const std::string page = read_file(html);
    // the list under each figure has exactly one item per row
    for (const auto& [headline, counterpart] : products::headline_evidence()) {
        const auto a = page.find("id=\"src-" + headline + "\"");
        REQUIRE(a != std::string::npos);
        const auto list = page.find("<ul>", a), end = page.find("</ul>", a);
        std::size_t items = 0;
        for (auto p = page.find("<li>", list); p != std::string::npos && p < end; p = page.find("<li>", p + 1)) ++items;
        INFO(headline);
        CHECK(items == d.find(headline)->rows.size());
    }
    // the stop-proliferation course of action counts the pending deals
    CHECK(page.find(std::to_string(d.ev.find("ev-prc-pipeline")->value) + " pending or under-construction PRC terminal deals") !=
          std::string::npos);
    const std::string cmd = "python3 " + (source_dir() / "tests/render/check_html.py").string() + " " + html.string();
    CHECK(std::system(cmd.c_str()) == 0);
}
