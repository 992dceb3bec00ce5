#pragma once
// Plain geometry and feature types shared by every module (layers produce them; fusion, routing, tiles
// and render consume them).  Longitude first.  Boost.Geometry registration lives in boost_geometry.hpp.
#include "engine/core/lon_lat.hpp"

#include <cstdint>
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
    std::string text(const std::string& key) const {
        const value* v = find(key);
        return v ? value_to_string(*v) : std::string();
    }
    // A yes/no attribute: true for boolean true or a non-zero integer; false when absent.
    bool flag(const std::string& key) const {
        const value* v = find(key);
        if (!v) return false;
        if (auto b = std::get_if<bool>(v)) return *b;
        if (auto i = std::get_if<std::int64_t>(v)) return *i != 0;
        return false;
    }
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
