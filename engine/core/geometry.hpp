#pragma once
// Plain geometry and feature types shared by every module (layers produce them; fusion, routing, tiles
// and render consume them).  Longitude first.  Boost.Geometry registration lives in boost_geometry.hpp.
#include "engine/core/lon_lat.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace harbormap {

using line_string = std::vector<lon_lat>;
using ring = std::vector<lon_lat>;

struct polygon {
    std::vector<ring> rings; // rings[0] is the exterior; the rest are holes
};

enum class geometry_type { none, point, line, polygon };

// A (multi-)geometry of one type: points, lines or polygons.
struct geometry {
    geometry_type type = geometry_type::none;
    std::vector<lon_lat> points;
    std::vector<line_string> lines;
    std::vector<polygon> polygons;

    static geometry make_point(lon_lat p) {
        geometry g;
        g.type = geometry_type::point;
        g.points.push_back(p);
        return g;
    }
    bool empty() const { return points.empty() && lines.empty() && polygons.empty(); }
    bbox bounds() const;
};

// A property value: null, bool, integer, real or text.
using value = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

std::string value_to_string(const value& v); // "" for null; reals with up to 15 significant digits
// One value read as feature::flag, integer and number read it (for cells read without a feature).
bool flag_of(const value& v);
std::int64_t integer_of(const value& v, std::int64_t fallback = 0);
std::optional<double> number_of(const value& v);

// Splits a lon/lat line at the antimeridian: longitudes are wrapped into [-180, 180], a step of more
// than 180 degrees is taken as a crossing, cut at +-180 with the latitude interpolated; parts with
// fewer than two points are dropped.
std::vector<line_string> split_at_antimeridian(const line_string& line);

// "Point", "LineString", "Polygon" (the GeoJSON / MVT names), "Unknown" for none.
const char* geojson_type_name(geometry_type t);

struct feature {
    std::int64_t id = 0;      // stable id within its layer
    std::int64_t row = 0;     // record number in the source (header = row 1 for CSV), for messages
    geometry geom;
    std::vector<std::pair<std::string, value>> properties;

    const value* find(const std::string& key) const {
        for (const auto& [k, v] : properties)
            if (k == key) return &v;
        return nullptr;
    }
    // The same, looking first at position `hint` (a writer walking a schema in the order the properties
    // were set finds every field at once instead of scanning: linear, not quadratic, in the field count).
    const value* find(const std::string& key, std::size_t hint) const {
        return hint < properties.size() && properties[hint].first == key ? &properties[hint].second : find(key);
    }
    std::string text(const std::string& key) const {
        const value* v = find(key);
        return v ? value_to_string(*v) : std::string();
    }
    // The one set of typed accessors (every module reads attributes through these):
    // flag: a yes/no attribute: boolean true, a non-zero number, or the text 1/true/yes (any case);
    //       false when absent or null.
    bool flag(const std::string& key) const;
    // integer: integers as they are, reals truncated, booleans 0/1, integer text parsed; else `fallback`.
    std::int64_t integer(const std::string& key, std::int64_t fallback = 0) const;
    // number: integers and reals as double, numeric text parsed; nullopt when absent, null or not a number.
    std::optional<double> number(const std::string& key) const;
};

enum class field_type { text, integer, real, boolean };

struct field_def {
    std::string name;
    field_type type = field_type::text;
};

// A named collection of features with a declared schema (order of fields is the output order).
struct feature_layer {
    std::string name;
    geometry_type geom_type = geometry_type::point;
    std::vector<field_def> fields;
    std::vector<feature> features;
};

} // namespace harbormap
