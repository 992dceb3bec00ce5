// harbormap diff: planted changes reported exactly once each; manifest and schema checks; a data folder
// compared with itself has no changes.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/products/diff/diff.hpp"
#include "layers/gpkg_writer.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <set>

using namespace harbormap;
using namespace harbormap::products;
namespace fs = std::filesystem;

namespace {

fs::path repo() {
    const char* env = std::getenv("HARBORMAP_SOURCE_DIR");
    return env ? env : HARBORMAP_SOURCE_DIR;
}

feature row(std::int64_t id, std::vector<std::pair<std::string, value>> props, lon_lat pos = {23.6, 37.9}) {
    feature f;
    f.id = id;
    f.geom = geometry::make_point(pos);
    f.properties = std::move(props);
    return f;
}

struct terminal {
    std::string id, stake, status, confidence, url;
};

fs::path write_fixture(const fs::path& dir, const std::string& name, const std::vector<terminal>& ts, bool prc_p1,
                       int schema = footprint_schema_version, bool with_manifest = true) {
    fs::create_directories(dir);
    feature_layer ports{"ports", geometry_type::point, {{"port_id", field_type::text}, {"name", field_type::text}, {"prc_operated", field_type::boolean}, {"bri", field_type::boolean}}, {}};
    ports.features.push_back(row(1, {{"port_id", "wpi:1"}, {"name", "Alpha"}, {"prc_operated", prc_p1}, {"bri", true}}));
    ports.features.push_back(row(2, {{"port_id", "wpi:2"}, {"name", "Beta"}, {"prc_operated", true}, {"bri", false}}));
    feature_layer terms{"terminals", geometry_type::point,
                        {{"terminal_id", field_type::text}, {"terminal_name", field_type::text}, {"stake_pct", field_type::text},
                         {"status", field_type::text}, {"confidence", field_type::text}, {"source_url", field_type::text},
                         {"port_id", field_type::text}, {"match_method", field_type::text}},
                        {}};
    std::int64_t id = 0;
    for (const auto& t : ts) {
        ++id;
        terms.features.push_back(row(id, {{"terminal_id", t.id}, {"terminal_name", "T " + t.id}, {"stake_pct", t.stake}, {"status", t.status},
                                          {"confidence", t.confidence}, {"source_url", t.url}, {"port_id", "wpi:" + std::to_string(id)},
                                          {"match_method", "wpi_number"}}));
    }
    manifest m;
    m.entries = {{"schema_version", std::to_string(schema)}, {"build_date", name == "old" ? "2025-01-01" : "2026-12-06"},
                 {"file:curated/terminals.csv", name == "old" ? "crc32:00000001 bytes:10" : "crc32:00000002 bytes:12"}};
    const fs::path p = dir / (name + ".gpkg");
    layers::gpkg_writer w(p);
    w.write_layer(ports);
    w.write_layer(terms);
    if (with_manifest) w.write_layer(m.to_layer());
    w.commit();
    return p;
}

} // namespace

TEST_CASE("diff: one stake, one status, one new row, one removed row, one port entering a class") {
    const fs::path dir = fs::temp_directory_path() / "harbormap-test-diff";
    fs::remove_all(dir);
    const auto old_p = write_fixture(dir, "old",
                                     {{"t1", "20", "active", "high", "https://a"}, {"t2", "51", "pending", "medium", "https://b"},
                                      {"t3", "100", "active", "high", "https://c"}},
                                     false);
    const auto new_p = write_fixture(dir, "new",
                                     {{"t1", "35", "active", "high", "https://a"}, {"t2", "51", "active", "medium", "https://b"},
                                      {"t4", "60", "active", "low", "https://d"}},
                                     true);
    const auto a = load_snapshot(old_p, repo() / "layers" / "mappings");
    const auto b = load_snapshot(new_p, repo() / "layers" / "mappings");
    const auto d = diff_snapshots(a, b);
    REQUIRE(d.added.size() == 1);
    CHECK(d.added[0].id == "t4");
    REQUIRE(d.removed.size() == 1);
    CHECK(d.removed[0].id == "t3");
    REQUIRE(d.changed.size() == 2);
    CHECK(d.changed[0].id == "t1");
    REQUIRE(d.changed[0].fields.size() == 1); // port_id and match_method are derived, not facts
    CHECK(d.changed[0].fields[0].field == "stake_pct");
    CHECK(d.changed[0].fields[0].before == "20");
    CHECK(d.changed[0].fields[0].after == "35");
    CHECK(d.changed[1].id == "t2");
    REQUIRE(d.changed[1].fields.size() == 1);
    CHECK(d.changed[1].fields[0].field == "status");
    REQUIRE(d.classes.size() == 1);
    CHECK(d.classes[0].port_id == "wpi:1");
    CHECK(d.classes[0].cls == "PRC-operated");
    CHECK(d.classes[0].entered);
    CHECK(d.files_changed == std::vector<std::string>{"curated/terminals.csv"});
    const std::string text = diff_text(d);
    CHECK(text.find("terminals: 1 added, 1 removed, 2 changed") != std::string::npos);
    CHECK(text.find("stake_pct: '20' -> '35'") != std::string::npos);
    CHECK(text.find("ports entering PRC-operated: Alpha (wpi:1)") != std::string::npos);
    CHECK(diff_json(d).find("\"entered\"") != std::string::npos);
    CHECK(diff_geojson(d).find("\"FeatureCollection\"") != std::string::npos);
    // the reverse diff mirrors it
    const auto r = diff_snapshots(b, a);
    CHECK(r.added.size() == 1);
    CHECK(r.removed.size() == 1);
    CHECK(r.changed.size() == 2);
    CHECK_FALSE(r.classes.at(0).entered);
    fs::remove_all(dir);
}

