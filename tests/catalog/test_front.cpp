// The `harbormap` query front: the queries give byte-identical output (and exit codes) when run in this
// process -- where GDAL is loaded, by the full command set -- and by the front executable, which must
// not link GDAL, PROJ or GEOS and is made to refuse handing over (HARBORMAP_FRONT_ONLY=1), so the
// answer provably comes from the GDAL-free process.  Every other command reaches harbormap-full.
#include "engine/cli/command.hpp"
#include "engine/cli/front.hpp"
#include "layers/reader.hpp"
#include "tests/catalog/catalog_fixture.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

using namespace harbormap;
namespace fs = std::filesystem;

namespace {

fs::path front_exe() {
    const char* b = std::getenv("HARBORMAP_BINARY_DIR");
    REQUIRE(b != nullptr);
    return fs::path(b) / "harbormap";
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct answer {
    int code = -1;
    std::string out;
};

// front_only: HARBORMAP_FRONT_ONLY=1 (the front exits 3 instead of handing the run over).
answer run_front(const std::vector<std::string>& args, const fs::path& work, bool front_only = true) {
    std::vector<std::string> all = {front_exe().string()};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::string only = "HARBORMAP_FRONT_ONLY=1";
    std::vector<char*> envp;
    if (front_only) envp.push_back(only.data());
    for (char** e = environ; *e; ++e) envp.push_back(*e);
    envp.push_back(nullptr);
    const fs::path out = work / "stdout", err = work / "stderr";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&fa);
    REQUIRE(rc == 0);
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0) {
    }
    INFO("stderr: " << slurp(err));
    REQUIRE(WIFEXITED(st));
    return {WEXITSTATUS(st), slurp(out)};
}

} // namespace

TEST_CASE("queries answer byte-identically from the GDAL-free front and with GDAL loaded", "[cli][catalog]") {
    const fs::path out = test::real_output();
    // GDAL is loaded and initialised in this process.
    REQUIRE_FALSE(layers::read_vector_file(out / "harbormap.gpkg", {"ports"}).empty());
    const fs::path work = out.parent_path() / ("front-" + std::to_string(::getpid()));
    fs::create_directories(work);
    const std::vector<std::vector<std::string>> queries = {
        {"route", "GRPIR", "NLRTM"},
        {"route", "CNSHA", "NLRTM"}, // a trade code (issue 12)
        {"route", "121.5,31.2", "4.0,51.9", "--json"},
        {"route", "-118.2,33.7", "121.5,31.2", "--corridor", "50nm"},
        {"route", "Piraeus", "Long Beach", "--avoid", "suez"},
        {"near", "GRPIR", "-k", "5"},
        {"near", "Guam"},
        {"near", "GRPIR", "-k", "3", "--layer", "terminals", "--json"},
        {"near", "-118.2,33.7", "--radius", "300nm", "--layer", "strategic", "--by", "geodesic"},
        {"matrix", "--from", "GRPIR;NLRTM", "--to", "prc"},
        {"matrix", "--from", "all", "--to", "prc"},
        {"deps", "GRPIR"},
        {"deps", "USLGB", "--json"},
        {"ports", "show", "GRPIR"},
        {"ports", "show", "CNSHA"},     // trade code of Shanghai
        {"ports", "show", "Singapore"}, // ranked ambiguity
        {"ports", "show", "Shenzhen", "--json"}, // a port complex
        {"ports", "show", "US:Port Elizabeth"},
        {"ports", "show", "Hamburg", "--json"},
        {"ports", "show", "no such port"},
        {"ports", "list", "--prc"},
        {"ports", "list", "--country", "US", "--format", "csv"},
        {"ports", "list", "--status", "active", "--since", "2015", "--format", "geojson"},
        {"route", "GRPIR", "XXXXX"},
    };
    int ok = 0;
    for (const auto& q : queries) {
        std::vector<std::string> args = {"--out", out.string()};
        args.insert(args.end(), q.begin(), q.end());
        std::string cmd;
        for (const auto& a : q) cmd += a + " ";
        INFO(cmd);
        std::ostringstream o, e;
        const int code = cli::run(args, o, e);
        const answer front = run_front(args, work);
        CHECK(front.code == code);
        CHECK(front.out == o.str());
        if (code == 0) {
            ++ok;
            CHECK(!o.str().empty());
        }
    }
    CHECK(ok >= 19);
    fs::remove_all(work);
}

TEST_CASE("every other command is handed to harbormap-full, and a GeoPackage list too", "[cli][catalog]") {
    const fs::path out = test::real_output();
    const fs::path work = out.parent_path() / ("handover-" + std::to_string(::getpid()));
    fs::create_directories(work);
    const auto queries = cli::make_query_commands();
    int handed = 0;
    for (const auto& c : cli::make_commands()) {
        std::vector<std::string> args = c->path();
        args.push_back("--help");
        const bool query = cli::selects_one_of(args, queries);
        INFO(args.front() << " " << args[1] << (query ? " (a query)" : ""));
        std::ostringstream o, e;
        const int code = cli::run(args, o, e);
        CHECK(code == 0);
        // A query's help comes from the front itself; any other command's only from harbormap-full.
        CHECK(run_front(args, work, true).code == (query ? 0 : 3));
        const answer front = run_front(args, work, false);
        CHECK(front.code == code);
        CHECK(front.out == o.str());
        if (!query) ++handed;
    }
    // build, layers info/check, graph build, tiles build/show, render, report, coa, diff, export postgis/web, serve
    CHECK(handed == static_cast<int>(cli::make_commands().size() - queries.size()));
    CHECK(handed >= 13);
    // ports list --format gpkg is a query whose output needs GDAL: the front hands the run over.
    const std::vector<std::string> gpkg = {"--out", out.string(), "ports", "list", "--prc", "--format", "gpkg", "-o",
                                           (work / "prc.gpkg").string()};
    CHECK(run_front(gpkg, work, true).code == 3);
    CHECK_FALSE(fs::exists(work / "prc.gpkg"));
    CHECK(run_front(gpkg, work, false).code == 0);
    const auto from_gpkg = layers::read_vector_file(work / "prc.gpkg");
    REQUIRE(from_gpkg.size() == 1);
    std::ostringstream o, e;
    REQUIRE(cli::run({"--out", out.string(), "ports", "list", "--prc", "--format", "json"}, o, e) == 0);
    const auto listed = nlohmann::json::parse(o.str());
    CHECK(!listed.empty());
    CHECK(from_gpkg.front().features.size() == listed.size());
    fs::remove_all(work);
}

TEST_CASE("the front does not load GDAL, PROJ or GEOS", "[cli][catalog]") {
    const std::string cmd = "ldd '" + front_exe().string() + "' 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string libs;
    char buf[512];
    while (std::fgets(buf, sizeof buf, p)) libs += buf;
    REQUIRE(::pclose(p) == 0);
    INFO(libs);
    CHECK(libs.find("libstdc++") != std::string::npos); // ldd answered
    for (const char* lib : {"libgdal", "libproj", "libgeos", "libsqlite3", "libcurl", "libtiff", "libcairo", "libpango"})
        CHECK(libs.find(lib) == std::string::npos);
}
