#include "drawn_sea.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/routing/graph_file.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace harbormap;
using namespace harbormap::routing;

namespace {

sea_graph small_graph() {
    auto sea = harbormap::testing::draw_sea({
        "A..1..B",
        ".#####.",
        ".......",
    }, 5, 50, 0.5);
    return build_sea_graph(sea.lanes, sea.gates);
}

std::string error_of(const std::string& bytes) {
    try {
        deserialize_graph(bytes, "g.hmg");
    } catch (const processing_error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("graph file round trip", "[unit][routing]") {
    const sea_graph g = small_graph();
    const auto tmp = std::filesystem::temp_directory_path() / ("hm-graph-" + std::to_string(::getpid()) + ".hmg");
    write_graph_file(tmp, g);
    const sea_graph r = read_graph_file(tmp);
    std::filesystem::remove(tmp);
    CHECK(r.nodes == g.nodes);
    CHECK(r.edge_length_m == g.edge_length_m);
    CHECK(r.edge_gates == g.edge_gates);
    CHECK(r.offsets == g.offsets);
    CHECK(r.arc_target == g.arc_target);
    REQUIRE(r.gates.size() == 1);
    CHECK(r.gates[0].id == "gate1");
    CHECK(serialize_graph(r) == serialize_graph(g));
}

TEST_CASE("the loaded graph views its landmark tables in the mapping, which outlives the file", "[unit][routing]") {
    const sea_graph g = small_graph();
    REQUIRE(!g.landmark_tables.empty());
    const auto tmp = std::filesystem::temp_directory_path() / ("hm-graph-view-" + std::to_string(::getpid()) + ".hmg");
    write_graph_file(tmp, g);
    sea_graph copy;
    {
        const sea_graph r = read_graph_file(tmp);
        for (const auto& t : r.landmark_tables) CHECK(t.dist_m.viewed()); // no copy of the tables
        copy = r;                                                          // shares the mapping
    }
    std::filesystem::remove(tmp); // the mapping stays valid while a graph holds it
    REQUIRE(copy.landmark_tables.size() == g.landmark_tables.size());
    for (std::size_t i = 0; i < g.landmark_tables.size(); ++i) {
        CHECK(copy.landmark_tables[i].dist_m.viewed());
        CHECK(copy.landmark_tables[i].dist_m == g.landmark_tables[i].dist_m);
    }
    // bytes in memory (not a mapping) are copied, never viewed
    const sea_graph b = deserialize_graph(serialize_graph(g), "g.hmg");
    for (const auto& t : b.landmark_tables) CHECK_FALSE(t.dist_m.viewed());
    CHECK(serialize_graph(b) == serialize_graph(g));
}

TEST_CASE("truncated and corrupt graph files give clear errors", "[unit][routing]") {
    const std::string bytes = serialize_graph(small_graph());
    CHECK(error_of(bytes).empty());
    CHECK_THAT(error_of(bytes.substr(0, bytes.size() - 7)), Catch::Contains("g.hmg") && Catch::Contains("truncated"));
    CHECK_THAT(error_of(bytes.substr(0, 30)), Catch::Contains("truncated"));
    CHECK_THAT(error_of(bytes + "xx"), Catch::Contains("trailing"));
    CHECK_THAT(error_of("PK\x03\x04 not a graph"), Catch::Contains("bad magic"));
    std::string flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x10;
    CHECK_THAT(error_of(flipped), Catch::Contains("checksum"));
    std::string version = bytes;
    version[8] = 9;
    CHECK_THAT(error_of(version), Catch::Contains("version 9"));
    CHECK_THAT(error_of(version), Catch::Contains("harbormap graph build"));
    CHECK_THROWS_WITH(read_graph_file("/nonexistent/seagraph.hmg"), Catch::Contains("not found"));
}
