// The port catalog file: a round trip of every value and geometry type, the refusals (missing,
// truncated, corrupt, stale, not a catalog) with a "rebuild" message, and the real build's catalog
// holding exactly what the GeoPackage holds.
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/core/text.hpp"
#include "engine/query/catalog_file.hpp"
#include "engine/query/port_lookup.hpp"
#include "engine/query/route_query.hpp"
#include "layers/reader.hpp"
#include "tests/catalog/catalog_fixture.hpp"
#include "tests/sanitizer_run.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

feature_layer sample_layer() {
    feature_layer l;
    l.name = "ports";
    l.geom_type = geometry_type::point;
    l.fields = {{"port_id", field_type::text}, {"wpi_number", field_type::integer}, {"depth_m", field_type::real},
                {"prc_operated", field_type::boolean}, {"note", field_type::text}};
    feature a;
    a.geom = geometry::make_point({23.6167, 37.9333});
    a.properties = {{"port_id", std::string("wpi:42230")}, {"wpi_number", std::int64_t{42230}}, {"depth_m", 16.5},
                    {"prc_operated", true}, {"note", std::string("Piraeus, \xCE\xA0\xCE\xB5\xCE\xB9\xCF\x81\xCE\xB1\xCE\xB9\xCE\xAC\xCF\x82")}};
    feature b; // nulls, a missing field, values of another type than the field's, a line and a polygon
    b.geom.type = geometry_type::polygon;
    b.geom.lines = {{{179.5, 10}, {-179.5, 10.5}}};
    b.geom.polygons = {polygon{{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}, {{0.2, 0.2}, {0.4, 0.2}, {0.2, 0.4}, {0.2, 0.2}}}}};
    b.properties = {{"wpi_number", true}, {"depth_m", std::int64_t{12}}, {"prc_operated", std::int64_t{0}},
                    {"port_id", std::monostate{}}, {"extra", std::string("not in the schema")}};
    l.features = {a, b, feature{}};
    return l;
}

// Under the sanitizer run (tests/sanitizer_run.hpp) the checks that repeat one code path over every port of the
// real data take every 13th; the release suite checks them all.
std::size_t sample_step() { return test::sample_step(13); }

std::string refusal(const std::string& bytes) {
    try {
        query::catalog_file::from_bytes(bytes, "cat.hmc");
    } catch (const processing_error& e) {
        return e.what();
    }
    return "accepted";
}

} // namespace

TEST_CASE("the catalog round-trips fields, typed values and geometries", "[unit][catalog]") {
    const feature_layer in = sample_layer();
    feature_layer other;
    other.name = "terminals";
    other.fields = {{"terminal_id", field_type::text}};
    const auto cat = query::catalog_file::from_bytes(query::serialize_catalog({&in, &other}), "mem");
    CHECK(cat.layer_names() == std::vector<std::string>{"ports", "terminals"});
    CHECK(cat.has_layer("terminals"));
    CHECK_FALSE(cat.has_layer("nope"));
    const feature_layer out = cat.layer("ports");
    CHECK(out.name == "ports");
    CHECK(out.geom_type == geometry_type::point);
    REQUIRE(out.fields.size() == in.fields.size());
    for (std::size_t i = 0; i < in.fields.size(); ++i) {
        CHECK(out.fields[i].name == in.fields[i].name);
        CHECK(out.fields[i].type == in.fields[i].type);
    }
    REQUIRE(out.features.size() == 3);
    const auto& a = out.features[0];
    CHECK(a.id == 1);
    CHECK(a.row == 1);
    CHECK(a.properties == in.features[0].properties);
    CHECK(a.geom.points == in.features[0].geom.points);
    // b: schema order, nulls kept, values converted to the field's type as the GeoPackage stores them
    const auto& b = out.features[1];
    CHECK(b.id == 2);
    const std::vector<std::pair<std::string, value>> want = {{"port_id", std::monostate{}}, {"wpi_number", std::int64_t{1}},
                                                             {"depth_m", 12.0}, {"prc_operated", false}, {"note", std::monostate{}}};
    CHECK(b.properties == want);
    CHECK(b.geom.type == geometry_type::polygon);
    CHECK(b.geom.lines == in.features[1].geom.lines);
    REQUIRE(b.geom.polygons.size() == 1);
    CHECK(b.geom.polygons[0].rings == in.features[1].geom.polygons[0].rings);
    CHECK(out.features[2].geom.empty());
    // only some fields: the others are left out of schema and features (unknown names ignored), the rest as above
    const feature_layer some = cat.layer("ports", {"note", "wpi_number", "no_such_field"});
    REQUIRE(some.fields.size() == 2);
    CHECK(some.fields[0].name == "wpi_number");
    CHECK(some.fields[1].name == "note");
    REQUIRE(some.features.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("feature " << i);
        std::vector<std::pair<std::string, value>> kept;
        for (const auto& kv : out.features[i].properties)
            if (kv.first == "wpi_number" || kv.first == "note") kept.push_back(kv);
        CHECK(some.features[i].properties == kept);
        CHECK(some.features[i].geom.points == out.features[i].geom.points);
        CHECK(some.features[i].geom.polygons.size() == out.features[i].geom.polygons.size());
    }
    CHECK(cat.layer("terminals").features.empty());
    CHECK_THROWS_WITH(cat.layer("nope"), Catch::Contains("no 'nope' layer") && Catch::Contains("rebuild"));
}

