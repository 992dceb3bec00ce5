#include "tests/cli/cli_support.hpp"

#include "engine/cli/command.hpp"
#include "tests/shipped_out.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <sstream>
#include <unistd.h>

namespace harbormap::test_cli {

using json = nlohmann::json;

const fs::path source_dir = HARBORMAP_SOURCE_DIR;

result run(std::vector<std::string> args) {
    std::ostringstream out, err;
    const int code = harbormap::cli::run(args, out, err);
    return {code, out.str(), err.str()};
}

fs::path scratch(const std::string& name) {
    auto p = fs::temp_directory_path() / ("harbormap-cli-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

const fs::path& built_out() {
    static const fs::path out = [] {
        auto dir = scratch("built") / "out";
        if (test::copy_shipped_out(dir)) return dir; // the ctest fixture's build (tests/shipped_out.hpp)
        auto r = run({"--quiet", "--data", (source_dir / "data").string(), "--mappings", (source_dir / "layers/mappings").string(),
                      "--out", dir.string(), "build", "--steps", "fusion,graph"});
        if (r.code != 0) FAIL("build failed: " << r.err);
        return dir;
    }();
    return out;
}

const fs::path& built_tiles() {
    static const fs::path tiles = [] {
        auto file = scratch("tiles") / "harbormap.mbtiles";
        auto r = run({"--quiet", "--out", built_out().string(), "tiles", "build", "--max-zoom", "4", "-o", file.string()});
        if (r.code != 0) FAIL("tiles build failed: " << r.err);
        return file;
    }();
    return tiles;
}

std::vector<std::string> with_out(std::vector<std::string> args) {
    std::vector<std::string> a = {"--out", built_out().string()};
    a.insert(a.end(), args.begin(), args.end());
    return a;
}

namespace {

bool number_close(double a, double b) { return std::abs(a - b) <= 1e-6 * std::max(1.0, std::abs(b)); }

// The text of s split into non-number runs and numbers: [text, number, text, number, ..., text].
struct tokens {
    std::vector<std::string> text;
    std::vector<double> numbers;
};

tokens tokenize(const std::string& s) {
    tokens t;
    t.text.emplace_back();
    std::size_t i = 0;
    const auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
    while (i < s.size()) {
        if (!digit(i)) {
            t.text.back() += s[i++];
            continue;
        }
        std::size_t j = i;
        while (digit(j)) ++j;
        if (j < s.size() && s[j] == '.' && digit(j + 1))
            for (++j; digit(j);) ++j;
        double v = 0;
        std::from_chars(s.data() + i, s.data() + j, v);
        t.numbers.push_back(v);
        t.text.emplace_back();
        i = j;
    }
    return t;
}

std::string line_of(const std::string& s, std::size_t n) {
    std::istringstream in(s);
    std::string line;
    for (std::size_t k = 0; k <= n && std::getline(in, line);) ++k;
    return line;
}

} // namespace

bool json_close(const json& a, const json& b, std::string& where, const std::string& path) {
    if (a.is_number() && b.is_number()) {
        if (number_close(a.get<double>(), b.get<double>())) return true;
        where = path;
        return false;
    }
    if (a.type() != b.type()) { where = path + " (type)"; return false; }
    if (a.is_object()) {
        if (a.size() != b.size()) { where = path + " (keys)"; return false; }
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) { where = path + "." + it.key() + " (missing)"; return false; }
            if (!json_close(*it, b[it.key()], where, path + "." + it.key())) return false;
        }
        return true;
    }
    if (a.is_array()) {
        if (a.size() != b.size()) { where = path + " (length)"; return false; }
        for (std::size_t i = 0; i < a.size(); ++i)
            if (!json_close(a[i], b[i], where, path + "[" + std::to_string(i) + "]")) return false;
        return true;
    }
    if (a != b) { where = path; return false; }
    return true;
}

bool text_close(const std::string& actual, const std::string& expected, std::string& where) {
    const tokens a = tokenize(actual), b = tokenize(expected);
    std::string seen; // the actual text up to the first difference, to name its line
    const std::size_t n = std::min(a.text.size(), b.text.size());
    bool same = a.text.size() == b.text.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (a.text[i] != b.text[i]) {
            const std::size_t k = std::min(a.text[i].size(), b.text[i].size());
            std::size_t c = 0;
            while (c < k && a.text[i][c] == b.text[i][c]) ++c;
            seen += a.text[i].substr(0, c);
            same = false;
            break;
        }
        seen += a.text[i];
        if (i < a.numbers.size() && i < b.numbers.size()) {
            if (!number_close(a.numbers[i], b.numbers[i])) { same = false; break; }
            seen += "0";
        }
    }
    if (same) return true;
    const auto line = static_cast<std::size_t>(std::count(seen.begin(), seen.end(), '\n'));
    where = "line " + std::to_string(line + 1) + ":\n  actual:   " + line_of(actual, line) + "\n  expected: " + line_of(expected, line);
    return false;
}

bool output_close(const std::string& actual, const std::string& expected, std::string& where) {
    const json a = json::parse(actual, nullptr, false), b = json::parse(expected, nullptr, false);
    if (!a.is_discarded() && !b.is_discarded()) return json_close(a, b, where);
    return text_close(actual, expected, where);
}

} // namespace harbormap::test_cli
