// A large CSV read in two parts at once (layers::plan_vector_read, stream_vector_part) gives the
// features one reader gives: same ids, rows, geometry and typed values, in the same order; a file whose
// cut cannot be proved a record boundary is read in one part.
#include "engine/core/atomic_file.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <functional>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

using namespace harbormap;
namespace fs = std::filesystem;

namespace stream_parts_test {
// a directory of its own, removed at exit
fs::path scratch() {
    struct dir {
        fs::path p = fs::temp_directory_path() / ("harbormap-parts-" + std::to_string(::getpid()));
        dir() {
            fs::remove_all(p);
            fs::create_directories(p);
        }
        ~dir() {
            std::error_code ec;
            fs::remove_all(p, ec);
        }
    };
    static const dir d;
    return d.p;
}

// `rows` records of about 45 bytes (2.2 MB for 60,000): in the second half, a code with a leading zero
// (the column stays text for the whole file) and reals in a column GDAL types as integer from the first
// MB; empty values now and then.  `extra(i)` may replace record i.
std::string table(int rows, const std::function<std::string(int)>& extra = {}) {
    std::string s = "id,name,code,v,w,lon,lat\n";
    for (int i = 1; i <= rows; ++i) {
        if (extra) {
            if (std::string e = extra(i); !e.empty()) {
                s += e;
                continue;
            }
        }
        const bool late = i > rows * 3 / 4;
        s += fmt::format("{},p{},{},{},{},{:.4f},{:.4f}\n", i, i, late && i % 997 == 0 ? std::string("007") : std::to_string(i % 50),
                         late && i % 7 == 0 ? "2.5" : std::to_string(i % 9), i % 11 == 0 ? "" : "x", -179.0 + (i % 3580) * 0.1,
                         -80.0 + (i % 1600) * 0.1);
    }
    return s;
}

fs::path write_csv(const std::string& name, const std::string& content) {
    const auto p = scratch() / name;
    write_file_atomic(p, content);
    return p;
}

struct read_result {
    std::vector<feature_layer> schemas;
    std::vector<feature> features;
};

read_result whole(const fs::path& file) {
    read_result r;
    layers::stream_vector_file(
        file, {}, [&](const feature_layer& l) { r.schemas.push_back(l); }, [&](feature&& f) { r.features.push_back(std::move(f)); });
    return r;
}

read_result in_parts(const layers::vector_read_plan& plan) {
    read_result r;
    for (std::size_t part = 0; part < plan.parts(); ++part)
        layers::stream_vector_part(
            plan, part, {}, [&](const feature_layer& l) { r.schemas.push_back(l); },
            [&](feature&& f) { r.features.push_back(std::move(f)); });
    return r;
}

void check_same(const read_result& a, const read_result& b) {
    REQUIRE(!a.schemas.empty());
    for (const auto& s : b.schemas) {
        REQUIRE(s.fields.size() == a.schemas[0].fields.size());
        for (std::size_t i = 0; i < s.fields.size(); ++i) {
            CHECK(s.fields[i].name == a.schemas[0].fields[i].name);
            CHECK(s.fields[i].type == a.schemas[0].fields[i].type);
        }
    }
    REQUIRE(a.features.size() == b.features.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.features.size(); ++i) {
        const feature& x = a.features[i];
        const feature& y = b.features[i];
        bool same = x.id == y.id && x.row == y.row && x.geom.type == y.geom.type && x.geom.points.size() == y.geom.points.size() &&
                    x.properties == y.properties;
        for (std::size_t k = 0; same && k < x.geom.points.size(); ++k)
            same = x.geom.points[k].lon == y.geom.points[k].lon && x.geom.points[k].lat == y.geom.points[k].lat;
        if (!same && differ++ == 0) FAIL_CHECK("feature " << i << " differs (id " << x.id << " vs " << y.id << ", row " << x.row << " vs " << y.row << ")");
    }
    CHECK(differ == 0);
}
} // namespace stream_parts_test

