// An interrupted `harbormap build` (SIGINT/SIGTERM mid-run) leaves the previous out/ byte-identical
// and readable, exits 128+signal from its own handler (not killed), and leaves no temp directories.
#include "tests/robust/robust_support.hpp"

#include <chrono>
#include <csignal>
#include <thread>

using namespace robust;

namespace {

fs::path scratch(const std::string& name) {
    auto p = fs::temp_directory_path() / ("harbormap-robust-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

struct scenario {
    int signal;
    int delay_ms; // after the staging directory appears
    bool twice;   // a second signal right after the first (forces the watcher's immediate exit)
};

} // namespace

TEST_CASE("interrupted build leaves the previous out/ intact", "[cli][robust]") {
    const fs::path root = scratch("interrupt");
    const fs::path out = root / "out";
    {
        const pid_t pid = spawn_harbormap({"--quiet", "--out", out.string(), "build"}, root / "baseline.log");
        const auto st = wait_for(pid);
        INFO(slurp(root / "baseline.log"));
        REQUIRE(st.exited);
        REQUIRE(st.code == 0);
    }
    REQUIRE(fs::exists(out / "harbormap.gpkg"));
    REQUIRE(integrity(out / "harbormap.gpkg") == "ok");
    const auto before = snapshot(out);

    const std::vector<scenario> scenarios = {
        {SIGINT, 0, false}, {SIGTERM, 400, false}, {SIGINT, 1500, false}, {SIGTERM, 300, true}};
    int interrupted = 0;
    for (const auto& sc : scenarios) {
        INFO("signal " << sc.signal << " " << sc.delay_ms << " ms after the staging dir appeared" << (sc.twice ? ", twice" : ""));
        const fs::path log = root / ("run-" + std::to_string(sc.signal) + "-" + std::to_string(sc.delay_ms) + ".log");
        const pid_t pid = spawn_harbormap({"--quiet", "--out", out.string(), "build"}, log);
        // Wait for the staging directory (out.tmp-*), i.e. the build is writing.
        exit_status st;
        bool ended = false;
        for (int i = 0; i < 60000 && !ended; ++i) {
            if (!temps_beside(out).empty()) break;
            ended = try_wait(pid, st);
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (!ended) {
            std::this_thread::sleep_for(std::chrono::milliseconds(sc.delay_ms));
            ::kill(pid, sc.signal);
            if (sc.twice) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                ::kill(pid, sc.signal);
            }
            st = wait_for(pid);
        }
        INFO("log:\n" << slurp(log));
        REQUIRE(st.exited); // our handler ran: not killed by the default action
        CHECK(temps_beside(out).empty());
        REQUIRE(fs::exists(out / "harbormap.gpkg"));
        CHECK(integrity(out / "harbormap.gpkg") == "ok");
        if (st.code == 0) continue; // the build finished before the signal: out/ is a complete new build
        ++interrupted;
        CHECK(st.code == 128 + sc.signal);
        CHECK(snapshot(out) == before);
    }
    // On any machine most signals land while the build runs (it takes seconds after the stage appears).
    CHECK(interrupted >= 3);
    fs::remove_all(root);
}
