#include "engine/core/geometry.hpp"

#include <fmt/format.h>

namespace harbormap {

bbox geometry::bounds() const {
    bbox b;
    for (const auto& p : points) b.expand(p);
    for (const auto& l : lines)
        for (const auto& p : l) b.expand(p);
    for (const auto& poly : polygons)
        if (!poly.rings.empty())
            for (const auto& p : poly.rings[0]) b.expand(p);
    return b;
}

const char* geojson_type_name(geometry_type t) {
    switch (t) {
    case geometry_type::point: return "Point";
    case geometry_type::line: return "LineString";
    case geometry_type::polygon: return "Polygon";
    default: return "Unknown";
    }
}

std::string value_to_string(const value& v) {
    struct visitor {
        std::string operator()(std::monostate) const { return {}; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return fmt::format("{}", d); }
        std::string operator()(const std::string& s) const { return s; }
    };
    return std::visit(visitor{}, v);
}

} // namespace harbormap
