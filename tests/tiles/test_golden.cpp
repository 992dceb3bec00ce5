// Golden test: a small hand-made input (ports with keep/rank, a line across the antimeridian, a
// polygon with a hole) tiled at z0-2, every tile decoded to canonical JSON and compared with
// tests/tiles/golden/small.json (geometry within 1 tile unit, reals within 1e-9).
// Regenerate: HARBORMAP_UPDATE_GOLDEN=1 tests/tiles/test_tiles "[golden]"   (review the diff!)
#include "engine/core/atomic_file.hpp"
#include "tiles/generator.hpp"
#include "tiles/mvt.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>

using namespace harbormap;
using namespace harbormap::tiles;
using nlohmann::json;

namespace {

struct mem_sink : tile_sink {
    std::map<tile_id, std::string> tiles;
    void add_tiles(std::uint32_t, const std::vector<encoded_tile>& t) override {
        for (const auto& e : t) tiles[e.id] = e.mvt;
    }
    void finish(const tileset_metadata&) override {}
};

feature point(std::int64_t id, double lon, double lat, const std::string& name, std::int64_t rank, bool key, double share) {
    feature f;
    f.id = id;
    f.geom = geometry::make_point({lon, lat});
    f.properties = {{"name", name}, {"harbor_rank", rank}, {"key", key}, {"share", share}, {"note", std::monostate{}}};
    return f;
}

// Compares JSON values: integers within `geom_tol` inside "geometry", reals within 1e-9 relative.
void compare(const json& want, const json& got, const std::string& where, bool in_geometry) {
    if (want.is_number() && got.is_number()) {
        const double a = want.get<double>(), b = got.get<double>();
        const double tol = in_geometry ? 1.0 : 1e-9 * std::max(1.0, std::abs(a));
        INFO(where << ": " << a << " vs " << b);
        CHECK(std::abs(a - b) <= tol);
        return;
    }
    INFO(where);
    REQUIRE(want.type() == got.type());
    if (want.is_object()) {
        REQUIRE(want.size() == got.size());
        for (auto it = want.begin(); it != want.end(); ++it) {
            REQUIRE(got.contains(it.key()));
            compare(it.value(), got[it.key()], where + "." + it.key(), in_geometry || it.key() == "geometry");
        }
    } else if (want.is_array()) {
        REQUIRE(want.size() == got.size());
        for (std::size_t i = 0; i < want.size(); ++i) compare(want[i], got[i], where + "[" + std::to_string(i) + "]", in_geometry);
    } else {
        CHECK(want == got);
    }
}

} // namespace

TEST_CASE("golden: decoded tiles of a small input", "[tiles][golden]") {
    feature_layer ports;
    ports.name = "ports";
    ports.geom_type = geometry_type::point;
    ports.fields = {{"name", field_type::text}, {"harbor_rank", field_type::integer}, {"key", field_type::boolean},
                    {"share", field_type::real}, {"note", field_type::text}};
    ports.features = {point(1, 23.6167, 37.9333, "Piraeus", 4, true, 0.67), point(2, -118.2, 33.75, "Long Beach", 4, false, 0),
                      point(3, 79.85, 6.95, "Colombo", 4, true, 0.85), point(4, 23.7, 37.95, "Perama", 1, false, 0),
                      point(5, 179.9, -16.5, "Labasa", 2, false, 0)};
    feature_layer lanes;
    lanes.name = "lanes";
    lanes.geom_type = geometry_type::line;
    lanes.fields = {{"class", field_type::text}};
    {
        feature f;
        f.id = 1;
        f.geom.type = geometry_type::line;
        f.geom.lines = {{{150, 30}, {175, 35}, {-170, 40}, {-125, 34}}};
        f.properties = {{"class", std::string("Major")}};
        lanes.features.push_back(f);
    }
    feature_layer areas;
    areas.name = "chokepoints";
    areas.geom_type = geometry_type::polygon;
    areas.fields = {{"name", field_type::text}};
    {
        feature f;
        f.id = 9;
        f.geom.type = geometry_type::polygon;
        f.geom.polygons = {{{{{32, 29}, {34, 29}, {34, 31.5}, {32, 31.5}, {32, 29}}, {{32.5, 30}, {32.5, 31}, {33.5, 31}, {33.5, 30}, {32.5, 30}}}}};
        f.properties = {{"name", std::string("Suez")}};
        areas.features.push_back(f);
    }
    std::vector<layer_spec> specs(3);
    specs[0].name = "ports";
    specs[0].source = &ports;
    specs[0].keep = [](const feature& f) { return std::get<bool>(*f.find("key")); };
    specs[0].importance_attribute = "harbor_rank";
    specs[0].feature_min_zoom = [](const feature& f) { return std::get<std::int64_t>(*f.find("harbor_rank")) >= 3 ? 0 : 2; };
    specs[1].name = "lanes";
    specs[1].source = &lanes;
    specs[2].name = "chokepoints";
    specs[2].source = &areas;
    generate_options opt;
    opt.min_zoom = 0;
    opt.max_zoom = 2;
    mem_sink sink;
    const auto r = generate(specs, opt, {&sink});
    // the Perama port (rank 1) appears only from z2, the keep ports everywhere
    CHECK(r.zooms[0].layers[0].below_min_zoom == 2);
    CHECK(r.zooms[2].layers[0].kept == 5);

    json got = json::object();
    for (const auto& [t, data] : sink.tiles) got[t.str()] = json::parse(to_canonical_json(decode_tile(data)));
    const char* src = std::getenv("HARBORMAP_SOURCE_DIR");
    const std::filesystem::path golden =
        std::filesystem::path(src ? src : HARBORMAP_SOURCE_DIR) / "tests" / "tiles" / "golden" / "small.json";
    if (std::getenv("HARBORMAP_UPDATE_GOLDEN")) {
        write_file_atomic(golden, got.dump(1) + "\n");
        WARN("golden file rewritten: " << golden.string());
    }
    const json want = json::parse(read_file(golden));
    compare(want, got, "tiles", false);
}