using namespace stream_parts_test;

TEST_CASE("a large CSV in two parts gives the one reader's features", "[unit][layers]") {
    const auto file = write_csv("big.csv", table(60000));
    const auto plan = layers::plan_vector_read(file, 2);
    REQUIRE(plan.parts() == 2);
    CHECK(plan.first_records > 25000);
    CHECK(plan.first_records < 35000);
    CHECK(plan.prefix_records < plan.first_records);
    const auto one = whole(file);
    REQUIRE(one.features.size() == 60000);
    CHECK(one.features.back().row == 60000);
    // the column with "007" in the second half is text in both parts; "2.5" in an integer column is read alike
    const auto* code = one.features[10].find("code");
    REQUIRE(code);
    CHECK(std::holds_alternative<std::string>(*code));
    check_same(one, in_parts(plan));
    // one part asked for, or the whole file as part 0 of a one-part plan: the same
    const auto single = layers::plan_vector_read(file, 1);
    CHECK(single.parts() == 1);
    check_same(one, in_parts(single));
}

TEST_CASE("a CSV whose cut is not proved a record boundary is read in one part", "[unit][layers]") {
    // a quoted value with a line break (and a quoted comma) in the first half
    const auto quoted = write_csv("quoted.csv", table(60000, [](int i) {
        return i == 5000 ? std::string("5000,\"two\nlines, one value\",1,1,x,10.0,10.0\n") : std::string();
    }));
    auto plan = layers::plan_vector_read(quoted, 2);
    CHECK(plan.parts() == 1);
    check_same(whole(quoted), in_parts(plan));
    // a blank line, a lone carriage return
    for (const std::string& odd : {std::string("\n"), std::string("\r")}) {
        const auto f = write_csv("odd.csv", table(60000, [&](int i) { return i == 9000 ? "9000,p,1,1,x,1.0,1.0\n" + odd : std::string(); }));
        CHECK(layers::plan_vector_read(f, 2).parts() == 1);
    }
    // too small to be worth it
    CHECK(layers::plan_vector_read(write_csv("small.csv", table(3000)), 2).parts() == 1);
    // CRLF line ends are fine, and quotes after the cut too: two parts, same features
    std::string crlf;
    for (char c : table(60000, [](int i) { return i == 58000 ? std::string("58000,\"late\nquote\",1,1,x,5.0,5.0\n") : std::string(); })) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    const auto late = write_csv("late.csv", crlf);
    plan = layers::plan_vector_read(late, 2);
    CHECK(plan.parts() == 2);
    check_same(whole(late), in_parts(plan));
}

TEST_CASE("a large CSV scanned in two parts names the first bad row of the whole file", "[unit][layers]") {
    const auto row_line = [](int i, const char* lon) { return fmt::format("{},p,1,1,x,{},1.0\n", i, lon); };
    // record 45000 is row 45001 (the header is row 1), in the second half
    const auto late = write_csv("late_bad.csv", table(60000, [&](int i) { return i == 45000 ? row_line(i, "abc") : std::string(); }));
    CHECK_THROWS_WITH(layers::plan_vector_read(late, 2), Catch::Contains("late_bad.csv:45001: field 'lon': 'abc' is not a number"));
    CHECK_THROWS_WITH(layers::plan_vector_read(late, 1), Catch::Contains("late_bad.csv:45001: field 'lon': 'abc' is not a number"));
    // one in each half: the first half's
    const auto both = write_csv("both_bad.csv", table(60000, [&](int i) {
        return i == 45000 ? row_line(i, "abc") : i == 7000 ? row_line(i, "200.5") : std::string();
    }));
    CHECK_THROWS_WITH(layers::plan_vector_read(both, 2), Catch::Contains("both_bad.csv:7001: field 'lon': longitude 200.5 is out of range"));
}
