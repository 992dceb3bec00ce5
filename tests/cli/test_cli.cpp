// CLI tests: the whole command line in-process (cli::run), on the shipped data.
// Goldens per command and case live in tests/cli/cases/ (test_cases.cpp runs them).
#include "engine/cli/command.hpp"
#include "tests/cli/cli_support.hpp"
#include "engine/core/atomic_file.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace harbormap::test_cli;

namespace {

// A shipped curated table as the layers module reads it through its mapping.
harbormap::feature_layer shipped(const std::string& mapping) {
    const auto m = harbormap::layers::load_mapping(source_dir / "layers/mappings" / (mapping + ".json"));
    return harbormap::layers::read_source(m, source_dir / "data").layer;
}

// The terminal table's own coverage rule (chinese-terminals/PROVENANCE.md, "Known gaps" and "Changes in
// the 2026-12-06 extension 3"): PRC firms (not HK-private), role != builder, distinct country + port_name,
// status active (or active + pending). Counted here from the rows, independently of the fusion.
std::string prc_coverage(bool with_pending) {
    std::set<std::string> ports, countries;
    for (const auto& f : shipped("terminals").features) {
        const std::string type = f.text("operator_type"), status = f.text("status");
        if (type == "HK-private" || f.text("role") == "builder") continue;
        if (status != "active" && !(with_pending && status == "pending")) continue;
        ports.insert(f.text("country_iso2") + "|" + f.text("port_name"));
        countries.insert(f.text("country_iso2"));
    }
    return std::to_string(ports.size()) + " ports in " + std::to_string(countries.size()) + " countries";
}

// The same rule as of a year, from the rows' since_year (valid_from <= year; rows without a year left out).
std::string prc_coverage_as_of(int year) {
    std::set<std::string> ports, countries;
    for (const auto& f : shipped("terminals").features) {
        if (f.text("operator_type") == "HK-private" || f.text("role") == "builder" || f.text("status") != "active") continue;
        if (f.text("since_year").empty() || f.integer("since_year") > year) continue;
        ports.insert(f.text("country_iso2") + "|" + f.text("port_name"));
        countries.insert(f.text("country_iso2"));
    }
    return std::to_string(ports.size()) + " ports in " + std::to_string(countries.size()) + " countries";
}

} // namespace

TEST_CASE("build writes the fused GeoPackage and reproduces the published-style counts", "[cli]") {
    auto dir = scratch("summary") / "out";
    auto r = run({"--data", (source_dir / "data").string(), "--out", dir.string(), "build", "--steps", "fusion"});
    REQUIRE(r.code == 0);
    CHECK(r.out.empty()); // stdout carries data only
    CHECK(fs::exists(dir / "harbormap.gpkg"));
    // The fusion must reproduce the table's own coverage count from the rows (PROVENANCE states
    // 92 ports / 52 countries active and 101 / 57 with pending for the 2026-12-06 table).
    const std::string active = prc_coverage(false), pending = prc_coverage(true);
    INFO(r.err);
    CHECK(r.err.find("at " + active + " (by curated port name)") != std::string::npos);
    CHECK(r.err.find("with pending deals: " + pending) != std::string::npos);
    // README-china-port-influence.md: "Counted ZPMC cranes sit at 10 distinct strategic seaports".
    CHECK(r.err.find("with ZPMC cranes (high/medium confidence): 10") != std::string::npos);
    // the steps' logs name the files where they end up, not in the staging directory, gone by then
    // (before: "wrote OUT.tmp-12345-0/seagraph.hmg")
    r = run({"--data", (source_dir / "data").string(), "--out", dir.string(), "build", "--steps", "graph"});
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("wrote " + (dir / "seagraph.hmg").string() + "\n") && !Catch::Contains(".tmp-"));
    fs::remove_all(dir.parent_path());
}

TEST_CASE("ports show GRPIR --json: Piraeus with COSCO's 67% and its source", "[cli]") {
    auto r = run(with_out({"ports", "show", "GRPIR", "--json"}));
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    const json j = json::parse(r.out);
    CHECK(j["port_id"] == "wpi:42230");
    CHECK(j["prc_operated"] == true);
    bool found = false;
    for (const auto& t : j["facts"]["terminals"])
        if (t["group_key"] == "COSCO" && t["stake_pct"] == 67.0) {
            found = true;
            CHECK(t["source_url"].get<std::string>().find("ecns.cn") != std::string::npos);
            CHECK(t["class"] == "prc-operated");
        }
    CHECK(found);
    // the port's own fields beside its fact rows (under "facts", as /api/ports/{id}): a LOGINK port's logink flag and
    // Piraeus's BRI project count were replaced by the layers of the same names
    CHECK(j["bri_projects"] == 1);
    CHECK(j["logink"] == false);
    CHECK(j["prc_equipment"] == false);
    CHECK(j["facts"]["bri_projects"].size() == 1);
    const auto riga = run(with_out({"ports", "show", "LVRIX", "--json"}));
    REQUIRE(riga.code == 0);
    CHECK(json::parse(riga.out)["logink"] == true);
}

