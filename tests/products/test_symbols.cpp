// data/styles/symbols.json: the shipped file loads and its filters translate to QGIS; a malformed file is an
// input_error naming the file and the key.  (The outputs' colours: check_symbols.py on a real build.)
#include "engine/core/error.hpp"
#include "engine/products/symbols.hpp"
#include "engine/products/tiles_build.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

using namespace harbormap;
using namespace harbormap::products;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

fs::path repo() {
    const char* env = std::getenv("HARBORMAP_SOURCE_DIR");
    return env ? env : HARBORMAP_SOURCE_DIR;
}

// A small valid file to break one key at a time.
json small() {
    // (the label_tiles_* and chokepoint roles: the MapLibre label layers' text colours)
    return json::parse(R"({"colours": {"red": "#c62828", "white": "#ffffff", "grey": "#808080", "chokepoint": "#26343d",
                    "label_tiles_key": "#1a1a1a", "label_tiles_flagged": "#2a2a2a", "label_tiles_other": "#505050"},
        "theme": {"page": "white", "ocean": "grey", "land": "white", "border": "grey", "coast": "grey", "graticule": "grey",
                  "frame": "grey", "text": "grey", "muted": "grey", "label": "grey"},
        "port_label_priority": {"base": 100, "importance": 3, "prc_terminals": 5, "strategic": 100},
        "classes": [{"id": "prc", "label": "PRC-operated port", "layer": "ports", "geometry": "point", "colour": "red",
                     "size_mm": 2.8, "filter": ["get", "prc_operated"], "print": {"marker": "circle", "size_pt": 5.2, "outline_pt": 0.7}},
                    {"id": "link", "label": "A link", "geometry": "line", "colour": "red",
                     "print": {"width_pt": 0.7, "dash": [2.5, 1.8], "opacity": 0.55}}]})");
}

// The input_error of parsing `j`, checked to name the file and `key`.
void expect_error(const json& j, const std::string& key, const std::string& why_part) {
    try {
        parse_symbols(j.dump(), "styles/symbols.json");
        FAIL("no error for key " << key);
    } catch (const input_error& e) {
        INFO(e.what());
        CHECK(e.file() == "styles/symbols.json");
        CHECK(e.field() == key);
        CHECK(e.why().find(why_part) != std::string::npos);
    }
}

} // namespace

TEST_CASE("the shipped symbols.json loads; every tile layer has classes, ids are unique", "[symbols]") {
    const symbol_set s = load_symbols(repo() / "data");
    REQUIRE(s.classes.size() > 10);
    std::set<std::string> layers;
    for (const auto& c : s.classes) {
        CHECK(c.colour.size() == 7);
        if (!c.layer.empty()) layers.insert(c.layer);
    }
    for (const char* l : {"ports", "terminals", "strategic_seaports", "cranes", "crane_orders", "prc_equipment", "lanes", "chokepoints"})
        CHECK(layers.count(l) == 1);
    // the styles draw them: one MapLibre layer per tile class, each in its class's colour
    const json style = json::parse(maplibre_style(s, "pmtiles://x.pmtiles"));
    std::size_t drawn = 0;
    for (const auto& l : style["layers"])
        if (l["type"] == "circle" || l["type"] == "line" || l["type"] == "fill") ++drawn;
    std::size_t tile_classes = 0;
    for (const auto& c : s.classes) tile_classes += c.layer.empty() ? 0 : 1;
    CHECK(drawn == tile_classes);
    CHECK_THROWS_AS(s.at("no-such-class"), input_error);
}

