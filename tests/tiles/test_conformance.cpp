// The decoder against the vector tile spec's conformance fixtures (npm @mapbox/mvt-fixtures), and
// our encoder's output through the same decoder without a single warning.
//
// The fixtures test is hidden ([.mvt-fixtures]): tests/tiles/run_checks.sh fixtures installs the
// package and runs it with HARBORMAP_MVT_FIXTURES=<package>/fixtures (ctest: tiles_mvt_fixtures).
// Each fixture's info.json says whether the tile is valid for MVT 2 ("validity": {"v2": ...}):
//   valid   -> must decode (warnings allowed: unknown geometry/value types are skipped with one);
//   invalid -> must be rejected with a message naming the rule, or decoded with a warning.
#include "engine/core/atomic_file.hpp"
#include "tiles/generator.hpp"
#include "tiles/mvt.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>

namespace fs = std::filesystem;
using namespace harbormap;
using namespace harbormap::tiles;

TEST_CASE("mvt-fixtures: valid tiles decode, invalid tiles are rejected or warned", "[.mvt-fixtures]") {
    const char* env = std::getenv("HARBORMAP_MVT_FIXTURES");
    REQUIRE(env != nullptr);
    const fs::path dir(env);
    REQUIRE(fs::is_directory(dir));
    std::map<std::string, fs::path> fixtures;
    for (const auto& e : fs::directory_iterator(dir))
        if (fs::exists(e.path() / "tile.mvt") && fs::exists(e.path() / "info.json")) fixtures[e.path().filename().string()] = e.path();
    REQUIRE(fixtures.size() >= 70);
    std::size_t valid = 0, valid_ok = 0, valid_warned = 0, invalid = 0, rejected = 0, invalid_warned = 0;
    for (const auto& [id, path] : fixtures) {
        const auto info = nlohmann::json::parse(read_file(path / "info.json"));
        const bool is_valid = info.at("validity").at("v2").get<bool>();
        const std::string bytes = read_file(path / "tile.mvt");
        std::string outcome, detail;
        try {
            const decoded_tile t = decode_tile(bytes);
            std::size_t features = 0;
            for (const auto& l : t.layers) features += l.features.size();
            (void)to_canonical_json(t);
            outcome = t.warnings.empty() ? "decoded" : "decoded with warning";
            detail = std::to_string(t.layers.size()) + " layer(s), " + std::to_string(features) + " feature(s)" +
                     (t.warnings.empty() ? "" : "; " + t.warnings.front());
            if (!t.warnings.empty()) ++(is_valid ? valid_warned : invalid_warned);
        } catch (const std::runtime_error& e) {
            outcome = "rejected";
            detail = e.what();
            ++rejected;
        }
        const bool ok = is_valid ? outcome != "rejected" : outcome != "decoded";
        if (is_valid) {
            ++valid;
            valid_ok += ok;
        } else {
            ++invalid;
        }
        std::cout << "mvt-fixture " << id << " " << (is_valid ? "valid  " : "invalid") << " " << (ok ? "ok  " : "FAIL") << " "
                  << outcome << ": " << detail << "\n";
        INFO("fixture " << id << " (" << (is_valid ? "valid" : "invalid") << "): " << outcome << ": " << detail);
        CHECK(ok);
        if (outcome == "rejected") CHECK(detail.size() > 10);
    }
    std::size_t invalid_ok = 0;
    for (const auto& [id, path] : fixtures) {
        const auto info = nlohmann::json::parse(read_file(path / "info.json"));
        if (info.at("validity").at("v2").get<bool>()) continue;
        try {
            invalid_ok += !decode_tile(read_file(path / "tile.mvt")).warnings.empty();
        } catch (const std::runtime_error&) {
            ++invalid_ok;
        }
    }
    std::cout << "mvt-fixtures: valid decoded " << valid_ok << "/" << valid << ", invalid rejected-or-warned " << invalid_ok << "/"
              << invalid << " (rejected " << rejected << ", decoded with a warning " << invalid_warned << "); valid with a warning "
              << valid_warned << "\n";
    CHECK(valid_ok == valid);
    CHECK(invalid_ok == invalid);
}

TEST_CASE("the encoder's tiles pass the decoder's checks without a warning", "[tiles][unit]") {
    feature_layer pts, lines, areas;
    pts.name = "ports";
    pts.fields = {{"name", field_type::text}, {"rank", field_type::integer}, {"share", field_type::real}, {"key", field_type::boolean}};
    std::mt19937 rng(5);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-75, 75);
    for (int i = 0; i < 2000; ++i) {
        feature f;
        f.id = i;
        f.geom = geometry::make_point({lon(rng), lat(rng)});
        f.properties = {{"name", "p" + std::to_string(i)}, {"rank", std::int64_t{i % 7 - 3}}, {"share", i / 7.0}, {"key", i % 2 == 0}};
        pts.features.push_back(std::move(f));
    }
    lines.name = "lanes";
    lines.geom_type = geometry_type::line;
    for (const line_string& ls : std::vector<line_string>{{{170, 10}, {-170, 12}, {-150, 14}}, {{-10, 40}, {30, 35}, {100, 5}}}) {
        feature f;
        f.id = static_cast<std::int64_t>(lines.features.size());
        f.geom.type = geometry_type::line;
        f.geom.lines.push_back(ls);
        lines.features.push_back(std::move(f));
    }
    areas.name = "areas";
    areas.geom_type = geometry_type::polygon;
    feature a;
    a.geom.type = geometry_type::polygon;
    a.geom.polygons.push_back({{{{-20, -20}, {40, -20}, {40, 30}, {-20, 30}}, {{0, 0}, {10, 0}, {10, 10}, {0, 10}}}});
    areas.features.push_back(std::move(a));
    std::vector<layer_spec> specs(3);
    specs[0].name = "ports";
    specs[0].source = &pts;
    specs[0].point_grid = 8;
    specs[1].name = "lanes";
    specs[1].source = &lines;
    specs[2].name = "areas";
    specs[2].source = &areas;
    struct sink : tile_sink {
        std::size_t tiles = 0, warnings = 0, features = 0;
        void add_tiles(std::uint32_t, const std::vector<encoded_tile>& batch) override {
            for (const auto& t : batch) {
                const auto d = decode_tile(t.mvt);
                ++tiles;
                warnings += d.warnings.size();
                for (const auto& w : d.warnings) WARN(t.id.str() << ": " << w);
                for (const auto& l : d.layers) features += l.features.size();
            }
        }
        void finish(const tileset_metadata&) override {}
    } s;
    generate_options opt;
    opt.max_zoom = 6;
    generate(specs, opt, {&s});
    CHECK(s.tiles > 100);
    CHECK(s.features > 2000);
    CHECK(s.warnings == 0);
}
