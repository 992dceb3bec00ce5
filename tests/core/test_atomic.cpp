#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {
fs::path scratch(const std::string& name) {
    auto p = fs::temp_directory_path() / ("harbormap-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}
std::size_t count_entries(const fs::path& d) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(d)) ++n;
    return n;
}
} // namespace

TEST_CASE("atomic_file keeps the old content until commit", "[unit][core]") {
    const auto dir = scratch("atomic");
    const auto target = dir / "out.txt";
    write_file_atomic(target, "old");
    {
        atomic_file f(target);
        f.stream() << "new but abandoned";
        CHECK(read_file(target) == "old");
    } // destroyed without commit: temp removed, target untouched
    CHECK(read_file(target) == "old");
    CHECK(count_entries(dir) == 1);
    {
        atomic_file f(target);
        f.stream() << "new";
        f.commit();
    }
    CHECK(read_file(target) == "new");
    CHECK_THROWS_AS(atomic_file(target, /*overwrite=*/false), processing_error);
    // a folder as the target ('graph build -o out/ --overwrite') is refused before anything is written, naming
    // it a folder (it failed at the very end, after the work, with "cannot rename <parent>.tmp-... : Is a directory")
    fs::create_directories(dir / "a-folder");
    CHECK_THROWS_WITH(atomic_file(dir / "a-folder"), Catch::Contains("a-folder is a folder"));
    CHECK_THROWS_WITH(write_file_atomic(dir / "a-folder", "x"), Catch::Contains("is a folder"));
    CHECK(fs::is_directory(dir / "a-folder"));
    CHECK(count_entries(dir) == 2);
    fs::remove_all(dir);
}

TEST_CASE("atomic_dir swaps whole trees", "[unit][core]") {
    const auto dir = scratch("atomicdir");
    const auto target = dir / "tiles";
    {
        atomic_dir d(target);
        write_file_atomic(d.temp_path() / "a.txt", "1");
        d.commit();
    }
    CHECK(read_file(target / "a.txt") == "1");
    {
        atomic_dir d(target);
        write_file_atomic(d.temp_path() / "b.txt", "2");
        // abandoned
    }
    CHECK(fs::exists(target / "a.txt"));
    CHECK_FALSE(fs::exists(target / "b.txt"));
    {
        atomic_dir d(target);
        write_file_atomic(d.temp_path() / "b.txt", "2");
        d.commit();
    }
    CHECK_FALSE(fs::exists(target / "a.txt"));
    CHECK(read_file(target / "b.txt") == "2");
    CHECK(count_entries(dir) == 1);
    fs::remove_all(dir);
}

TEST_CASE("atomic_dir never replaces a file, or a folder of someone else's files, with its tree", "[unit][core]") {
    const auto dir = scratch("atomicdir-ours");
    const auto file = dir / "harbormap.gpkg";
    write_file_atomic(file, "a GeoPackage");
    CHECK_THROWS_WITH(atomic_dir(file, true, {"facts.json"}), Catch::Contains("is not a folder"));
    CHECK_THROWS_WITH(atomic_dir(file), Catch::Contains("is not a folder"));
    CHECK(read_file(file) == "a GeoPackage");
    const auto home = dir / "home";
    write_file_atomic(home / "docs" / "thesis.txt", "precious");
    CHECK_THROWS_WITH(atomic_dir(home, true, {"manifest.json", "catalog.hmc"}),
                      Catch::Contains("is not a folder this command wrote (it has none of manifest.json, catalog.hmc)"));
    CHECK(read_file(home / "docs" / "thesis.txt") == "precious");
    write_file_atomic(home / "manifest.json", "{}"); // an earlier build's folder: replaced
    {
        atomic_dir d(home, true, {"manifest.json", "catalog.hmc"});
        write_file_atomic(d.temp_path() / "manifest.json", "{\"new\": 1}");
        d.commit();
    }
    CHECK_FALSE(fs::exists(home / "docs"));
    fs::create_directories(dir / "empty"); // an empty folder is taken
    {
        atomic_dir d(dir / "empty", true, {"manifest.json"});
        d.commit();
    }
    fs::remove_all(dir);
}
