// Two runs of `harbormap build` give the same outputs: every file byte for byte, except SQLite files
// (GPKG, MBTiles) which are compared by a canonical dump (schema + sorted rows).  The file list is
// walked from the out directory, so new products (tiles, maps, report) are covered automatically.
// Under ctest the first build is the shared one of the fixture shipped_out (HARBORMAP_SHIPPED_OUT, a
// `build --xyz` of the shipped data made by another process earlier): only the second is built here.
#include "tests/robust/robust_support.hpp"

#include <cstdlib>

using namespace robust;

TEST_CASE("two builds are identical", "[cli][robust]") {
    const fs::path root = fs::temp_directory_path() / ("harbormap-robust-determinism-" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    const char* shared = std::getenv("HARBORMAP_SHIPPED_OUT");
    const bool have_shared = shared && *shared && fs::exists(fs::path(shared) / "harbormap.gpkg");
    const fs::path a = have_shared ? fs::path(shared) : root / "a", b = root / "b";
    for (const auto& dir : {a, b}) {
        if (dir == a && have_shared) continue;
        const pid_t pid = spawn_harbormap({"--quiet", "--out", dir.string(), "build", "--xyz"}, root / (dir.filename().string() + ".log"));
        const auto st = wait_for(pid);
        INFO(slurp(root / (dir.filename().string() + ".log")));
        REQUIRE(st.exited);
        REQUIRE(st.code == 0);
    }
    std::vector<std::string> files_a, files_b;
    for (const auto& e : fs::recursive_directory_iterator(a))
        if (e.is_regular_file()) files_a.push_back(fs::relative(e.path(), a).string());
    for (const auto& e : fs::recursive_directory_iterator(b))
        if (e.is_regular_file()) files_b.push_back(fs::relative(e.path(), b).string());
    std::sort(files_a.begin(), files_a.end());
    std::sort(files_b.begin(), files_b.end());
    REQUIRE(files_a == files_b);
    REQUIRE(std::find(files_a.begin(), files_a.end(), "harbormap.gpkg") != files_a.end());
    int sqlite_files = 0;
    for (const auto& f : files_a) {
        INFO(f);
        if (is_sqlite(a / f)) {
            ++sqlite_files;
            CHECK(sqlite_dump(a / f) == sqlite_dump(b / f));
        } else {
            CHECK(slurp(a / f) == slurp(b / f));
        }
    }
    CHECK(sqlite_files >= 1);
    fs::remove_all(root);
}
