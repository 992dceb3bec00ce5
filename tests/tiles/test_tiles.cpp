// harbormap::tiles: tile ids, projection, clipping/antimeridian, MVT round trip and ring orientation,
// MBTiles metadata and TMS order, PMTiles header/directory round trip, determinism, generalisation.
#include "tiles/clip.hpp"
#include "tiles/compress.hpp"
#include "tiles/formats.hpp"
#include "tiles/generator.hpp"
#include "tiles/mvt.hpp"
#include "tiles/pmtiles.hpp"

#include "engine/core/atomic_file.hpp"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <set>

namespace fs = std::filesystem;
using namespace harbormap;
using namespace harbormap::tiles;

namespace {

fs::path temp_dir(const std::string& name) {
    const fs::path d = fs::temp_directory_path() / ("harbormap_test_tiles_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

feature_layer point_layer(const std::string& name, const std::vector<std::pair<lon_lat, std::int64_t>>& pts) {
    feature_layer l;
    l.name = name;
    l.geom_type = geometry_type::point;
    l.fields = {{"name", field_type::text}, {"rank", field_type::integer}, {"keep", field_type::boolean}};
    std::int64_t id = 1;
    for (const auto& [p, rank] : pts) {
        feature f;
        f.id = id++;
        f.geom = geometry::make_point(p);
        f.properties = {{"name", std::string("p") + std::to_string(f.id)}, {"rank", rank}, {"keep", rank >= 100}};
        l.features.push_back(std::move(f));
    }
    return l;
}

feature_layer line_layer(const std::vector<line_string>& lines) {
    feature_layer l;
    l.name = "lanes";
    l.geom_type = geometry_type::line;
    l.fields = {{"kind", field_type::text}};
    std::int64_t id = 1;
    for (const auto& ls : lines) {
        feature f;
        f.id = id++;
        f.geom.type = geometry_type::line;
        f.geom.lines.push_back(ls);
        f.properties = {{"kind", std::string("lane")}};
        l.features.push_back(std::move(f));
    }
    return l;
}

// collects tiles in memory
struct memory_sink : tile_sink {
    std::map<tile_id, std::string> tiles;
    tileset_metadata meta;
    void add_tiles(std::uint32_t, const std::vector<encoded_tile>& t) override {
        for (const auto& e : t) tiles[e.id] = e.mvt;
    }
    void finish(const tileset_metadata& m) override { meta = m; }
};

} // namespace

TEST_CASE("tile ids, TMS flip and parsing", "[tiles][unit]") {
    tile_id t{3, 5, 1};
    CHECK(t.tms_y() == 6);
    CHECK(tms_flip(3, 6) == 1);
    CHECK(t.str() == "3/5/1");
    CHECK(parse_tile_id("3/5/1") == t);
    CHECK_FALSE(parse_tile_id("3/8/1"));
    CHECK_FALSE(parse_tile_id("3/5"));
    CHECK_FALSE(parse_tile_id("a/b/c"));
    CHECK_FALSE(parse_tile_id("31/0/0"));
}

TEST_CASE("Web Mercator world coordinates", "[tiles][unit]") {
    CHECK(to_world({0, 0}).x == Approx(0.5));
    CHECK(to_world({0, 0}).y == Approx(0.5));
    CHECK(to_world({-180, 85.0511287798}).x == Approx(0.0));
    CHECK(to_world({-180, 85.0511287798}).y == Approx(0.0).margin(1e-9));
    CHECK(to_world({0, -89}).y == Approx(1.0)); // clamped
    const lon_lat piraeus{23.6167, 37.9333};
    const lon_lat back = from_world(to_world(piraeus));
    CHECK(back.lon == Approx(piraeus.lon).margin(1e-9));
    CHECK(back.lat == Approx(piraeus.lat).margin(1e-9));
}

TEST_CASE("PMTiles Hilbert tile ids", "[tiles][unit]") {
    CHECK(pmtiles_tile_id({0, 0, 0}) == 0);
    CHECK(pmtiles_tile_id({1, 0, 0}) == 1);
    CHECK(pmtiles_tile_id({1, 0, 1}) == 2);
    CHECK(pmtiles_tile_id({1, 1, 1}) == 3);
    CHECK(pmtiles_tile_id({1, 1, 0}) == 4);
    CHECK(pmtiles_tile_id({2, 0, 0}) == 5);
    // bijective within each zoom and round-trips
    for (std::uint32_t z = 0; z <= 5; ++z) {
        std::set<std::uint64_t> ids;
        for (std::uint32_t x = 0; x < (1u << z); ++x)
            for (std::uint32_t y = 0; y < (1u << z); ++y) {
                const tile_id t{z, x, y};
                const auto id = pmtiles_tile_id(t);
                ids.insert(id);
                CHECK(pmtiles_tile_from_id(id) == t);
            }
        CHECK(ids.size() == (1u << (2 * z)));
    }
}

TEST_CASE("MVT encoder/decoder round trip", "[tiles][unit]") {
    layer_builder b("ports");
    const std::string kname = "name", krank = "rank", kflag = "flag", kreal = "share", kneg = "neg", knull = "nothing";
    const value vname = std::string("Piraeus"), vrank = std::int64_t{4}, vflag = true, vreal = 0.67, vneg = std::int64_t{-3},
                vnull = std::monostate{};
    b.add_feature(7, geometry_type::point, {{{10, 20}}},
                  {{&kname, &vname}, {&krank, &vrank}, {&kflag, &vflag}, {&kreal, &vreal}, {&kneg, &vneg}, {&knull, &vnull}});
    b.add_feature(std::nullopt, geometry_type::point, {{{-5, 4100}, {30, 40}}}, {{&kname, &vname}});
    layer_builder lines("lanes");
    lines.add_feature(1, geometry_type::line, {{{0, 0}, {100, 100}, {200, 50}}, {{300, 300}, {310, 320}}}, {});
    layer_builder polys("chokepoints");
    // clockwise on screen (y down): positive area
    polys.add_feature(2, geometry_type::polygon, {{{0, 0}, {100, 0}, {100, 100}, {0, 100}}, {{10, 10}, {10, 20}, {20, 20}, {20, 10}}}, {});
    const std::string bytes = encode_tile({b, lines, polys});
    const decoded_tile t = decode_tile(bytes);
    REQUIRE(t.layers.size() == 3);
    const auto& p = t.layers[0];
    CHECK(p.name == "ports");
    CHECK(p.version == 2);
    CHECK(p.extent == 4096);
    REQUIRE(p.features.size() == 2);
    CHECK(p.features[0].id == 7u);
    CHECK(p.features[0].parts == std::vector<std::vector<ipoint>>{{{10, 20}}});
    REQUIRE(p.features[0].properties.size() == 5); // null skipped
    CHECK(std::get<std::string>(p.features[0].properties[0].second) == "Piraeus");
    CHECK(std::get<std::int64_t>(p.features[0].properties[1].second) == 4);
    CHECK(std::get<bool>(p.features[0].properties[2].second) == true);
    CHECK(std::get<double>(p.features[0].properties[3].second) == 0.67);
    CHECK(std::get<std::int64_t>(p.features[0].properties[4].second) == -3);
    CHECK_FALSE(p.features[1].id);
    CHECK(p.features[1].parts[0] == std::vector<ipoint>{{-5, 4100}, {30, 40}});
    CHECK(t.layers[1].features[0].parts.size() == 2);
    CHECK(t.layers[1].features[0].parts[0][2] == ipoint{200, 50});
    const auto& poly = t.layers[2].features[0];
    REQUIRE(poly.parts.size() == 2);
    CHECK(ring_area2(poly.parts[0]) > 0);
    CHECK(ring_area2(poly.parts[1]) < 0);
    // keys/values tables are shared: "name"/"Piraeus" appear once in the bytes
    CHECK(bytes.find("Piraeus") == bytes.rfind("Piraeus"));
    // canonical JSON is stable
    CHECK(to_canonical_json(t) == to_canonical_json(decode_tile(bytes)));
}

TEST_CASE("MVT encoder rejects a counter-clockwise exterior ring", "[tiles][unit]") {
    layer_builder b("x");
    CHECK_THROWS_AS(b.add_feature(1, geometry_type::polygon, {{{0, 0}, {0, 100}, {100, 100}, {100, 0}}}, {}), std::invalid_argument);
    CHECK_THROWS_AS(b.add_feature(1, geometry_type::line, {{{0, 0}}}, {}), std::invalid_argument);
    CHECK_THROWS(decode_tile(std::string("\x1a\x05\x12\x03\x08\x01\x18", 7)));
}

TEST_CASE("quantize makes exterior rings clockwise and holes counter-clockwise", "[tiles][unit]") {
    // a counter-clockwise (GeoJSON right-hand rule) square around (10, 10) with a clockwise hole
    geometry g;
    g.type = geometry_type::polygon;
    g.polygons.push_back({{{{5, 5}, {15, 5}, {15, 15}, {5, 15}, {5, 5}}, {{8, 8}, {8, 12}, {12, 12}, {12, 8}, {8, 8}}}});
    const wgeom w = project(g);
    const auto parts = quantize(w, {4, 8, 7}, 4096);
    REQUIRE(parts.size() == 2);
    CHECK(ring_area2(parts[0]) > 0);
    CHECK(ring_area2(parts[1]) < 0);
    layer_builder b("p");
    CHECK_NOTHROW(b.add_feature(1, geometry_type::polygon, parts, {}));
}

TEST_CASE("lines crossing the antimeridian are split; no tile outside the grid", "[tiles][unit]") {
    // Pacific crossing 170E -> 170W, and a line given with longitudes beyond 180 (as in marnet)
    auto lanes = line_layer({{{170, 10}, {-170, 12}}, {{187.69, 64.03}, {182.8, 63.1}, {180, 62.1}}});
    layer_spec spec;
    spec.name = "lanes";
    spec.source = &lanes;
    spec.simplify = 0;
    generate_options opt;
    opt.min_zoom = 0;
    opt.max_zoom = 4;
    memory_sink sink;
    generate({spec}, opt, {&sink});
    bool west = false, east = false;
    for (const auto& [t, data] : sink.tiles) {
        REQUIRE(t.valid());
        if (t.z == 4 && t.x == 0) west = true;
        if (t.z == 4 && t.x == 15) east = true;
        // no line in the tile jumps across the world (no segment longer than half a tile-set)
        for (const auto& l : decode_tile(data).layers)
            for (const auto& f : l.features)
                for (const auto& part : f.parts)
                    for (std::size_t i = 1; i < part.size(); ++i)
                        CHECK(std::abs(part[i].x - part[i - 1].x) <= 4096 + 128);
    }
    CHECK(west);
    CHECK(east);
    // first line ends up as two pieces at z0 (one at each edge of the world)
    const auto z0 = decode_tile(sink.tiles.at({0, 0, 0}));
    std::size_t pieces = 0;
    for (const auto& f : z0.layers[0].features)
        if (f.id == 1u) pieces += f.parts.size();
    CHECK(pieces == 2);
}

TEST_CASE("clip_line and clip_ring against a box", "[tiles][unit]") {
    const wbox box{0, 0, 1, 1};
    auto pieces = clip_line({{-1, 0.5}, {0.5, 0.5}, {0.5, 2}, {0.7, 0.5}, {0.9, 0.5}}, box);
    REQUIRE(pieces.size() == 2);
    CHECK(pieces[0].front().x == Approx(0));
    CHECK(pieces[0].back().y == Approx(1));
    CHECK(pieces[1].back().x == Approx(0.9));
    const wline r = clip_ring({{-1, -1}, {2, -1}, {2, 2}, {-1, 2}}, box);
    REQUIRE(r.size() == 4);
    for (const auto& p : r) {
        CHECK(p.x >= 0);
        CHECK(p.x <= 1);
    }
    CHECK(clip_ring({{2, 2}, {3, 2}, {3, 3}}, box).empty());
}

TEST_CASE("point thinning never drops keep features and reports every drop", "[tiles][unit]") {
    std::mt19937 rng(42);
    std::uniform_real_distribution<double> lon(100, 110), lat(0, 10);
    std::vector<std::pair<lon_lat, std::int64_t>> pts;
    for (int i = 0; i < 2000; ++i) pts.push_back({{lon(rng), lat(rng)}, i % 50 == 0 ? 100 : i % 7});
    auto layer = point_layer("ports", pts);
    layer_spec spec;
    spec.name = "ports";
    spec.source = &layer;
    spec.keep = [](const feature& f) { return std::get<bool>(*f.find("keep")); };
    spec.importance_attribute = "rank";
    spec.feature_min_zoom = [](const feature& f) { return std::get<std::int64_t>(*f.find("rank")) >= 3 ? 0 : 4; };
    spec.point_grid = 16;
    generate_options opt;
    opt.min_zoom = 0;
    opt.max_zoom = 6;
    opt.max_tile_bytes = 20000; // forces the size limit at low zoom
    memory_sink sink;
    const auto r = generate({spec}, opt, {&sink});
    REQUIRE(r.zooms.size() == 7);
    std::size_t keep_count = 0;
    for (const auto& f : layer.features) keep_count += std::get<bool>(*f.find("keep"));
    for (const auto& z : r.zooms) {
        const auto& l = z.layers[0];
        CHECK(l.input == 2000);
        CHECK(l.kept + l.below_min_zoom + l.thinned + l.too_small + l.dropped_size == l.input);
        // count features in tiles: every keep feature is in some tile at every zoom
        std::set<std::uint64_t> ids;
        for (const auto& [t, data] : sink.tiles) {
            if (t.z != z.z) continue;
            CHECK(data.size() <= opt.max_tile_bytes);
            const auto dt = decode_tile(data);
            for (const auto& f : dt.layers[0].features) ids.insert(*f.id);
        }
        CHECK(ids.size() == l.kept);
        for (const auto& f : layer.features)
            if (std::get<bool>(*f.find("keep"))) CHECK(ids.count(static_cast<std::uint64_t>(f.id)));
        CHECK(l.kept >= keep_count);
    }
    CHECK(r.zooms[0].layers[0].thinned + r.zooms[0].layers[0].dropped_size > 0);
    // at the max zoom nothing is thinned; the size limit still applies (and is reported)
    CHECK(r.zooms.back().layers[0].thinned == 0);
    CHECK(r.zooms.back().layers[0].below_min_zoom == 0);
    CHECK(r.zooms.back().layers[0].kept + r.zooms.back().layers[0].dropped_size == 2000);
}

TEST_CASE("MBTiles: metadata keys, gzip tiles, rows in tile-id order", "[tiles][unit]") {
    const fs::path dir = temp_dir("mbtiles");
    auto layer = point_layer("ports", {{{23.6167, 37.9333}, 4}, {{-118.2, 33.75}, 4}, {{79.85, 6.95}, 3}});
    layer_spec spec;
    spec.name = "ports";
    spec.source = &layer;
    generate_options opt;
    opt.max_zoom = 3;
    const fs::path file = dir / "t.mbtiles";
    {
        auto sink = make_sink(format_for(file, ""), file);
        generate({spec}, opt, {sink.get()});
    }
    REQUIRE(fs::exists(file));
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    std::map<std::string, std::string> meta;
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT name, value FROM metadata", -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
        meta[reinterpret_cast<const char*>(sqlite3_column_text(st, 0))] = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    for (const char* k : {"name", "format", "minzoom", "maxzoom", "bounds", "center", "json"}) CHECK(meta.count(k));
    CHECK(meta["format"] == "pbf");
    CHECK(meta["minzoom"] == "0");
    CHECK(meta["maxzoom"] == "3");
    const auto j = nlohmann::json::parse(meta["json"]);
    CHECK(j["vector_layers"][0]["id"] == "ports");
    CHECK(j["vector_layers"][0]["fields"]["rank"] == "Number");
    CHECK(j["tilestats"]["layers"][0]["count"] == 3);
    // rows by zoom, then PMTiles (Hilbert) tile id, and gzip-compressed
    sqlite3_prepare_v2(db, "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles ORDER BY rowid", -1, &st, nullptr);
    std::vector<std::tuple<int, int, int>> rows;
    while (sqlite3_step(st) == SQLITE_ROW) {
        rows.emplace_back(sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
        const auto* p = static_cast<const char*>(sqlite3_column_blob(st, 3));
        CHECK(is_gzip(std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(st, 3)))));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    std::vector<std::uint64_t> order;
    for (const auto& [z, x, tms] : rows)
        order.push_back(pmtiles_tile_id({static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(x),
                                         tms_flip(static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(tms))}));
    CHECK(std::is_sorted(order.begin(), order.end()));
    CHECK(rows.size() >= 4);
    // Piraeus at z3 is XYZ 3/4/3 -> TMS row 4
    CHECK(std::find(rows.begin(), rows.end(), std::make_tuple(3, 4, 4)) != rows.end());
    auto src = open_tiles(file);
    CHECK(src->get({3, 4, 3}).has_value());
    CHECK_FALSE(src->get({3, 4, 4}).has_value());
    fs::remove_all(dir);
}

TEST_CASE("PMTiles header and directory round trip", "[tiles][unit]") {
    pmtiles::header h;
    h.root_offset = 127;
    h.root_length = 99;
    h.data_offset = 1u << 20;
    h.data_length = 123456789012ull;
    h.addressed_tiles = 5;
    h.min_zoom = 0;
    h.max_zoom = 12;
    h.min_lon_e7 = -1800000000;
    h.max_lat_e7 = 850511287;
    h.center_lon_e7 = -1181234567;
    const std::string bytes = pmtiles::serialize_header(h);
    REQUIRE(bytes.size() == 127);
    CHECK(bytes.substr(0, 7) == "PMTiles");
    CHECK(bytes[7] == 3);
    const auto back = pmtiles::parse_header(bytes);
    CHECK(back.data_length == h.data_length);
    CHECK(back.min_lon_e7 == h.min_lon_e7);
    CHECK(back.center_lon_e7 == h.center_lon_e7);
    CHECK(back.max_zoom == 12);
    CHECK(back.internal_compression == pmtiles::gzip);
    std::vector<pmtiles::entry> entries = {{0, 0, 100, 1}, {1, 100, 50, 3}, {5, 0, 100, 1}, {6, 150, 20, 0}, {1000, 170, 7, 1}};
    CHECK(pmtiles::parse_directory(pmtiles::serialize_directory(entries)) == entries);
    CHECK_THROWS(pmtiles::parse_directory(pmtiles::serialize_directory(entries).substr(0, 5)));
}

TEST_CASE("PMTiles archive: every tile readable, deduplicated, byte-identical on rebuild", "[tiles][unit]") {
    const fs::path dir = temp_dir("pmtiles");
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(-179, 179), lat(-70, 70);
    std::vector<std::pair<lon_lat, std::int64_t>> pts;
    for (int i = 0; i < 3000; ++i) pts.push_back({{lon(rng), lat(rng)}, i % 5});
    auto layer = point_layer("ports", pts);
    auto lanes = line_layer({{{170, 10}, {-170, 12}}, {{-10, 40}, {30, 35}, {100, 5}}});
    std::vector<layer_spec> specs(2);
    specs[0].name = "ports";
    specs[0].source = &layer;
    specs[1].name = "lanes";
    specs[1].source = &lanes;
    generate_options opt;
    opt.max_zoom = 6;
    memory_sink mem;
    auto a = make_pmtiles_sink(dir / "a.pmtiles", true);
    generate(specs, opt, {a.get(), &mem});
    a.reset();
    auto b = make_pmtiles_sink(dir / "b.pmtiles", true);
    generate(specs, opt, {b.get()});
    b.reset();
    const std::string ba = read_file(dir / "a.pmtiles"), bb = read_file(dir / "b.pmtiles");
    CHECK(ba == bb);
    const auto h = pmtiles::parse_header(ba);
    CHECK(h.clustered);
    CHECK(h.tile_type == 1);
    CHECK(h.max_zoom == 6);
    CHECK(h.addressed_tiles == mem.tiles.size());
    CHECK(h.tile_contents <= h.tile_entries);
    auto src = open_tiles(dir / "a.pmtiles");
    const auto ids = src->list();
    CHECK(ids.size() == mem.tiles.size());
    for (const auto& [t, data] : mem.tiles) {
        auto got = src->get(t);
        REQUIRE(got);
        CHECK(*got == data);
    }
    CHECK(src->metadata()["vector_layers"].size() == 2);
    fs::remove_all(dir);
}

TEST_CASE("PMTiles with leaf directories", "[tiles][unit]") {
    const fs::path dir = temp_dir("pmleaf");
    // many distinct tiles: one point per z8 tile over a block of 160x160 tiles
    std::vector<std::pair<lon_lat, std::int64_t>> pts;
    for (int x = 0; x < 160; ++x)
        for (int y = 0; y < 160; ++y) {
            const auto ll = from_world({(x + 0.5) / 256.0, (y + 40.5) / 256.0});
            pts.push_back({ll, x * 1000 + y});
        }
    auto layer = point_layer("p", pts);
    layer_spec spec;
    spec.name = "p";
    spec.source = &layer;
    generate_options opt;
    opt.min_zoom = 8;
    opt.max_zoom = 8;
    auto s = make_pmtiles_sink(dir / "l.pmtiles", true, 300); // small root limit: forces leaves
    generate({spec}, opt, {s.get()});
    s.reset();
    const auto h = pmtiles::parse_header(read_file(dir / "l.pmtiles"));
    CHECK(h.leaf_length > 0);
    CHECK(h.root_offset + h.root_length <= 300);
    auto src = open_tiles(dir / "l.pmtiles");
    CHECK(src->list().size() == 160u * 160u);
    auto t = src->get({8, 17, 93});
    REQUIRE(t);
    CHECK(decode_tile(*t).layers[0].features.size() == 1);
    fs::remove_all(dir);
}

// The layer tiled z0..max_zoom into an XYZ folder.
static void write_xyz(const feature_layer& layer, std::uint32_t max_zoom, const fs::path& folder) {
    layer_spec spec;
    spec.name = layer.name;
    spec.source = &layer;
    generate_options opt;
    opt.max_zoom = max_zoom;
    auto s = make_sink(tile_format::xyz, folder);
    generate({spec}, opt, {s.get()});
}

TEST_CASE("XYZ folder: uncompressed .pbf tiles and metadata.json", "[tiles][unit]") {
    const fs::path dir = temp_dir("xyz");
    write_xyz(point_layer("ports", {{{23.6167, 37.9333}, 4}}), 2, dir / "tiles");
    const std::string raw = read_file(dir / "tiles" / "2" / "2" / "1.pbf");
    CHECK_FALSE(is_gzip(raw));
    CHECK(decode_tile(raw).layers[0].features.size() == 1);
    CHECK(fs::exists(dir / "tiles" / "metadata.json"));
    CHECK(open_tiles(dir / "tiles")->list().size() == 3);
    // a build's out/ is no tile folder: its glyphs/ hold .pbf files too.  'tiles show out' blamed one of them
    // ("out/glyphs/Noto Sans Regular/256-511.pbf: not a z/x/y.pbf tile inside the tile grid"); it now says
    // the folder is not a tile folder and points at the build's MBTiles
    write_file_atomic(dir / "glyphs" / "Noto Sans Regular" / "256-511.pbf", "glyphs");
    write_file_atomic(dir / "harbormap.mbtiles", "");
    CHECK_THROWS_WITH(open_tiles(dir)->list(), Catch::Contains(dir.string() + " is not an XYZ tile folder (no metadata.json") &&
                                                  Catch::Contains((dir / "harbormap.mbtiles").string()));
    fs::remove_all(dir);
}

// A feature without geometry is in no tile, so neither in the tilestats: the shipped tileset counted
// 186 terminals (177 tiled) and listed the names of the untiled ones.
TEST_CASE("tilestats count and list only the features that are tiled", "[tiles][unit]") {
    const fs::path dir = temp_dir("tilestats");
    auto layer = point_layer("ports", {{{23.6167, 37.9333}, 4}, {{-118.2, 33.75}, 4}});
    feature ghost;
    ghost.id = 99;
    ghost.properties = {{"name", std::string("ghost")}, {"rank", std::int64_t{7}}};
    layer.features.push_back(ghost);
    write_xyz(layer, 1, dir / "tiles");
    const auto j = nlohmann::json::parse(read_file(dir / "tiles" / "metadata.json"));
    const auto& stats = j["tilestats"]["layers"][0];
    CHECK(stats["count"] == 2);
    for (const auto& a : stats["attributes"]) {
        CHECK(a["values"].dump().find("ghost") == std::string::npos);
        if (a["attribute"] == "rank") CHECK(a["max"] == 4.0);
    }
    fs::remove_all(dir);
}

TEST_CASE("gzip round trip is deterministic", "[tiles][unit]") {
    const std::string s(10000, 'x');
    CHECK(gzip_compress(s) == gzip_compress(s));
    CHECK(gzip_decompress(gzip_compress(s)) == s);
    CHECK_THROWS(gzip_decompress("\x1f\x8b garbage"));
}
