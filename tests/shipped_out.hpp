#pragma once
// The ctest fixture `shipped_out` (tests/shipped_build.sh: one `harbormap build --xyz` of the shipped data,
// named by HARBORMAP_SHIPPED_OUT) shared by the tests that need a real footprint, catalog and sea graph:
// each copies the files into a directory of its own instead of building them again (under the sanitizers a
// fusion and a sea graph take ~20 s of CPU each time).  A test executable run by hand, without the fixture,
// builds them itself.
#include <cstdlib>
#include <filesystem>
#include <string>

namespace harbormap::test {

// What `build --steps fusion,graph` leaves in out/: the GeoPackage, the port catalog and the sea graph.
inline const char* const shipped_out_files[] = {"harbormap.gpkg", "catalog.hmc", "seagraph.hmg"};

// Copies those files of the shared build into `dir` (created); false when there is no shared build
// (HARBORMAP_SHIPPED_OUT unset, or a file missing): the caller builds them.
inline bool copy_shipped_out(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    const char* shared = std::getenv("HARBORMAP_SHIPPED_OUT");
    if (!shared || !*shared) return false;
    for (const char* f : shipped_out_files)
        if (!fs::is_regular_file(fs::path(shared) / f)) return false;
    fs::create_directories(dir);
    for (const char* f : shipped_out_files)
        fs::copy_file(fs::path(shared) / f, dir / f, fs::copy_options::overwrite_existing);
    return true;
}

} // namespace harbormap::test
