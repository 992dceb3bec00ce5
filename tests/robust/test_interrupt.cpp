// An interrupted `harbormap build` (SIGINT/SIGTERM at each stage of the run) leaves the previous out/
// byte-identical and readable, exits 128+signal from its own handler (not killed), and leaves no
// temporary directories; a signal (or SIGKILL) during the swap of out/ leaves a complete out/.
// No sleeping: the build stops itself at an exact point (HARBORMAP_TEST_STOP_AT, see
// test_stop_point in engine/core/atomic_file.hpp), the test signals it there and lets it continue.
#include "tests/robust/robust_support.hpp"

#include <csignal>

using namespace robust;

namespace {

fs::path scratch(const std::string& name) {
    auto p = fs::temp_directory_path() / ("harbormap-robust-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::vector<std::string> file_list(const fs::path& dir) {
    std::vector<std::string> v;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) v.push_back(fs::relative(e.path(), dir).string());
    std::sort(v.begin(), v.end());
    return v;
}

struct run_result {
    exit_status status;
    std::string log;
};

// Runs `build` into `out`, stopping at `point`, then sends the signals and lets it continue.  The swap of
// out/ is the same whatever the steps, so the runs that must get there build the footprint only (`--steps
// fusion`); the runs stopped before a step run every step up to it.
run_result interrupt_at(const fs::path& out, const std::string& point, const std::vector<int>& signals, bool fusion_only = false) {
    const fs::path log = out.parent_path() / ("run-" + std::to_string(::getpid()) + ".log");
    std::vector<std::string> args = {"--quiet", "--out", out.string(), "build"};
    if (fusion_only) args.insert(args.end(), {"--steps", "fusion"});
    const pid_t pid = spawn_harbormap(args, log, {"HARBORMAP_TEST_STOP_AT=" + point});
    exit_status st;
    if (!wait_stopped(pid, st)) FAIL("the build ended before reaching '" << point << "':\n" << slurp(log));
    for (int sig : signals) ::kill(pid, sig); // pending while stopped; distinct signals are not merged
    ::kill(pid, SIGCONT);
    st = wait_for(pid);
    return {st, slurp(log)};
}

} // namespace

TEST_CASE("interrupted build leaves the previous out/ intact", "[cli][robust]") {
    const fs::path root = scratch("interrupt");
    const fs::path out = root / "out";
    {
        const pid_t pid = spawn_harbormap({"--quiet", "--out", out.string(), "build", "--steps", "fusion"}, root / "baseline.log");
        const auto st = wait_for(pid);
        INFO(slurp(root / "baseline.log"));
        REQUIRE(st.exited);
        REQUIRE(st.code == 0);
    }
    REQUIRE(fs::exists(out / "harbormap.gpkg"));
    REQUIRE(integrity(out / "harbormap.gpkg") == "ok");
    const auto before = snapshot(out);
    const auto files = file_list(out);

    struct scenario {
        std::string point;
        std::vector<int> signals;
    };
    const std::vector<scenario> scenarios = {
        {"stage", {SIGINT}},                 // staging directory created, nothing written yet
        {"step:graph", {SIGTERM}},           // the GeoPackage is written in the stage
        {"step:tiles", {SIGINT, SIGTERM}},   // a second signal: the watcher's immediate exit
        {"step:report", {SIGTERM}},          // the last step
    };
    for (const auto& sc : scenarios) {
        INFO("stopped at " << sc.point << ", " << sc.signals.size() << " signal(s)");
        const auto r = interrupt_at(out, sc.point, sc.signals);
        INFO("log:\n" << r.log);
        REQUIRE(r.status.exited); // our handler ran: not killed by the default action
        CHECK((r.status.code == 128 + SIGINT || r.status.code == 128 + SIGTERM));
        if (sc.signals.size() == 1) CHECK(r.status.code == 128 + sc.signals[0]);
        CHECK(temps_beside(out).empty());
        CHECK(integrity(out / "harbormap.gpkg") == "ok");
        CHECK(snapshot(out) == before);
    }
    {
        INFO("a signal during the swap: out/ is one complete tree, no temps are left");
        const auto r = interrupt_at(out, "swap:out", {SIGTERM}, true);
        INFO("log:\n" << r.log);
        REQUIRE(r.status.exited);
        CHECK((r.status.code == 0 || r.status.code == 128 + SIGTERM));
        CHECK(temps_beside(out).empty());
        CHECK(file_list(out) == files);
        CHECK(integrity(out / "harbormap.gpkg") == "ok");
    }
    {
        INFO("killed (SIGKILL) during or right after the swap: out/ is a complete tree");
        for (const std::string point : {"swap:out", "swapped:out"}) {
            INFO(point);
            const auto r = interrupt_at(out, point, {SIGKILL}, true);
            CHECK_FALSE(r.status.exited);
            CHECK(file_list(out) == files);
            CHECK(integrity(out / "harbormap.gpkg") == "ok");
            for (const auto& t : temps_beside(out)) fs::remove_all(root / t); // nobody was left to clean up
        }
    }
    fs::remove_all(root);
}

TEST_CASE("build --out a folder of the user's own files refuses it and leaves them", "[cli][robust]") {
    const fs::path home = scratch("not-ours");
    {
        std::ofstream(home / "thesis.txt") << "precious";
    }
    const fs::path log = home.parent_path() / ("not-ours-" + std::to_string(::getpid()) + ".log");
    const exit_status st = wait_for(spawn_harbormap({"--quiet", "--out", home.string(), "build", "--steps", "fusion"}, log, {}));
    CHECK(st.exited);
    CHECK(st.code == 1);
    CHECK(slurp(log).find("is not a folder this command wrote") != std::string::npos);
    CHECK(slurp(home / "thesis.txt") == "precious");
    CHECK(temps_beside(home).empty());
    fs::remove_all(home);
    fs::remove(log);
}
