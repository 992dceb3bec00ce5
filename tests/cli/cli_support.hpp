// Shared by the CLI tests: the whole command line in-process (cli::run) on the shipped data, one footprint
// built once per run, and the golden comparators (numbers compared with a relative tolerance).
#pragma once

#include "tests/sanitizer_run.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace harbormap::test_cli {

namespace fs = std::filesystem;

extern const fs::path source_dir;

struct result {
    int code;
    std::string out, err;
};

result run(std::vector<std::string> args);

// Under scripts/test-sanitize (tests/sanitizer_run.hpp): cases that repeat one code path on variants of the
// real data (each variant a whole fusion) run their first variant only; the release suite runs them all.
using harbormap::test::sanitizer_run;

// A fresh temporary directory for this process.
fs::path scratch(const std::string& name);

// One footprint (fusion + sea graph) for the whole test run: under ctest a copy of the shared build
// (tests/shipped_out.hpp), else built here.
const fs::path& built_out();

// The tiles of that footprint (`tiles build`, zooms 0-4: the build's own tiles at those zooms), built on first use.
const fs::path& built_tiles();

// args prefixed with --out built_out().
std::vector<std::string> with_out(std::vector<std::string> args);

// JSON equal up to a relative tolerance for numbers; `where` gets the path of the first difference.
bool json_close(const nlohmann::json& a, const nlohmann::json& b, std::string& where, const std::string& path = "$");

// Text equal except numbers (digit runs with an optional fraction), compared with the same tolerance;
// `where` gets the first differing line (number, actual and expected).
bool text_close(const std::string& actual, const std::string& expected, std::string& where);

// actual vs expected: as JSON when both parse as JSON, else as text.
bool output_close(const std::string& actual, const std::string& expected, std::string& where);

} // namespace harbormap::test_cli
