#pragma once
// One real output directory per test process: the fusion and graph steps of `harbormap build` on the
// shipped data (GeoPackage, catalog, sea graph), in the build tree; under ctest a copy of the shared build.
#include "engine/products/build_steps.hpp"
#include "tests/shipped_out.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>

namespace harbormap::test {

inline std::filesystem::path catalog_source_dir() {
    if (const char* s = std::getenv("HARBORMAP_SOURCE_DIR")) return s;
    return HARBORMAP_SOURCE_DIR;
}

inline const std::filesystem::path& real_output() {
    static const std::filesystem::path out = [] {
        const char* b = std::getenv("HARBORMAP_BINARY_DIR");
        const auto dir = std::filesystem::path(b ? b : std::filesystem::temp_directory_path().string()) / "test-catalog-tmp" /
                         ("out-" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir);
        std::filesystem::create_directories(dir);
        if (copy_shipped_out(dir)) return dir; // the ctest fixture's build (tests/shipped_out.hpp)
        std::ostringstream log;
        products::build_paths p{catalog_source_dir() / "data", catalog_source_dir() / "layers" / "mappings", dir, log};
        p.quiet = true;
        products::build_fusion_step(p);
        products::build_graph_step(p);
        return dir;
    }();
    return out;
}

} // namespace harbormap::test
