#pragma once
// The real data of the routing tests, once per test run and shared by every test file: the fused footprint
// and the sea graph from data/sealanes + data/chokepoints in one output directory -- under ctest a copy of
// the shared build (tests/shipped_out.hpp), else the fusion step and the CLI's `graph build` -- and the
// router, port catalog and snaps over them.  real_graph() below builds the graph in memory all the same.
#include "engine/cli/command.hpp"
#include "engine/products/build_steps.hpp"
#include "engine/query/near_matrix_deps.hpp"
#include "engine/query/sea_router.hpp"
#include "tests/shipped_out.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace routing_tests {

inline std::filesystem::path source_dir() {
    if (const char* e = std::getenv("HARBORMAP_SOURCE_DIR"); e && *e) return e;
    return HARBORMAP_SOURCE_DIR;
}

struct real_world {
    std::filesystem::path out;
    std::unique_ptr<harbormap::query::sea_router> router;
    std::unique_ptr<harbormap::query::port_catalog> catalog;
    std::unique_ptr<harbormap::query::port_snaps> snaps;
};

// The sea graph built in memory from the shipped data (once per test run; the graph file tests compare
// against it).
inline const harbormap::routing::sea_graph& real_graph() {
    static const harbormap::routing::sea_graph g =
        harbormap::query::build_graph_from_data(source_dir() / "data", source_dir() / "layers" / "mappings");
    return g;
}

inline real_world& world() {
    namespace fs = std::filesystem;
    using namespace harbormap;
    static real_world w = [] {
        real_world r;
        const char* b = std::getenv("HARBORMAP_BINARY_DIR");
        r.out = fs::path(b ? b : fs::temp_directory_path().string()) / "test-routing-tmp" / ("real-" + std::to_string(::getpid()));
        fs::remove_all(r.out);
        fs::create_directories(r.out);
        std::ostringstream log;
        products::build_paths p{source_dir() / "data", source_dir() / "layers" / "mappings", r.out, log};
        p.quiet = true;
        if (!harbormap::test::copy_shipped_out(r.out)) { // no shared build (tests/shipped_out.hpp): build here
            products::build_fusion_step(p);
            std::ostringstream out, err;
            const int rc = cli::run({"--data", p.data_dir.string(), "--mappings", p.mappings_dir.string(), "--out", r.out.string(), "graph", "build"},
                                    out, err);
            if (rc != 0) FAIL("graph build failed: " << err.str());
        }
        r.router = query::sea_router::open(p.graph(), p.data_dir, p.mappings_dir, log);
        r.catalog = std::make_unique<query::port_catalog>(query::port_catalog::load(p.gpkg()));
        r.snaps = std::make_unique<query::port_snaps>(*r.router, *r.catalog);
        return r;
    }();
    return w;
}

} // namespace routing_tests