TEST_CASE("ports show USLGB: Long Beach is a Strategic Seaport with ZPMC cranes", "[cli]") {
    auto r = run(with_out({"ports", "show", "USLGB"}));
    REQUIRE(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("Strategic Seaport: yes (Long Beach, commercial)") != std::string::npos);
    CHECK(r.out.find("ZPMC cranes: yes") != std::string::npos);
}

TEST_CASE("ports are found by WPI number, id and name; misses are statuses with suggestions", "[cli]") {
    CHECK(run(with_out({"ports", "show", "42230"})).code == 0);
    CHECK(run(with_out({"ports", "show", "wpi:42230"})).code == 0);
    CHECK(run(with_out({"ports", "show", "Long Beach"})).code == 0);
    auto r = run(with_out({"ports", "show", "Piraevs", "--json"}));
    CHECK(r.code == 1);
    const json j = json::parse(r.out);
    CHECK(j["status"] == "port_not_found");
    CHECK_FALSE(j["candidates"].empty());
    r = run(with_out({"ports", "show", "Machilipatnam"})); // the WPI lists it twice
    CHECK(r.code == 1);
    CHECK(r.err.find("matches 2 ports") != std::string::npos);
    // a position typed without the comma is told how to write it (before: only "no port matches")
    for (const char* typed : {"23.6 37.9", "23.6; 37.9"}) {
        r = run(with_out({"near", typed, "-k", "1"}));
        CHECK(r.code == 1);
        CHECK_THAT(r.out, Catch::Contains("status: port_not_found") &&
                              Catch::Contains("a position is written lon,lat with a comma: 23.6,37.9"));
    }
    CHECK_THAT(run(with_out({"near", "23.6,37.9", "-k", "1"})).out, Catch::Contains("Piraeus"));
}