TEST_CASE("filters: MapLibre expressions translate to QGIS expressions", "[symbols]") {
    const auto q = [](const char* text) { return qgis_expression(json::parse(text), "f.json", "filter"); };
    CHECK(q(R"(["get", "prc_operated"])") == "\"prc_operated\"");
    CHECK(q(R"(["==", ["get", "source"], "marnet"])") == "\"source\" = 'marnet'");
    CHECK(q(R"(["!=", ["get", "name"], "O'Hare"])") == "\"name\" <> 'O''Hare'");
    CHECK(q(R"(["==", ["get", "n"], 3])") == "\"n\" = 3");
    CHECK(q(R"(["all", ["==", ["get", "a"], "x"], ["any", ["get", "b"], ["get", "c"]]])") == "\"a\" = 'x' AND (\"b\" OR \"c\")");
    CHECK(q(R"(["!", ["any", ["get", "b"], ["get", "c"]]])") == "NOT (\"b\" OR \"c\")");
    CHECK_THROWS_AS(q(R"(["in", ["get", "a"], "x"])"), input_error);
    CHECK_THROWS_AS(q(R"(["==", "a", "x"])"), input_error);
}

TEST_CASE("a malformed symbols.json is an input_error naming the file and the key", "[symbols]") {
    try {
        parse_symbols("{\"colours\": {", "styles/symbols.json");
        FAIL("no error for bad JSON");
    } catch (const input_error& e) {
        CHECK(e.file() == "styles/symbols.json");
        CHECK(e.why().find("not valid JSON") != std::string::npos);
    }
    json j = small();
    j["colours"]["red"] = "red";
    expect_error(j, "colours.red", "#rrggbb");
    j = small();
    j["classes"][0]["colour"] = "blue";
    expect_error(j, "classes[0].colour", "unknown colour 'blue'");
    j = small();
    j["classes"][0].erase("label");
    expect_error(j, "classes[0].label", "missing key");
    j = small();
    j["classes"][0]["geometry"] = "area";
    expect_error(j, "classes[0].geometry", "unknown geometry");
    j = small();
    j["classes"][0]["size_mm"] = "big";
    expect_error(j, "classes[0].size_mm", "must be a number");
    j = small();
    j["classes"][0]["shape"] = "hexagon";
    expect_error(j, "classes[0].shape", "unknown shape");
    j = small();
    j["classes"][0]["min_zoom"] = 2.5;
    expect_error(j, "classes[0].min_zoom", "whole zoom");
    j = small();
    j["classes"][0]["colur"] = "red";
    expect_error(j, "classes[0].colur", "unknown key");
    j = small();
    j["classes"][0]["filter"] = json::array({"any", json::array({"has", "x"})});
    expect_error(j, "classes[0].filter[1]", "unsupported filter");
    j = small();
    j["classes"].push_back(j["classes"][0]);
    expect_error(j, "classes[2].id", "duplicate class id");
    j = small();
    j.erase("classes");
    expect_error(j, "classes", "missing key");
    // print: the static maps' marker or line
    j = small();
    j["classes"][0]["print"]["marker"] = "hexagon";
    expect_error(j, "classes[0].print.marker", "unknown marker");
    j = small();
    j["classes"][0]["print"].erase("size_pt");
    expect_error(j, "classes[0].print.size_pt", "missing key");
    j = small();
    j["classes"][0]["print"]["width_pt"] = 1;
    expect_error(j, "classes[0].print.width_pt", "unknown key for a point class");
    j = small();
    j["classes"][1]["print"]["dash"] = json::array({2.5});
    expect_error(j, "classes[1].print.dash", "even count");
    j = small();
    j["classes"][1]["print"]["opacity"] = 1.5;
    expect_error(j, "classes[1].print.opacity", "(0, 1]");
    // theme and port label priority
    j = small();
    j["theme"].erase("ocean");
    expect_error(j, "theme.ocean", "missing key");
    j = small();
    j["theme"]["sea"] = "grey";
    expect_error(j, "theme.sea", "unknown theme slot");
    j = small();
    j["theme"]["land"] = "green";
    expect_error(j, "theme.land", "unknown colour 'green'");
    j = small();
    j["port_label_priority"]["importance"] = "high";
    expect_error(j, "port_label_priority.importance", "must be a number");
    j = small();
    j.erase("port_label_priority");
    expect_error(j, "port_label_priority", "missing key");
}

TEST_CASE("print symbols, theme and the port label priority are read as written", "[symbols]") {
    const symbol_set s = parse_symbols(small().dump(), "styles/symbols.json");
    const symbol_def& prc = s.at("prc");
    CHECK(prc.print.marker == "circle");
    CHECK(prc.print.size_pt == Approx(5.2));
    CHECK(prc.print.outline_pt == Approx(0.7));
    const symbol_def& link = s.at("link");
    CHECK(link.print.marker == "line");
    CHECK(link.print.width_pt == Approx(0.7));
    CHECK(link.print.dash == std::vector<double>{2.5, 1.8});
    CHECK(link.print.opacity == Approx(0.55));
    CHECK(s.theme_colour("ocean") == "#808080");
    CHECK(s.theme_colour("page") == "#ffffff");
    CHECK(s.colour("red") == "#c62828");
    CHECK_THROWS_AS(s.colour("blue"), input_error);
    // 100 + 3 importance + 5 per PRC terminal + 100 strategic
    CHECK(s.port_label_priority(4, 2, true) == Approx(100 + 12 + 10 + 100));
    CHECK(s.port_label_priority(4, 0, false) == Approx(112));
    // the MapLibre labels rank by the same weights: the sort key is minus that sum
    const json style = json::parse(maplibre_style(s, "pmtiles://x.pmtiles"));
    bool ranked = false;
    for (const auto& l : style["layers"])
        if (l["id"] == "ports-label-key") {
            ranked = true;
            CHECK(l["layout"]["symbol-sort-key"].dump() ==
                  R"(["-",0,["+",100.0,["*",3.0,["to-number",["get","importance"]]],["*",5.0,["to-number",["get","prc_terminals"]]],)"
                  R"(["case",["==",["get","strategic"],true],100.0,0]]])");
        }
    CHECK(ranked);
}

TEST_CASE("a missing symbols.json names the file", "[symbols]") {
    const fs::path dir = fs::temp_directory_path() / "harbormap_test_symbols_missing";
    fs::remove_all(dir);
    fs::create_directories(dir / "styles");
    try {
        load_qgis_styling(dir);
        FAIL("no error");
    } catch (const input_error& e) {
        CHECK(e.file() == (dir / "styles" / "symbols.json").string());
    }
    std::ofstream(dir / "styles" / "symbols.json") << R"({"colours": {}, "classes": [{"id": "a"}]})";
    CHECK_THROWS_WITH(load_symbols(dir), Catch::Contains("symbols.json") && Catch::Contains("classes[0].label"));
    fs::remove_all(dir);
}