TEST_CASE("catalog rows read each cell in place as the layer decodes it", "[unit][catalog]") {
    const feature_layer in = sample_layer();
    const auto cat = query::catalog_file::from_bytes(query::serialize_catalog({&in}), "mem");
    const feature_layer out = cat.layer("ports");
    const auto rows = cat.rows("ports");
    REQUIRE(rows.size() == out.features.size());
    REQUIRE(rows.fields().size() == out.fields.size());
    CHECK(rows.field_index("note") == 4);
    CHECK(rows.field_index("extra") == -1);
    // every cell, in an order unlike the stored one (last row and field first)
    for (std::size_t i = rows.size(); i-- > 0;)
        for (int f = static_cast<int>(rows.fields().size()); f-- > 0;) {
            INFO("row " << i << " field " << f);
            CHECK(rows.cell(i, f) == out.features[i].properties[static_cast<std::size_t>(f)].second);
        }
    CHECK(std::holds_alternative<std::monostate>(rows.cell(0, -1)));
    CHECK(rows.first_point(0) == std::optional<lon_lat>(lon_lat{23.6167, 37.9333}));
    CHECK_FALSE(rows.first_point(1)); // a polygon
    CHECK_FALSE(rows.first_point(2)); // no geometry
    CHECK_THROWS_WITH(cat.rows("nope"), Catch::Contains("no 'nope' layer") && Catch::Contains("rebuild"));
}

