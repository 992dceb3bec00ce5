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

// The graph with one of its arrays changed (file_array is read-only: copy, change, put back).
template <class T, class F> void edit(file_array<T>& a, F change) {
    std::vector<T> v(a.begin(), a.end());
    change(v);
    a = std::move(v);
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
    CHECK(r.arc_edge == g.arc_edge);
    REQUIRE(r.gates.size() == 1);
    CHECK(r.gates[0].id == "gate1");
    CHECK(serialize_graph(r) == serialize_graph(g));
}

TEST_CASE("the loaded graph views every array in the mapping, which outlives the file", "[unit][routing]") {
    const sea_graph g = small_graph();
    REQUIRE(!g.landmark_tables.empty());
    REQUIRE(!g.ch.empty());
    const auto tmp = std::filesystem::temp_directory_path() / ("hm-graph-view-" + std::to_string(::getpid()) + ".hmg");
    write_graph_file(tmp, g);
    sea_graph copy;
    {
        const sea_graph r = read_graph_file(tmp);
        for (const auto& t : r.landmark_tables) CHECK(t.dist_m.viewed()); // no copy of the tables
        // nor of the graph, its CSR and packed arcs, the hierarchy (format 6: stored, not rebuilt)
        CHECK(r.nodes.viewed());
        CHECK(r.edge_a.viewed());
        CHECK(r.edge_b.viewed());
        CHECK(r.edge_length_m.viewed());
        CHECK(r.edge_gates.viewed());
        CHECK(r.offsets.viewed());
        CHECK(r.arc_edge.viewed());
        CHECK(r.arcs.viewed());
        CHECK(r.ch.rank.viewed());
        CHECK(r.ch.up_offsets.viewed());
        CHECK(r.ch.up_target.viewed());
        CHECK(r.ch.up_length_m.viewed());
        CHECK(r.ch.up_gates.viewed());
        CHECK(r.ch.up_middle.viewed());
        CHECK(r.ch.up_edge.viewed());
        CHECK(r.ch.up_arcs.viewed());
        CHECK(r.ch.up_half.viewed());
        // and they hold what the builder made
        CHECK(r.arcs.size() == g.arcs.size());
        for (std::size_t a = 0; a < g.arcs.size(); ++a) {
            CHECK(r.arcs[a].target == g.arcs[a].target);
            CHECK(r.arcs[a].length_m == g.arcs[a].length_m);
        }
        CHECK(r.ch.up_half == g.ch.up_half);
        copy = r; // shares the mapping
    }
    CHECK(copy.arcs.viewed());
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

TEST_CASE("a graph file whose stored CSR or packed arcs disagree with its edges is refused", "[unit][routing]") {
    // Format 6 stores the CSR and the packed arcs instead of rebuilding them: the loader checks them against
    // the edges, so a file that lies (its checksum made to match) gives a clear error, never a wrong search.
    const sea_graph g = small_graph();
    REQUIRE(error_of(serialize_graph(g)).empty());
    sea_graph bad = g;
    edit(bad.arcs, [](auto& v) { v[3].length_m *= 0.5; });
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("g.hmg") && Catch::Contains("packed arc 3 differs from its edge") &&
                                                   Catch::Contains("rebuild"));
    bad = g;
    edit(bad.arcs, [](auto& v) { std::swap(v[0].target, v[1].target); });
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("does not follow its edge"));
    bad = g;
    // two arcs of one node swapped together (target and edge): the same arcs, not in the canonical order
    node_id v0 = 0;
    while (g.offsets[v0 + 1] - g.offsets[v0] < 2) ++v0;
    const std::uint32_t a0 = g.offsets[v0];
    edit(bad.arc_edge, [a0](auto& v) { std::swap(v[a0], v[a0 + 1]); });
    edit(bad.arcs, [a0](auto& v) { std::swap(v[a0], v[a0 + 1]); });
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("not in edge order"));
    bad = g;
    edit(bad.ch.up_arcs, [](auto& v) { v[0].gates ^= 1u; });
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("contraction hierarchy arc 0: its packed arc differs"));
    bad = g;
    std::size_t plain = 0;
    while (g.ch.up_middle[plain] != invalid_node) ++plain;
    edit(bad.ch.up_half, [plain](auto& v) { v[2 * plain] = 0; });
    CHECK_THAT(error_of(serialize_graph(bad)), Catch::Contains("has halves but is no shortcut"));
}
