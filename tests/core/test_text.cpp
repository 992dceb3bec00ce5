#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "tests/sanitizer_run.hpp"

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <random>
#include <vector>

using namespace harbormap;

TEST_CASE("UN/LOCODE normalisation", "[unit][core]") {
    CHECK(normalise_locode("US LAX") == "USLAX");
    CHECK(normalise_locode("gr pir") == "GRPIR");
    CHECK(normalise_locode("US-OAK") == "USOAK");
    CHECK(normalise_locode("CNSH2") == "CNSH2");   // digits 2-9 are valid in the location part
    CHECK_FALSE(normalise_locode("CNSH1"));         // 0 and 1 are not
    CHECK_FALSE(normalise_locode("CL"));            // WPI has such stubs
    CHECK_FALSE(normalise_locode("GB ME\"\""));
    CHECK_FALSE(normalise_locode("1SLAX"));
}

TEST_CASE("name normalisation folds diacritics and generic words", "[unit][core]") {
    CHECK(normalise_name("Port of Piraeus") == "piraeus");
    CHECK(normalise_name("São Luís") == "sao luis");
    CHECK(normalise_name("Piraievs (Piraeus)") == "piraievs piraeus");
    CHECK(normalise_name("PUERTO CRISTÓBAL") == "cristobal");
    CHECK(normalise_name("Gdańsk") == "gdansk");
    CHECK(normalise_name("Long Beach") == "long beach");
    CHECK(normalise_name("上海港") == "上海港"); // other scripts kept
}

TEST_CASE("name lists split on commas and semicolons", "[unit][core]") {
    CHECK(split_list("Athens; Dhrapetsona, Piraeus") == std::vector<std::string>{"Athens", "Dhrapetsona", "Piraeus"});
    CHECK(split_list(" ;, ").empty());
    CHECK(split("a,,b", ',') == std::vector<std::string>{"a", "", "b"});
}

TEST_CASE("UTF-8 validation", "[unit][core]") {
    CHECK(is_valid_utf8("Gdańsk"));
    CHECK(is_valid_utf8("上海"));
    CHECK_FALSE(is_valid_utf8("Gda\xf1sk"));      // Latin-1 byte
    CHECK_FALSE(is_valid_utf8("\xc0\xaf"));       // overlong
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));   // surrogate
}

TEST_CASE("did-you-mean suggestions", "[unit][core]") {
    const std::vector<std::string> cmds = {"build", "layers", "ports", "route", "near", "tiles", "render"};
    CHECK(suggest("biuld", cmds) == std::vector<std::string>{"build"});
    CHECK(suggest("rout", cmds).front() == "route");
    CHECK(suggest("zzzzzz", cmds).empty());
    // a word that extends a candidate (an option with a made-up suffix) gets it, after the near misses
    CHECK(suggest("--prc-operated", {"--prc", "--hk", "--bri"}) == std::vector<std::string>{"--prc"});
    CHECK(suggest("routes", {"route", "router-x"}).front() == "route");
    CHECK(levenshtein("kitten", "sitting") == 3);
}

TEST_CASE("numbers format deterministically", "[unit][core]") {
    CHECK(format_fixed(12.3, 2) == "12.30");
    CHECK(format_fixed(-0.0001, 2) == "0.00");
    CHECK(format_thousands(10547.4) == "10,547");
    CHECK(format_thousands(-1234567) == "-1,234,567");
    CHECK(format_thousands(999) == "999");
    CHECK(parse_double("49460.0") == 49460.0);
    CHECK_FALSE(parse_double("12abc"));
    CHECK(parse_int(" 42 ") == 42);
    CHECK_FALSE(parse_int("4.5"));
}

TEST_CASE("append_fixed1 writes what std::to_chars(fixed, 1) writes", "[unit][core]") {
    auto ref = [](double v) {
        char buf[400];
        return std::string(buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 1).ptr);
    };
    auto mine = [](double v) {
        std::string s = "x";
        append_fixed1(s, v);
        return s.substr(1);
    };
    // exact ties (k/20 is exact for these k) round to even; neighbours of ties; the fast path's edges
    std::vector<double> vs = {0.0, -0.0, 0.05, 0.25, 0.75, 1.25, 2.5, 1e-300, 0.95, 9.95, 99.95, 0x1p49, 0x1p49 - 1, 1e20, -3.25,
                              HUGE_VAL, 0.15, 0.35, 123456.75};
    for (double k = 0; k < 2000; ++k) {
        const double tie = (2 * k + 1) / 20;
        vs.insert(vs.end(), {tie, std::nextafter(tie, 0.0), std::nextafter(tie, 1e300)});
    }
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> expo(-4, 15);
    // the same code path, fewer values under the sanitizers (tests/sanitizer_run.hpp)
    for (int i = 0, n = test::sanitizer_run() ? 6000 : 60000; i < n; ++i) vs.push_back(std::pow(10.0, expo(rng)));
    std::size_t differ = 0;
    for (double v : vs) {
        if (mine(v) == ref(v)) continue;
        if (++differ <= 5) FAIL_CHECK(v << ": " << mine(v) << " != " << ref(v));
    }
    CHECK(differ == 0);
    CHECK(mine(0.25) == "0.2");
    CHECK(mine(0.75) == "0.8");
    CHECK(mine(3352.49) == "3352.5");
}

TEST_CASE("input errors say file, row and field", "[unit][core]") {
    input_error e("data/x.csv", 7, "lat", "latitude 95 is out of range");
    CHECK(std::string(e.what()) == "data/x.csv:7: field 'lat': latitude 95 is out of range");
    CHECK(std::string(input_error("f.csv", 0, "", "file is empty").what()) == "f.csv: file is empty");
}