TEST_CASE("diff: a GeoPackage that is not ours, or of another schema version, is a clear error") {
    const fs::path dir = fs::temp_directory_path() / "harbormap-test-diff-schema";
    fs::remove_all(dir);
    const auto other = write_fixture(dir, "old", {{"t1", "20", "active", "high", "u"}}, false, footprint_schema_version, false);
    const auto older = write_fixture(dir, "new", {{"t1", "20", "active", "high", "u"}}, false, footprint_schema_version - 1);
    CHECK_THROWS_WITH(load_snapshot(other, {}), Catch::Contains("not a harbormap GeoPackage"));
    CHECK_THROWS_WITH(load_snapshot(older, {}), Catch::Contains("schema version"));
    CHECK_THROWS_AS(load_snapshot(dir / "missing.gpkg", {}), input_error);
    // a build's output folder (`harbormap build --out out-2025`) is read through its harbormap.gpkg, not
    // fused as a data folder ("out-2025/curated/bri_ports.csv: file not found"); a folder that is neither says so
    const auto built = write_fixture(dir / "out-2025", "harbormap", {{"t1", "20", "active", "high", "u"}}, false);
    const auto s = load_snapshot(built.parent_path(), {});
    CHECK(s.layers.count("terminals") == 1);
    CHECK(s.label == built.string());
    fs::create_directories(dir / "empty");
    CHECK_THROWS_WITH(load_snapshot(dir / "empty", {}), Catch::Contains("neither a data folder") && Catch::Contains("harbormap.gpkg"));
    fs::remove_all(dir);
}

TEST_CASE("diff: the shipped data folder against itself has no changes, and its manifest names the files") {
    const auto a = load_snapshot(repo() / "data", repo() / "layers" / "mappings");
    CHECK(a.info.schema_version() == footprint_schema_version);
    CHECK(a.info.build_date().size() == 10);
    CHECK(a.info.entries.count("file:curated/terminals.csv") == 1);
    const auto d = diff_snapshots(a, a);
    CHECK(d.empty());
    CHECK(diff_text(d).find("no changes") != std::string::npos);
}

TEST_CASE("diff: a removed other-makers row is one removed row in cranes, not another port's row changed into it") {
    // The cranes layer holds the international ZPMC rows (zpmc_id) and the other makers' US rows, whose
    // zpmc_id is empty: keyed by zpmc_id, its 11 other-makers rows were one row, so removing Savannah's
    // Konecranes row showed as "~ Houston: port_name: 'Savannah' -> 'Houston'; ..." and a change to any
    // but the first of them was not seen in that layer.  The key is now the first *_id field set and
    // unique in both snapshots (row_id there).
    const fs::path dir = fs::temp_directory_path() / "harbormap-test-diff-cranes";
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(repo() / "data", dir / "data", fs::copy_options::recursive);
    const fs::path csv = dir / "data/curated/other_makers_us.csv";
    std::string text = read_file(csv);
    const auto at = text.find("\nom-savannah-konecranes,");
    REQUIRE(at != std::string::npos);
    text.erase(at, text.find('\n', at + 1) - at);
    write_file_atomic(csv, text);
    const auto a = load_snapshot(repo() / "data", repo() / "layers" / "mappings");
    const auto b = load_snapshot(dir / "data", repo() / "layers" / "mappings");
    const auto d = diff_snapshots(a, b);
    CHECK(d.added.empty());
    CHECK(d.changed.empty());
    std::set<std::string> removed;
    for (const auto& r : d.removed) removed.insert(r.layer + ":" + r.id);
    CHECK(removed == std::set<std::string>{"cranes:om-savannah-konecranes", "other_crane_makers:om-savannah-konecranes"});
    fs::remove_all(dir);
}