TEST_CASE("the catalog refuses truncated, corrupt, stale and foreign files with a rebuild message", "[unit][catalog]") {
    const feature_layer in = sample_layer();
    const std::string good = query::serialize_catalog({&in});
    REQUIRE(refusal(good) == "accepted");

    std::string corrupt = good;
    corrupt[good.size() - 9] ^= 0x20;
    CHECK_THAT(refusal(corrupt), Catch::Contains("corrupt") && Catch::Contains("rebuild it with 'harbormap build'"));

    CHECK_THAT(refusal(good.substr(0, good.size() - 1)), Catch::Contains("truncated") && Catch::Contains("rebuild"));
    CHECK_THAT(refusal(good.substr(0, 10)), Catch::Contains("not a harbormap port catalog") && Catch::Contains("rebuild"));
    CHECK_THAT(refusal(good + "x"), Catch::Contains("trailing") && Catch::Contains("rebuild"));

    std::string stale = good;
    const std::uint32_t old_version = query::catalog_file_version - 1;
    std::memcpy(stale.data() + 8, &old_version, 4);
    CHECK_THAT(refusal(stale), Catch::Contains("stale") && Catch::Contains("version " + std::to_string(old_version)) &&
                                   Catch::Contains("rebuild"));

    std::string foreign = good;
    foreign[0] = 'X';
    CHECK_THAT(refusal(foreign), Catch::Contains("not a harbormap port catalog"));

    const fs::path dir = fs::temp_directory_path() / ("harbormap-catalog-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    CHECK_THROWS_WITH(query::catalog_file::open(dir / "catalog.hmc"), Catch::Contains("does not exist") && Catch::Contains("harbormap build"));
    write_file_atomic(dir / "harbormap.gpkg", "an older output");
    CHECK_THROWS_WITH(query::catalog_file::open(dir / "catalog.hmc"), Catch::Contains("older harbormap") && Catch::Contains("rebuild"));
    write_file_atomic(dir / "catalog.hmc", corrupt);
    CHECK_THROWS_WITH(query::catalog_file::open(dir / "catalog.hmc"), Catch::Contains((dir / "catalog.hmc").string()) &&
                                                                          Catch::Contains("corrupt") && Catch::Contains("rebuild"));
    write_file_atomic(dir / "catalog.hmc", good);
    CHECK(query::read_catalog_layers(dir).size() == 1);
    fs::remove_all(dir);
}

TEST_CASE("the real catalog's rows and the ports accessors read what the decoded layers hold", "[unit][catalog]") {
    const fs::path out = test::real_output();
    const auto cat = query::catalog_file::open(query::catalog_path(out));
    for (const auto& name : cat.layer_names()) {
        INFO(name);
        const feature_layer l = cat.layer(name);
        const auto rows = cat.rows(name);
        REQUIRE(rows.size() == l.features.size());
        std::size_t differing = 0;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& f = l.features[i];
            bool same = rows.first_point(i) == (f.geom.points.empty() ? std::nullopt : std::optional<lon_lat>(f.geom.points.front()));
            for (std::size_t k = 0; k < l.fields.size(); ++k) {
                const value c = rows.cell(i, static_cast<int>(k));
                // a text cell is also viewed in place, anything else is not text
                const auto* s = std::get_if<std::string>(&c);
                const auto view = rows.text_view(i, static_cast<int>(k));
                same = same && c == f.properties[k].second && (s ? view == std::string_view(*s) : !view);
            }
            if (!same) ++differing;
        }
        CHECK(differing == 0);
    }
    // the port catalog read in place (load) and over the decoded layer: the same text, flags and numbers
    const auto mapped = query::port_catalog::load(out / "harbormap.gpkg");
    const query::port_catalog decoded(cat.layer("ports"));
    REQUIRE(mapped.size() == decoded.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < mapped.size(); i += sample_step()) {
        bool same = mapped.point(i) == decoded.point(i);
        for (const auto& field : decoded.layer().fields)
            same = same && mapped.text(i, field.name) == decoded.text(i, field.name) && mapped.flag(i, field.name) == decoded.flag(i, field.name) &&
                   mapped.number(i, field.name) == decoded.number(i, field.name) &&
                   mapped.integer(i, field.name, -7) == decoded.integer(i, field.name, -7);
        same = same && mapped.text(i, "no_such_field").empty() && mapped.integer(i, "no_such_field", -7) == -7;
        const feature a = mapped.port(i), b = decoded.port(i);
        same = same && a.id == b.id && a.properties == b.properties && a.geom.points == b.geom.points;
        if (!same && ++differing == 1) CHECK(mapped.ref(i).port_id == decoded.ref(i).port_id);
    }
    CHECK(differing == 0);
    CHECK(mapped.layer().features.size() == decoded.layer().features.size()); // decoded on demand
}

