// The generator's execution does not change its output: 1, 2 and 4 threads and a memory budget
// small enough to spill the input to temporary files and to cut every zoom into several passes
// give byte-identical MBTiles and PMTiles files and the same per-zoom statistics.
#include "tiles/formats.hpp"
#include "tiles/generator.hpp"
#include "tiles/thin.hpp"

#include "engine/core/atomic_file.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <random>

namespace fs = std::filesystem;
using namespace harbormap;
using namespace harbormap::tiles;

namespace {

struct run_out {
    std::string mbtiles, pmtiles;
    nlohmann::json stats;
    std::size_t max_passes = 0;
};

// 30,000 random points (ranks, a few keep), three lines (one across the antimeridian), one polygon.
struct input_data {
    feature_layer points, lines, areas;
    input_data() {
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> lon(-180, 180), lat(-80, 80);
        points.name = "points";
        points.fields = {{"name", field_type::text}, {"rank", field_type::integer}, {"key", field_type::boolean}};
        for (int i = 0; i < 30000; ++i) {
            feature f;
            f.id = i + 1;
            f.geom = geometry::make_point({lon(rng), lat(rng)});
            // long names: the attribute blobs exceed the small budget too
            f.properties = {{"name", "point number " + std::to_string(i) + " of the parallel test"},
                            {"rank", std::int64_t{i % 5}},
                            {"key", i % 997 == 0}};
            points.features.push_back(std::move(f));
        }
        lines.name = "lanes";
        lines.geom_type = geometry_type::line;
        lines.fields = {{"kind", field_type::text}};
        for (const line_string& ls : std::vector<line_string>{{{170, 10}, {-170, 12}}, {{-10, 40}, {30, 35}, {100, 5}}, {{-70, -50}, {20, 60}}}) {
            feature f;
            f.id = static_cast<std::int64_t>(lines.features.size()) + 1;
            f.geom.type = geometry_type::line;
            f.geom.lines.push_back(ls);
            f.properties = {{"kind", std::string("lane")}};
            lines.features.push_back(std::move(f));
        }
        areas.name = "areas";
        areas.geom_type = geometry_type::polygon;
        feature a;
        a.id = 1;
        a.geom.type = geometry_type::polygon;
        a.geom.polygons.push_back({{{{-20, -20}, {40, -20}, {40, 30}, {-20, 30}}, {{0, 0}, {10, 0}, {10, 10}, {0, 10}}}});
        areas.features.push_back(std::move(a));
    }
};

run_out run(const input_data& in, unsigned threads, std::size_t max_memory, const fs::path& dir) {
    std::vector<layer_spec> specs(3);
    specs[0].name = "points";
    specs[0].source = &in.points;
    specs[0].keep = [](const feature& f) { return f.flag("key"); };
    specs[0].importance_attribute = "rank";
    specs[0].point_grid = 16;
    specs[1].name = "lanes";
    specs[1].source = &in.lines;
    specs[2].name = "areas";
    specs[2].source = &in.areas;
    generate_options opt;
    opt.max_zoom = 7;
    opt.threads = threads;
    opt.max_memory = max_memory;
    opt.max_tile_bytes = 8000;  // some tiles hit the size limit
    const fs::path mb = dir / ("t" + std::to_string(threads) + "_" + std::to_string(max_memory) + ".mbtiles");
    const fs::path pm = dir / ("t" + std::to_string(threads) + "_" + std::to_string(max_memory) + ".pmtiles");
    auto s1 = make_sink(tile_format::mbtiles, mb);
    auto s2 = make_sink(tile_format::pmtiles, pm);
    const auto r = generate(specs, opt, {s1.get(), s2.get()});
    s1.reset();
    s2.reset();
    run_out o{read_file(mb), read_file(pm), stats_json(r), 0};
    for (const auto& z : r.zooms) o.max_passes = std::max(o.max_passes, z.passes);
    return o;
}

// An empty directory of this test's own under the system's temporary directory.
fs::path fresh_dir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("harbormap_test_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

} // namespace

TEST_CASE("output is byte-identical whatever the thread count and the memory budget", "[tiles][unit]") {
    const fs::path dir = fresh_dir("parallel");
    const input_data in;
    const auto one = run(in, 1, 0, dir);
    CHECK(one.max_passes == 1);
    std::size_t dropped = 0;
    for (const auto& z : one.stats)
        for (const auto& l : z["layers"]) dropped += l["dropped_size"].get<std::size_t>();
    CHECK(dropped > 0); // the size limit was exercised
    for (unsigned threads : {2u, 4u}) {
        INFO(threads << " threads");
        const auto t = run(in, threads, 0, dir);
        CHECK(t.mbtiles == one.mbtiles);
        CHECK(t.pmtiles == one.pmtiles);
        CHECK(t.stats == one.stats);
    }
    // 4 MiB: rows and attributes spill to temporary files, zooms are cut into several passes
    for (unsigned threads : {1u, 2u}) {
        INFO(threads << " threads, 4 MiB budget");
        const auto t = run(in, threads, 4u << 20, dir);
        CHECK(t.max_passes > 1);
        CHECK(t.mbtiles == one.mbtiles);
        CHECK(t.pmtiles == one.pmtiles);
        CHECK(t.stats == one.stats);
    }
    fs::remove_all(dir);
}

TEST_CASE("tile_input spills beyond its budget and reads back the same features", "[tiles][unit]") {
    layer_spec spec;
    spec.name = "p";
    tile_input small(4u << 20), big(1u << 30);
    const std::size_t a = small.add_layer(spec, {}), b = big.add_layer(spec, {});
    for (int i = 0; i < 60000; ++i) {
        feature f;
        f.id = i;
        f.geom = geometry::make_point({i % 360 - 180.0 + 0.5, (i % 160) - 80.0});
        f.properties = {{"label", "feature " + std::to_string(i)}, {"n", std::int64_t{-i}}, {"x", i * 0.5}, {"b", i % 2 == 0}};
        small.add(a, f);
        big.add(b, f);
    }
    small.seal();
    big.seal();
    CHECK(small.spilled());
    CHECK_FALSE(big.spilled());
    std::vector<detail::feature_row> ra, rb;
    small.read_rows(a, 59000, 1000, ra);
    big.read_rows(b, 59000, 1000, rb);
    REQUIRE(ra.size() == 1000);
    REQUIRE(rb.size() == 1000);
    decoded_props pa, pb;
    std::string scratch;
    for (std::size_t i = 0; i < ra.size(); ++i) {
        CHECK(ra[i].wx == rb[i].wx);
        small.read_props(ra[i].blob, pa, scratch);
        big.read_props(rb[i].blob, pb, scratch);
        REQUIRE(pa.props.size() == 4);
        CHECK(pa.id == pb.id);
        CHECK(*pa.id == 59000 + i);
        CHECK(pa.props == pb.props);
        CHECK(std::get<std::int64_t>(pa.props[1].second) == -static_cast<std::int64_t>(59000 + i));
    }
}

namespace {

// A sink that fails on its n-th batch (from the writer thread when there are several threads).
struct failing_sink : tile_sink {
    std::size_t fail_at, batches = 0;
    bool finished = false;
    explicit failing_sink(std::size_t n) : fail_at(n) {}
    bool wants_gzip() const override { return true; }
    void add_tiles(std::uint32_t, const std::vector<encoded_tile>&) override {
        if (++batches == fail_at) throw std::runtime_error("sink failed on purpose");
    }
    void finish(const tileset_metadata&) override { finished = true; }
};

} // namespace

TEST_CASE("an error in a sink stops the generator with that error and nothing is written", "[tiles][unit]") {
    const fs::path dir = fresh_dir("sink_error");
    const input_data in;
    std::vector<layer_spec> specs(1);
    specs[0].name = "points";
    specs[0].source = &in.points;
    specs[0].point_grid = 16;
    // early (a low zoom), in the middle of a zoom and late; one pass per zoom, or several (small budget)
    for (unsigned threads : {1u, 2u, 3u})
        for (std::size_t fail_at : {1u, 40u, 300u})
            for (std::size_t budget : {std::size_t{0}, std::size_t{4u << 20}}) {
                INFO(threads << " threads, failing at batch " << fail_at << ", budget " << budget);
                generate_options opt;
                opt.max_zoom = 8;
                opt.threads = threads;
                opt.max_memory = budget;
                const fs::path mb = dir / "out.mbtiles";
                auto good = make_sink(tile_format::mbtiles, mb);
                failing_sink bad(fail_at);
                CHECK_THROWS_WITH(generate(specs, opt, {good.get(), &bad}), "sink failed on purpose");
                good.reset();
                CHECK(bad.batches == fail_at); // no batch after the failing one
                CHECK_FALSE(bad.finished);
                CHECK_FALSE(fs::exists(mb)); // the other sink was not committed
            }
    fs::remove_all(dir);
}

TEST_CASE("grid thinning: the cell table and the sort keep the same candidates, each its cell's first", "[tiles][unit]") {
    std::mt19937 rng(5);
    for (const std::uint64_t cx0 : {0ull, 40ull}) {
        const std::uint64_t cx1 = cx0 + 24, side = 32;
        std::vector<thin_candidate> cands;
        for (std::uint32_t i = 0; i < 5000; ++i) {
            const std::uint64_t cx = cx0 + rng() % (cx1 - cx0), cy = rng() % side;
            cands.push_back({(cx << 32) | cy, static_cast<double>(rng() % 4), i}); // many ties in importance
        }
        std::shuffle(cands.begin(), cands.end(), rng);
        std::vector<std::uint8_t> by_table(cands.size(), 1), by_sort(cands.size(), 1);
        auto a = cands, b = cands;
        const std::size_t n_table = thin_cells(a, cx0, cx1, side, 1u << 20, 2, by_table);
        const std::size_t n_sort = thin_cells(b, cx0, cx1, side, 0, 2, by_sort);
        CHECK(by_table == by_sort);
        CHECK(n_table == n_sort);
        // by hand: per cell the highest importance, ties to the lowest row
        std::map<std::uint64_t, thin_candidate> best;
        for (const auto& c : cands) {
            auto [it, fresh] = best.emplace(c.cell, c);
            if (!fresh && (c.importance > it->second.importance || (c.importance == it->second.importance && c.index < it->second.index)))
                it->second = c;
        }
        CHECK(n_table == cands.size() - best.size());
        for (const auto& [cell, c] : best) CHECK(by_table[c.index] == 1);
        CHECK(static_cast<std::size_t>(std::count(by_table.begin(), by_table.end(), 1)) == best.size());
    }
}
