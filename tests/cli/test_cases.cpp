// CLI goldens per command and case, in the style of osmium-tool's check_output:
//   tests/cli/cases/<command>/<case>.args   one argument per line; {out} is the shared built footprint
//                                           (fusion + graph), {data} the shipped data directory
//                                           ({mappings}: the shipped mappings, in output only; {tiles}: the
//                                           footprint's tiles at zooms 0-4, built when a case names it)
//   <case>.out    expected stdout (compared as JSON when it parses as JSON, else as text; numbers with a
//                 relative tolerance either way)
//   <case>.err    expected stderr (absent: stderr must be empty)
//   <case>.code   expected exit code (absent: 0)
// HARBORMAP_UPDATE_GOLDENS=1 rewrites .out and .err from the actual output; review the diff before committing.
#include "engine/core/atomic_file.hpp"
#include "tests/cli/cli_support.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace harbormap::test_cli;

namespace {

// A function, not a namespace-scope path: source_dir is a global of another file (cli_support.cpp), and
// the order in which two files' globals are initialised is not defined.
fs::path cases_dir() { return source_dir / "tests/cli/cases"; }

// Every <command>/<case>.args, sorted.
std::vector<fs::path> all_cases() {
    std::vector<fs::path> cases;
    for (const auto& e : fs::recursive_directory_iterator(cases_dir()))
        if (e.is_regular_file() && e.path().extension() == ".args") cases.push_back(e.path());
    std::sort(cases.begin(), cases.end());
    return cases;
}

fs::path tiles_used; // the {tiles} file once a case has named it

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

std::vector<std::string> read_args(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> args;
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        replace_all(line, "{out}", built_out().string());
        replace_all(line, "{data}", (source_dir / "data").string());
        if (line.find("{tiles}") != std::string::npos) replace_all(line, "{tiles}", (tiles_used = built_tiles()).string());
        args.push_back(line);
    }
    return args;
}

// Output with the run's own paths put back as placeholders, so goldens do not depend on the machine.
std::string placeholders(std::string s) {
    replace_all(s, built_out().string(), "{out}");
    if (!tiles_used.empty()) replace_all(s, tiles_used.string(), "{tiles}");
    replace_all(s, (source_dir / "data").string(), "{data}");
    replace_all(s, (source_dir / "layers" / "mappings").string(), "{mappings}");
    return s;
}

void check_stream(const fs::path& golden, const std::string& actual, const char* stream) {
    INFO(stream << " of " << golden.filename().string() << "\n" << actual);
    std::string where;
    const bool same = output_close(actual, harbormap::read_file(golden), where);
    INFO("first difference at " << where);
    CHECK(same);
}

void run_case(const fs::path& args_file) {
    const fs::path base = fs::path(args_file).replace_extension();
    const auto with = [&](const char* ext) { return fs::path(base).concat(ext); };
    const result r = run(read_args(args_file));
    const std::string out = placeholders(r.out), err = placeholders(r.err);
    int code = 0;
    if (fs::exists(with(".code"))) code = std::stoi(harbormap::read_file(with(".code")));
    INFO("stderr:\n" << err);
    CHECK(r.code == code);
    if (std::getenv("HARBORMAP_UPDATE_GOLDENS")) {
        harbormap::write_file_atomic(with(".out"), out);
        if (!err.empty()) harbormap::write_file_atomic(with(".err"), err);
        else fs::remove(with(".err"));
        WARN("updated " << with(".out"));
        return;
    }
    REQUIRE(fs::exists(with(".out")));
    check_stream(with(".out"), out, "stdout");
    if (fs::exists(with(".err"))) check_stream(with(".err"), err, "stderr");
    else CHECK(err.empty());
}

} // namespace

TEST_CASE("CLI goldens: every case under tests/cli/cases/<command>/", "[cli][golden]") {
    const auto cases = all_cases();
    REQUIRE(!cases.empty());
    for (const auto& c : cases) {
        const std::string name = c.parent_path().filename().string() + "/" + c.stem().string();
        DYNAMIC_SECTION(name) { run_case(c); }
    }
}
