#include "engine/core/atomic_file.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <catch2/catch.hpp>
#include <filesystem>

using namespace harbormap;
namespace fs = std::filesystem;

namespace {
fs::path scratch() {
    static const fs::path d = [] {
        auto p = fs::temp_directory_path() / ("harbormap-layers-" + std::to_string(::getpid()));
        fs::remove_all(p);
        fs::create_directories(p);
        return p;
    }();
    return d;
}
fs::path write(const std::string& name, const std::string& content) {
    auto p = scratch() / name;
    write_file_atomic(p, content);
    return p;
}
const char* port_mapping = R"({
  "source": "mini", "path": "mini.csv",
  "geometry": {"kind": "lon_lat", "lon": "lon", "lat": "lat"},
  "key": "id",
  "fields": [
    {"name": "id", "type": "integer", "required": true},
    {"name": "name", "required": true},
    {"name": "size", "values": ["", "Large", "Small"]},
    {"name": "stake", "type": "real", "min": 0, "max": 100}
  ]})";
std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}
} // namespace

TEST_CASE("mapping files: unknown keys and types are errors that name the mapping", "[unit][layers]") {
    auto m = write("bad1.json", R"({"source": "x", "path": "x.csv", "fields": [], "colums": []})");
    CHECK(message_of([&] { layers::load_mapping(m); }) == m.string() + ": field 'colums': unknown mapping key");
    m = write("bad2.json", R"({"source": "x", "path": "x.csv", "fields": [{"name": "a", "type": "float64"}]})");
    CHECK(message_of([&] { layers::load_mapping(m); }).find("field 'fields[0].type': unknown type 'float64'") != std::string::npos);
    m = write("bad3.json", R"({"source": "x", "path": "x.csv", "key": "nope", "fields": [{"name": "a"}]})");
    CHECK(message_of([&] { layers::load_mapping(m); }).find("key 'nope' is not a declared field") != std::string::npos);
    m = write("bad4.json", "{not json");
    CHECK(message_of([&] { layers::load_mapping(m); }).find("not valid JSON") != std::string::npos);
}

TEST_CASE("mapping files: a value of the wrong JSON type names the key (found by fuzzing)", "[unit][layers]") {
    auto m = write("type1.json", R"({"source": "x", "path": "x.csv", "fields": [{"name": "a", "required": 1}]})");
    CHECK(message_of([&] { layers::load_mapping(m); }) == m.string() + ": field 'fields[0].required': must be true or false");
    m = write("type2.json", R"({"source": "x", "path": "x.csv", "fields": [{"name": "a", "values": ["A", 2]}]})");
    CHECK(message_of([&] { layers::load_mapping(m); }) == m.string() + ": field 'fields[0].values[1]': must be a string");
    m = write("type3.json", R"({"source": "x", "path": "x.csv", "fields": [{"name": "a", "type": "real", "max": "9"}]})");
    CHECK(message_of([&] { layers::load_mapping(m); }) == m.string() + ": field 'fields[0].max': must be a number");
    m = write("type4.json", R"({"source": "x", "path": "x.csv", "geometry": {"kind": "lon_lat", "lon": "x", "lat": "y",
        "required": "yes"}, "fields": [{"name": "a"}]})");
    CHECK(message_of([&] { layers::load_mapping(m); }) == m.string() + ": field 'geometry.required': must be true or false");
}

TEST_CASE("CSV through a mapping: BOM, CRLF and quoted commas are fine", "[unit][layers]") {
    const auto map = layers::load_mapping(write("mini.json", port_mapping));
    write("mini.csv", "\xEF\xBB\xBFid,name,size,stake,lon,lat\r\n1,\"Piraeus, Pier II\",Large,67,23.65,37.93\r\n2,Colombo,,,79.85,6.95\r\n");
    const auto t = layers::read_source(map, scratch());
    REQUIRE(t.layer.features.size() == 2);
    CHECK(t.layer.features[0].text("name") == "Piraeus, Pier II");
    CHECK(t.layer.features[0].geom.points.front().lon == Approx(23.65));
    CHECK(t.layer.features[1].text("stake").empty());
    CHECK(t.layer.features[1].row == 3);
}

TEST_CASE("CSV through a mapping: every bad record is reported with row and field", "[unit][layers]") {
    const auto map = layers::load_mapping(write("mini.json", port_mapping));
    write("mini.csv", "id,name,size,stake,lon,lat\n"
                      "1,A,Huge,10,1,2\n"        // row 2: not an allowed value
                      "2,B,,101,1,2\n"           // row 3: out of range
                      "3,C,,,nan,2\n"            // row 4: NaN
                      "4,D,,,10,95\n"            // row 5: swapped
                      "5,E,,,1,2\n"              // row 6: fine
                      "5,F,,,1,2\n"              // row 7: duplicate id
                      "6,,,,1,2\n"               // row 8: required empty
                      "7,G\xff,,,1,2\n");        // row 9: not UTF-8
    const std::string msg = message_of([&] { layers::read_source(map, scratch()); });
    const std::string f = (scratch() / "mini.csv").string();
    CHECK(msg.find(f + ":2: field 'size': 'Huge' is not one of: , Large, Small") != std::string::npos);
    CHECK(msg.find(f + ":3: field 'stake': 101 is out of range [0, 100]") != std::string::npos);
    CHECK(msg.find(f + ":4: field 'lon': coordinate is not a finite number") != std::string::npos);
    CHECK(msg.find(f + ":5: field 'lat': latitude 95 is out of range [-90, 90]; longitude and latitude look swapped") != std::string::npos);
    CHECK(msg.find(f + ":7: field 'id': duplicate id '5' (first at row 6)") != std::string::npos);
    CHECK(msg.find(f + ":8: field 'name': required value is empty") != std::string::npos);
    CHECK(msg.find(f + ":9: field 'name': text is not valid UTF-8") != std::string::npos);
    CHECK(msg.find("(7 errors)") != std::string::npos);
}

TEST_CASE("semicolon CSV is read (GDAL detects it); an unknown delimiter gets a hint", "[unit][layers]") {
    const auto map = layers::load_mapping(write("mini.json", port_mapping));
    write("mini.csv", "id;name;size;stake;lon;lat\n1;A;;;1;2\n");
    CHECK(layers::read_source(map, scratch()).layer.features.size() == 1);
    write("mini.csv", "id|name|size|stake|lon|lat\n1|A|||1|2\n");
    CHECK(message_of([&] { layers::read_source(map, scratch()); }).find("is the delimiter '|'?") != std::string::npos);
}

TEST_CASE("GeoJSON lines through a native-geometry mapping", "[unit][layers]") {
    const auto map = layers::load_mapping(write("lines.json", R"({"source": "l", "path": "l.geojson",
        "geometry": {"kind": "native", "type": "line"}, "fields": [{"name": "passage"}]})"));
    write("l.geojson", R"({"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"passage":"bering"},"geometry":{"type":"LineString","coordinates":[[187.69,64.03],[180,62.1]]}},
        {"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3]]]}}]})");
    const auto t = layers::read_source(map, scratch());
    REQUIRE(t.layer.features.size() == 2);
    CHECK(t.layer.features[0].text("passage") == "bering");
    CHECK(t.layer.features[0].geom.lines[0][0].lon == Approx(187.69)); // kept as given; routing wraps
    CHECK(t.layer.features[1].geom.lines.size() == 2);
    write("l.geojson", R"({"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]})");
    CHECK(message_of([&] { layers::read_source(map, scratch()); }).find(":1: field 'geometry': geometry is a point, expected a line") != std::string::npos);
}