TEST_CASE("usage errors: did-you-mean, exit 2; help on every command", "[cli]") {
    auto r = run({"biuld"});
    CHECK(r.code == 2);
    CHECK(r.err.find("did you mean build") != std::string::npos);
    r = run({"ports", "shwo", "GRPIR"});
    CHECK(r.code == 2);
    CHECK(r.err.find("did you mean show") != std::string::npos);
    r = run({"ports", "show", "GRPIR", "--jsno"});
    CHECK(r.code == 2);
    CHECK(r.err.find("--json") != std::string::npos);
    // an unknown option among known ones: only it is named, with the near option of the command
    r = run({"ports", "list", "--as-of", "2010", "--prc-operated"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("'--prc-operated': did you mean --prc") && !Catch::Contains("'--as-of'"));
    // after global options with values: the value (the DIR of --out) is not taken for the mistyped command
    r = run({"--out", "/tmp/harbormap-nowhere", "biuld"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("'biuld': did you mean build"));
    r = run({"--quiet", "--data", "/tmp/harbormap-nowhere", "ports", "shwo", "GRPIR"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("'shwo': did you mean show"));
    // a word that is no command is named as such (it read "A subcommand is required", as if none had been typed)
    r = run({"exposure"});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::StartsWith("harbormap: error: 'exposure' is not a command of 'harbormap'") && Catch::Contains("subcommands: "));
    r = run({"ports", "shwo", "GRPIR"});
    CHECK_THAT(r.err, Catch::StartsWith("harbormap: error: 'shwo' is not a command of 'harbormap ports'"));
    r = run({"build", "--steps", "fusoin"});
    CHECK(r.code == 2);
    CHECK(r.err.find("did you mean 'fusion'?") != std::string::npos);
    r = run({"--version"});
    CHECK(r.code == 0);
    CHECK(r.out.find("harbormap ") == 0);
    CHECK(run({}).code == 2);
    for (const auto& c : harbormap::cli::make_commands()) {
        auto args = c->path();
        args.push_back("--help");
        auto h = run(args);
        INFO(args.front());
        CHECK(h.code == 0);
        CHECK(h.out.find("Usage") != std::string::npos);
    }
}

namespace {
// A copy of the shipped data with one curated file replaced; returns the data dir.
fs::path data_with(const std::string& rel, const std::string& content, const std::string& name) {
    // links to the shipped files (absolute paths), the replaced one a file of its own (fs::copy with
    // create_symlinks refuses a directory source, as the standard says; libstdc++ builds differ)
    auto dir = scratch(name) / "data";
    const fs::path from = fs::absolute(source_dir / "data");
    for (const auto& e : fs::recursive_directory_iterator(from)) {
        const fs::path to = dir / fs::relative(e.path(), from);
        if (e.is_directory()) fs::create_directories(to);
        else if (e.is_regular_file()) fs::create_symlink(e.path(), to);
    }
    fs::create_directories(dir);
    fs::remove(dir / rel);
    harbormap::write_file_atomic(dir / rel, content);
    return dir;
}
std::string replace_first(std::string s, const std::string& a, const std::string& b) {
    auto p = s.find(a);
    REQUIRE(p != std::string::npos);
    return s.replace(p, a.size(), b);
}
// Builds into an existing out/ (a copy of the footprint built once for the run) and checks the failure
// left it byte-identical.
void expect_build_failure(const fs::path& data, const std::string& message) {
    auto out = data.parent_path() / "out";
    fs::copy(built_out(), out, fs::copy_options::recursive);
    const std::string before = harbormap::read_file(out / "harbormap.gpkg");
    auto r = run({"--data", data.string(), "--out", out.string(), "build", "--steps", "fusion"});
    CHECK(r.code == 1);
    INFO(r.err);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(harbormap::read_file(out / "harbormap.gpkg") == before);
    for (const auto& e : fs::directory_iterator(out.parent_path()))
        CHECK(e.path().filename().string().find(".tmp-") == std::string::npos); // no staging left behind
    fs::remove_all(data.parent_path());
}
} // namespace

TEST_CASE("bad input: clear error with file, row and field; exit 1; previous output intact", "[cli]") {
    const std::string terminals = harbormap::read_file(source_dir / "data/curated/terminals.csv");
    SECTION("bad coordinate") {
        // Piraeus PCT is the first data row (row 2): latitude 37.933333 -> 97.933333
        auto d = data_with("curated/terminals.csv", replace_first(terminals, ",23.65,37.933333,", ",23.65,97.933333,"), "badcoord");
        expect_build_failure(d, "curated/terminals.csv:2: field 'lat': latitude 97.933333 is out of range [-90, 90]; longitude and latitude look swapped");
    }
    SECTION("missing field value") {
        auto d = data_with("curated/terminals.csv", replace_first(terminals, ",COSCO,PRC-SOE,100,100,concession,2009,active,", ",COSCO,PRC-SOE,100,100,,2009,active,"), "missingvalue");
        expect_build_failure(d, "curated/terminals.csv:2: field 'role': required value is empty");
    }
    SECTION("missing column") {
        auto d = data_with("curated/terminals.csv", replace_first(terminals, "terminal_id,terminal_name,", "id,terminal_name,"), "missingcolumn");
        expect_build_failure(d, "curated/terminals.csv:1: field 'terminal_id': column 'terminal_id' is not in the header");
    }
    SECTION("empty file") {
        auto d = data_with("curated/terminals.csv", "", "empty");
        expect_build_failure(d, "curated/terminals.csv: file is empty");
    }
    SECTION("header only") {
        auto d = data_with("curated/terminals.csv", terminals.substr(0, terminals.find('\n') + 1), "headeronly");
        expect_build_failure(d, "curated/terminals.csv: no records (the file has a header only)");
    }
}

TEST_CASE("an unknown column in a mapping is named with the mapping file", "[cli]") {
    auto dir = scratch("mapping");
    fs::copy(source_dir / "layers/mappings", dir / "mappings");
    fs::permissions(dir / "mappings/bri.json", fs::perms::owner_write, fs::perm_options::add);
    std::string m = harbormap::read_file(dir / "mappings/bri.json");
    m = replace_first(m, R"({"name": "project"})", R"({"name": "project", "column": "projekt"})");
    harbormap::write_file_atomic(dir / "mappings/bri.json", m);
    auto r = run({"--data", (source_dir / "data").string(), "--mappings", (dir / "mappings").string(), "layers", "check", "bri"});
    CHECK(r.code == 1);
    CHECK(r.err.find("bri_ports.csv:1: field 'project': column 'projekt' is not in the header (mapping bri.json); did you mean 'project'?") !=
          std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("layers check and info on the shipped data", "[cli]") {
    auto r = run({"--data", (source_dir / "data").string(), "layers", "check"});
    CHECK(r.code == 0);
    CHECK(r.out.find("ok wpi: 3803 records") != std::string::npos);
    CHECK(r.out.find("ok terminals: " + std::to_string(shipped("terminals").features.size()) + " records") != std::string::npos);
    for (const char* t : {"zpmc_international", "crane_orders", "prc_equipment"}) {
        INFO(t);
        CHECK(r.out.find(std::string("ok ") + t + ": " + std::to_string(shipped(t).features.size()) + " records") != std::string::npos);
    }
    CHECK(r.out.find("FAIL") == std::string::npos);
    r = run({"--data", (source_dir / "data").string(), "layers", "info", "strategic", "--json"});
    REQUIRE(r.code == 0);
    const json j = json::parse(r.out);
    CHECK(j.at(0)["records"] == 23);
    CHECK(j.at(0)["bbox"][0].get<double>() < -149.0); // Anchorage: longitude first
    r = run({"--data", (source_dir / "data").string(), "layers", "info", "terminal"});
    CHECK(r.code == 2);
    CHECK(r.err.find("did you mean 'terminals'?") != std::string::npos);
}

TEST_CASE("ports are found by the names the curated tables use", "[cli]") {
    // The WPI calls it Piraievs; the terminal table says Piraeus.
    auto r = run(with_out({"ports", "show", "Piraeus", "--json"}));
    REQUIRE(r.code == 0);
    CHECK(json::parse(r.out)["port_id"] == "wpi:42230");
}

// --- issue 12: codes and names analysts use --------------------------------------------------

namespace {
json show_json(const std::vector<std::string>& args) {
    auto r = run(with_out(args));
    INFO(r.err);
    return json::parse(r.out);
}
} // namespace

TEST_CASE("trade codes resolve: CNSHA is Shanghai (the official list moved the port to CNSGH)", "[cli]") {
    const json j = show_json({"ports", "show", "CNSHA", "--json"});
    CHECK(j["status"] == "ok");
    CHECK(j["port_id"] == "wpi:59970");
    CHECK(j["unlocode"] == "CNSGH");
    CHECK(j["locodes"].get<std::string>().find("CNSHA [trade sea-ports 0.0.9") != std::string::npos);
    CHECK(j["note"].get<std::string>().find("trade") != std::string::npos);
    for (const char* code : {"CNNGB", "CNTAO", "CNXMN", "CNDLC", "CNCAN"}) {
        const json k = show_json({"ports", "show", code, "--json"});
        INFO(code);
        CHECK(k["status"] == "ok");
        CHECK(k["country_iso2"] == "CN");
    }
    auto r = run(with_out({"ports", "show", "CNSHX"})); // a typo: ranked by code distance
    CHECK(r.code == 1);
    CHECK(r.err.find("code CNSHA") != std::string::npos);
    // a five-letter word typed as a name is a name too: the English exonym finds the WPI/trade spelling first
    r = run(with_out({"ports", "show", "Genoa"}));
    CHECK(r.code == 1);
    CHECK(r.err.find("did you mean Genova (ITGOA)") != std::string::npos);
}

TEST_CASE("Singapore is one entity: SGSIN and SGKEP give the same port with every fact", "[cli]") {
    const json a = show_json({"ports", "show", "SGSIN", "--json"});
    const json c = show_json({"ports", "show", "SGKEP", "--json"});
    CHECK(a["port_id"] == "wpi:50000");
    CHECK(c["port_id"] == "wpi:50000");
    CHECK(a["name"] == "Singapore");
    CHECK(a["wpi_name"] == "Keppel - (East Singapore)");
    std::set<std::string> terminals, logink;
    for (const auto& t : a["facts"]["terminals"]) terminals.insert(t["terminal_id"].get<std::string>());
    for (const auto& t : a["facts"]["logink"]) logink.insert(t["logink_id"].get<std::string>());
    CHECK(terminals.count("sg-cosco-psa"));
    CHECK(logink.count("logink-sg-singapore"));
    // The refreshed terminal table also calls Jurong Island "Singapore": the name answers through the declared
    // port complex (data/ports/port_complexes.csv), whose main member is Keppel, and lists Jurong Island.
    const json b = show_json({"ports", "show", "Singapore", "--json"});
    CHECK(b["port_id"] == "wpi:50000");
    REQUIRE(b["complex_members"].size() == 2);
    CHECK(b["complex_members"][1]["port_id"] == "wpi:50017");
    auto r = run(with_out({"ports", "show", "cur:SG:singapore"}));
    CHECK(r.code == 1); // no duplicate curated-only entity any more
}

TEST_CASE("port complexes resolve to their main member and list the members", "[cli]") {
    json j = show_json({"ports", "show", "Shenzhen", "--json"});
    CHECK(j["port_id"] == "wpi:57857");
    REQUIRE(j["complex_members"].size() == 3);
    CHECK(j["complex_members"][0]["port_id"] == "wpi:57857");
    j = show_json({"ports", "show", "Hampton Roads", "--json"});
    CHECK(j["port_id"] == "wpi:8280");
    bool newport_news = false;
    for (const auto& m : j["complex_members"]) newport_news = newport_news || m["port_id"] == "wpi:8300";
    CHECK(newport_news);
    CHECK(show_json({"ports", "show", "Ningbo-Zhoushan", "--json"})["port_id"] == "wpi:59940");
}

TEST_CASE("the same name in several countries is ambiguous; CC:name and --country decide", "[cli]") {
    auto r = run(with_out({"ports", "show", "Port Elizabeth", "--json"}));
    CHECK(r.code == 1);
    const json j = json::parse(r.out);
    CHECK(j["status"] == "ambiguous_port");
    std::set<std::string> countries;
    for (const auto& c : j["candidates"]) countries.insert(c["country_iso2"].get<std::string>());
    CHECK(countries == std::set<std::string>{"US", "ZA"});
    CHECK(show_json({"ports", "show", "US:Port Elizabeth", "--json"})["port_id"] == "wpi:7820");
    CHECK(show_json({"ports", "show", "Port Elizabeth", "--country", "ZA", "--json"})["port_id"] == "wpi:46820");
}

TEST_CASE("a name typed without a generic word is the port of that very name; the others are noted", "[cli]") {
    // "Hamburg" matches Hamburg (DE) and, with "Harbor" dropped, Hamburg Harbor (PG)
    const json j = show_json({"ports", "show", "Hamburg", "--json"});
    CHECK(j["port_id"] == "wpi:30780");
    CHECK(j["note"].get<std::string>().find("Hamburg Harbor (PG)") != std::string::npos);
    // a typed generic word keeps the ambiguity (as "Port Elizabeth" above); the country decides
    auto r = run(with_out({"ports", "show", "Hamburg Harbor", "--json"}));
    CHECK(r.code == 1);
    CHECK(json::parse(r.out)["status"] == "ambiguous_port");
    CHECK(show_json({"ports", "show", "PG:Hamburg Harbor", "--json"})["port_id"] == "wpi:56740");
}

TEST_CASE("Strategic Seaport names resolve; a seed row without a position is reported, not placed", "[cli]") {
    CHECK(show_json({"ports", "show", "Sunny Point", "--json"})["port_id"] == "wpi:8480");
    CHECK(show_json({"ports", "show", "Indian Island", "--json"})["port_id"] == "wpi:17160");
    CHECK(show_json({"ports", "show", "Guam", "--json"})["port_id"] == "wpi:56550");
    auto r = run(with_out({"ports", "show", "Concord"}));
    CHECK(r.code == 1);
    CHECK(r.err.find("Concord (Military Ocean Terminal Concord)' names it but is not placed") != std::string::npos);
}

TEST_CASE("ports list: filters and formats agree with the footprint", "[cli]") {
    auto r = run(with_out({"--quiet", "ports", "list", "--prc", "--format", "json"}));
    REQUIRE(r.code == 0);
    const json prc = json::parse(r.out);
    CHECK(prc.size() > 50);
    for (const auto& p : prc) CHECK(p["prc_operated"] == true);
    r = run(with_out({"--quiet", "ports", "list", "--prc", "--country", "GR", "--format", "geojson"}));
    REQUIRE(r.code == 0);
    const json gr = json::parse(r.out);
    REQUIRE(gr["features"].size() >= 1);
    CHECK(gr["features"][0]["properties"]["country_iso2"] == "GR");
    r = run(with_out({"--quiet", "ports", "list", "--strategic", "--format", "csv"}));
    REQUIRE(r.code == 0);
    CHECK(std::count(r.out.begin(), r.out.end(), '\n') >= 20); // header + 21 placed seaports (some share a port)
    const auto target = scratch("list") / "ports.csv";
    CHECK(run(with_out({"--quiet", "ports", "list", "--format", "csv", "-o", target.string()})).code == 0);
    CHECK(run(with_out({"--quiet", "ports", "list", "--format", "csv", "-o", target.string()})).code == 2);
    CHECK(run(with_out({"--quiet", "ports", "list", "--format", "csv", "-o", target.string(), "--overwrite"})).code == 0);
    CHECK(run(with_out({"ports", "list", "--format", "gpkg"})).code == 2); // gpkg needs -o
}

TEST_CASE("ports list --bbox across the antimeridian (min_lon > max_lon), as render --bbox takes it", "[cli]") {
    // Fiji (Suva 178.4E) to Samoa (Apia 171.8W): before, min_lon > max_lon was refused as malformed
    auto r = run(with_out({"--quiet", "ports", "list", "--bbox", "170,-30,-170,0", "--format", "geojson"}));
    INFO(r.err);
    REQUIRE(r.code == 0);
    const json fc = json::parse(r.out);
    std::vector<std::string> names;
    for (const auto& f : fc["features"]) {
        const double lon = f["geometry"]["coordinates"][0], lat = f["geometry"]["coordinates"][1];
        CHECK((lon >= 170 || lon <= -170));
        CHECK((lat >= -30 && lat <= 0));
        names.push_back(f["properties"]["name"]);
    }
    for (const char* n : {"Suva", "Apia", "Pago Pago"}) CHECK(std::find(names.begin(), names.end(), n) != names.end());
    // the plain box as before; a malformed one names the reason
    r = run(with_out({"--quiet", "ports", "list", "--bbox", "23,37,24,38.5", "--format", "csv"}));
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains(",Piraeus,"));
    r = run(with_out({"--quiet", "ports", "list", "--bbox", "10,50,0,40"}));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("--bbox '10,50,0,40': latitudes must be within -90..90 and minlat < maxlat"));
}

// A terminal table without the WPI columns (wpi_number, wpi_port_name, coord_source): the matcher
// places its rows by name, LOCODE and proximity; `layers check FILE` says which mapping fits.
TEST_CASE("a terminal table without WPI columns builds end to end", "[cli]") {
    const auto dir = scratch("nowpi");
    fs::copy(source_dir / "data", dir / "data", fs::copy_options::recursive);
    const fs::path terminals = dir / "data/curated/terminals.csv";
    {
        std::ifstream in(terminals);
        std::string header;
        std::getline(in, header);
        REQUIRE(header.find("wpi_number") != std::string::npos);
    }
    // drop three columns with python's csv module (quoted fields with commas)
    const std::string cmd = "python3 -c \"import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding='utf-8'))); "
                            "drop=[r[0].index(c) for c in ('wpi_number','wpi_port_name','coord_source')]; "
                            "w=csv.writer(open(sys.argv[1],'w',encoding='utf-8',newline=''),lineterminator='\\n'); "
                            "[w.writerow([v for i,v in enumerate(row) if i not in drop]) for row in r]\" " + terminals.string();
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto r = run({"--data", (dir / "data").string(), "layers", "check", terminals.string()});
    CHECK(r.code == 0);
    CHECK(r.err.find("read as source 'terminals'") != std::string::npos);
    r = run({"--quiet", "--data", (dir / "data").string(), "--out", (dir / "out").string(), "build", "--steps", "fusion"});
    REQUIRE(r.code == 0);
    const json j = json::parse(run({"--out", (dir / "out").string(), "ports", "show", "GRPIR", "--json"}).out);
    CHECK(j["prc_operated"] == true); // Piraeus rows placed without their WPI numbers
    fs::remove_all(dir);
}

TEST_CASE("position warnings: layers check and build report them; --strict makes them errors", "[cli]") {
    const std::string terminals = harbormap::read_file(source_dir / "data/curated/terminals.csv");
    // shipped data: no position warning, so --strict passes (a whole check of the shipped data: in the release
    // suite only; under the sanitizers "layers check and info on the shipped data" runs the same check)
    result r;
    if (!sanitizer_run()) {
        r = run({"--data", (source_dir / "data").string(), "layers", "check", "--strict"});
        CHECK(r.code == 0);
        CHECK(r.err.find("position") == std::string::npos);
    }

    struct broken {
        const char* name;
        std::string from, to, expect, count;
        std::string row_id = "gr-piraeus-pct";
    };
    // Piraeus PCT is the first data row (row 2)
    const std::vector<broken> cases = {
        {"swapped", ",GR,42230,Piraievs,23.65,37.933333,", ",GR,42230,Piraievs,37.933333,23.65,",
         "curated/terminals.csv:2: field 'lon/lat': terminals row gr-piraeus-pct: the position is",
         "warn 2 position warnings"}, // far from WPI 42230 and outside Greece
        {"country", "gr-piraeus-pct,Piraeus Container Terminal (Piers II and III),Piraeus,GR,",
         "gr-piraeus-pct,Piraeus Container Terminal (Piers II and III),Piraeus,TR,",
         "curated/terminals.csv:2: field 'country_iso2': terminals row gr-piraeus-pct: the position is",
         "warn 1 position warning\n"},
        // the Valencia terminal placed in Madrid: on land, about 300 km from the coast (and from its port)
        {"inland", ",ES,38480,Valencia,-0.316667,39.45,", ",ES,38480,Valencia,-3.7038,40.4168,",
         "curated/terminals.csv:8: field 'lon/lat': terminals row es-valencia-csp: the position is on land, ",
         "warn 2 position warnings", "es-valencia-csp"},
    };
    // under the sanitizers: the first variant (test_positions checks all three at the fusion API)
    for (const auto& c : cases) {
        if (sanitizer_run() && &c != &cases.front()) break;
        INFO(c.name);
        const auto data = data_with("curated/terminals.csv", replace_first(terminals, c.from, c.to), std::string("pos-") + c.name);
        const auto out = data.parent_path() / "out";
        r = run({"--data", data.string(), "layers", "check", "terminals"});
        CHECK(r.code == 0);
        CHECK(r.err.find("warning: " + data.string()) != std::string::npos);
        CHECK(r.err.find(c.expect) != std::string::npos);
        CHECK(r.out.find(c.count) != std::string::npos);
        if (c.name == std::string("swapped")) CHECK(r.err.find("lat/lon swapped?") != std::string::npos);
        r = run({"--data", data.string(), "layers", "check", "terminals", "--strict"});
        CHECK(r.code == 1);
        CHECK(r.err.find("error: " + data.string()) != std::string::npos);
        CHECK(r.err.find(c.expect) != std::string::npos);

        // build: warnings on stderr, the match report carries them; --strict: exit 1 and out/ untouched
        r = run({"--data", data.string(), "--out", out.string(), "build", "--steps", "fusion"});
        REQUIRE(r.code == 0);
        CHECK(r.err.find(c.expect) != std::string::npos);
        bool reported = false;
        for (const auto& l : harbormap::layers::read_vector_file(out / "harbormap.gpkg", {"match_report"}))
            for (const auto& f : l.features)
                if (f.text("row_id") == c.row_id && f.text("source_table") == "terminals")
                    reported = f.text("position_warning").find("terminals row " + c.row_id + ": the position is") != std::string::npos;
        CHECK(reported);
        const std::string before = harbormap::read_file(out / "harbormap.gpkg");
        r = run({"--data", data.string(), "--out", out.string(), "build", "--steps", "fusion", "--strict"});
        CHECK(r.code == 1);
        CHECK(r.err.find(c.expect) != std::string::npos);
        CHECK(harbormap::read_file(out / "harbormap.gpkg") == before);
        fs::remove_all(data.parent_path());
    }
}

TEST_CASE("--as-of YEAR: the footprint as it stood, counted from the rows' years; bad years are usage errors", "[cli]") {
    const auto base = scratch("as-of");
    for (int year : {2010, 2020}) {
        if (sanitizer_run() && year != 2010) break; // the same fusion path, one year under the sanitizers
        const auto dir = base / ("out-" + std::to_string(year));
        auto r = run({"--data", (source_dir / "data").string(), "--out", dir.string(), "build", "--steps", "fusion", "--as-of",
                      std::to_string(year)});
        REQUIRE(r.code == 0);
        INFO(r.err);
        CHECK(r.err.find("as of " + std::to_string(year) + ": terminals: ") != std::string::npos);
        CHECK(r.err.find("at " + prc_coverage_as_of(year) + " (by curated port name)") != std::string::npos);
        const auto manifest = json::parse(harbormap::read_file(dir / "manifest.json"));
        CHECK(manifest["as_of"] == std::to_string(year));
    }
    // ports list --prc: monotone in the year (no end year in the data: a PRC-operated row never leaves), below now;
    // under the sanitizers no as-of list (each is a whole fusion; `ports show --as-of` below takes the same path)
    std::vector<std::size_t> counts;
    for (const char* year : {"2005", "2015"}) {
        if (sanitizer_run()) break;
        auto r = run(with_out({"--quiet", "ports", "list", "--prc", "--format", "json", "--as-of", year}));
        REQUIRE(r.code == 0);
        counts.push_back(json::parse(r.out).size());
    }
    auto now = run(with_out({"--quiet", "ports", "list", "--prc", "--format", "json"}));
    REQUIRE(now.code == 0);
    counts.push_back(json::parse(now.out).size());
    CHECK(counts.front() > 0);
    if (counts.size() == 3) {
        CHECK(counts[0] < counts[1]);
        CHECK(counts[1] < counts[2]);
    }
    // Piraeus in 2010: the PCT concession (2009), not yet COSCO's 67% of the port authority (2016)
    auto pir = run(with_out({"--quiet", "ports", "show", "GRPIR", "--json", "--as-of", "2010"}));
    REQUIRE(pir.code == 0);
    const json j = json::parse(pir.out);
    CHECK(j["prc_operated"] == true);
    CHECK(j["prc_terminals"] == 1);
    for (const auto& t : j["facts"]["terminals"]) CHECK(t["valid_from"].get<int>() <= 2010);
    // usage errors (exit 2): out of 1900..this year, not a number
    for (const char* bad : {"1899", "3000", "abc"}) {
        CHECK(run(with_out({"ports", "list", "--as-of", bad})).code == 2);
        CHECK(run(with_out({"report", "--as-of", bad})).code == 2);
    }
    CHECK(run({"--out", (base / "x").string(), "build", "--as-of", "1800"}).code == 2);
    CHECK_FALSE(fs::exists(base / "x"));
    fs::remove_all(base);
}

// coa and diff write through the shared output options: --format (with the --json/--geojson aliases),
// -o FILE written atomically with the bytes stdout would get, an existing file refused without --overwrite.
TEST_CASE("coa and diff: --format, -o FILE as stdout, an existing file refused without --overwrite", "[cli]") {
    const auto dir = scratch("outputs");
    const std::string gpkg = (built_out() / "harbormap.gpkg").string();
    const std::string coa_file = (dir / "coa.json").string();
    auto on_stdout = run(with_out({"--quiet", "coa", "--format", "json"}));
    REQUIRE(on_stdout.code == 0);
    CHECK(json::parse(on_stdout.out)["currency"] == "USD");
    CHECK(run(with_out({"--quiet", "coa", "--json"})).out == on_stdout.out); // alias
    auto r = run(with_out({"--quiet", "coa", "--format", "json", "-o", coa_file}));
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    CHECK(harbormap::read_file(coa_file) == on_stdout.out);
    r = run(with_out({"--quiet", "coa", "--format", "csv", "-o", coa_file}));
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("--overwrite"));
    CHECK(harbormap::read_file(coa_file) == on_stdout.out); // untouched
    r = run(with_out({"--quiet", "coa", "--format", "csv", "-o", coa_file, "--overwrite"}));
    REQUIRE(r.code == 0);
    CHECK(harbormap::read_file(coa_file).rfind("port_id,name,zpmc_sts,", 0) == 0);
    CHECK(run(with_out({"--quiet", "coa", "--json", "--format", "csv"})).code == 2);    // alias and --format disagree
    CHECK(run(with_out({"--quiet", "coa", "--format", "geojson"})).code == 2);          // not offered by coa

    const std::string diff_file = (dir / "diff.geojson").string();
    on_stdout = run({"--quiet", "diff", gpkg, gpkg, "--geojson"});
    REQUIRE(on_stdout.code == 0);
    CHECK(json::parse(on_stdout.out)["type"] == "FeatureCollection");
    r = run({"--quiet", "diff", gpkg, gpkg, "--format", "geojson", "-o", diff_file});
    REQUIRE(r.code == 0);
    CHECK(r.out.empty());
    CHECK(harbormap::read_file(diff_file) == on_stdout.out);
    r = run({"--quiet", "diff", gpkg, gpkg, "--format", "json", "-o", diff_file});
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("--overwrite"));
    r = run({"--quiet", "diff", gpkg, gpkg, "--format", "json", "-o", diff_file, "--overwrite"});
    REQUIRE(r.code == 0);
    CHECK(json::parse(harbormap::read_file(diff_file))["added"].empty());
    CHECK(run({"--quiet", "diff", gpkg, gpkg, "--format", "csv"}).code == 2); // not offered by diff
    fs::remove_all(dir);
}
