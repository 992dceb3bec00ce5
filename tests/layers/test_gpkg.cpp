#include "engine/core/atomic_file.hpp"
#include "layers/gpkg_writer.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace harbormap;
namespace fs = std::filesystem;

TEST_CASE("GeoPackage round trip keeps types, lon/lat order and attribute tables", "[unit][layers]") {
    const auto dir = fs::temp_directory_path() / ("harbormap-gpkg-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    feature_layer pts;
    pts.name = "ports";
    pts.fields = {{"name", field_type::text}, {"n", field_type::integer}, {"x", field_type::real}, {"b", field_type::boolean}};
    feature f;
    f.geom = geometry::make_point({-118.18, 33.77}); // lon first
    f.properties = {{"name", std::string("Long Beach")}, {"n", std::int64_t{7}}, {"x", 1.5}, {"b", true}};
    pts.features.push_back(f);
    feature_layer table;
    table.name = "report";
    table.geom_type = geometry_type::none;
    table.fields = {{"what", field_type::text}};
    feature r;
    r.properties = {{"what", std::string("ok")}};
    table.features.push_back(r);
    {
        layers::gpkg_writer w(dir / "t.gpkg");
        w.write_layer(pts);
        w.write_layer(table);
        CHECK_FALSE(fs::exists(dir / "t.gpkg")); // nothing visible before commit
        w.commit();
    }
    const auto back = layers::read_vector_file(dir / "t.gpkg");
    REQUIRE(back.size() == 2);
    const auto& p = back[0].features.at(0);
    CHECK(p.geom.points.at(0).lon == Approx(-118.18));
    CHECK(p.geom.points.at(0).lat == Approx(33.77));
    CHECK(p.text("name") == "Long Beach");
    CHECK(std::get<std::int64_t>(*p.find("n")) == 7);
    CHECK(std::get<double>(*p.find("x")) == 1.5);
    CHECK(std::get<bool>(*p.find("b")) == true);
    CHECK(back[1].geom_type == geometry_type::none);
    CHECK(back[1].features.at(0).text("what") == "ok");
    // An abandoned writer leaves no file and no temp behind.
    {
        layers::gpkg_writer w(dir / "u.gpkg");
        w.write_layer(pts);
    }
    CHECK_FALSE(fs::exists(dir / "u.gpkg"));
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    CHECK(n == 1);
    fs::remove_all(dir);
}