TEST_CASE("the real build's catalog holds what its GeoPackage holds", "[unit][catalog]") {
    const fs::path out = test::real_output();
    const auto names = query::catalog_file::open(query::catalog_path(out)).layer_names();
    REQUIRE(names.size() >= 6); // ports and the fact layers (terminals, strategic_seaports, bri_projects, ...)
    CHECK(names.front() == "ports");
    const auto from_gpkg = layers::read_vector_file(out / "harbormap.gpkg", names);
    const auto from_catalog = query::read_catalog_layers(out, names);
    REQUIRE(from_gpkg.size() == names.size());
    REQUIRE(from_catalog.size() == names.size());
    for (std::size_t li = 0; li < names.size(); ++li) {
        const auto& g = from_gpkg[li];
        const auto& c = from_catalog[li];
        INFO(g.name);
        CHECK(c.name == g.name);
        CHECK(c.geom_type == g.geom_type);
        REQUIRE(c.fields.size() == g.fields.size());
        for (std::size_t i = 0; i < g.fields.size(); ++i) {
            CHECK(c.fields[i].name == g.fields[i].name);
            CHECK(c.fields[i].type == g.fields[i].type);
        }
        REQUIRE(c.features.size() == g.features.size());
        CHECK(!g.features.empty());
        std::size_t differing = 0;
        for (std::size_t i = 0; i < g.features.size(); ++i) {
            const auto& fg = g.features[i];
            const auto& fc = c.features[i];
            if (fg.id != fc.id || fg.row != fc.row || fg.properties != fc.properties || fg.geom.points != fc.geom.points) {
                if (++differing == 1) {
                    INFO("first difference: feature " << i << " (" << fg.text("port_id") << ")");
                    CHECK(fc.id == fg.id);
                    CHECK(fc.properties == fg.properties);
                    CHECK(fc.geom.points == fg.geom.points);
                }
            }
        }
        CHECK(differing == 0);
    }
}

TEST_CASE("the port lookup answers alike read in place and from the decoded layer", "[unit][catalog]") {
    const fs::path out = test::real_output();
    // full: over the decoded ports layer (every field); lean: the file's cells read in place, its layer()
    // (not used by the lookup) the routing queries' fields
    const query::port_catalog full(query::catalog_file::open(query::catalog_path(out)).layer("ports"));
    const auto lean = query::port_catalog::load(out / "harbormap.gpkg", query::routing_port_fields());
    REQUIRE(lean.layer().fields.size() < full.layer().fields.size());
    REQUIRE(lean.layer().features.size() == full.layer().features.size());
    // every code of every port (its unlocode, its WPI locode, every code of its locodes list), resolved by the
    // scan of a fresh catalog, then again after a miss built the index of every code: the same answers
    std::vector<std::string> args;
    for (const auto& f : full.layer().features) {
        for (const char* field : {"unlocode", "wpi_locode"})
            if (!f.text(field).empty()) args.push_back(f.text(field));
        for (const auto& entry : split(f.text("locodes"), ';'))
            if (const auto e = trim(entry); e.find(" [") != std::string::npos) args.push_back(e.substr(0, e.find(" [")));
    }
    REQUIRE(args.size() > 3000);
    const auto answer = [](const query::port_catalog& c, const std::string& a) {
        const auto r = c.resolve(a);
        std::string s = query::to_string(r.status) + "|" + r.message + "|" + r.note + "|" + (r.port ? r.port->port_id : "-");
        for (const auto& p : r.candidates) s += "|" + p.port_id;
        return s;
    };
    // under the sanitizers every 13th code (97 s for all under ASan)
    if (sample_step() > 1) {
        std::vector<std::string> sample;
        for (std::size_t i = 0; i < args.size(); i += sample_step()) sample.push_back(args[i]);
        args = std::move(sample);
    }
    std::vector<std::string> first;
    for (const auto& a : args) first.push_back(answer(lean, a));
    CHECK(answer(full, "XXQQZ").find("port_not_found") == 0); // a miss: builds the index of every code
    std::size_t same = 0;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto again = answer(full, args[i]);
        if (again == first[i]) ++same;
        else CHECK(again == first[i]);
    }
    CHECK(same == args.size());
    for (const char* a : {"Piraeus", "Shenzhen", "Singapore", "US:Port Elizabeth", "wpi:42230", "42230", "Genao"}) {
        INFO(a);
        CHECK(answer(lean, a) == answer(full, a));
    }
}
