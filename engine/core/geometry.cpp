#include "engine/core/geometry.hpp"

#include "engine/core/text.hpp"

#include <cmath>
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

bool feature::flag(const std::string& key) const {
    const value* v = find(key);
    return v && flag_of(*v);
}

std::int64_t feature::integer(const std::string& key, std::int64_t fallback) const {
    const value* v = find(key);
    return v ? integer_of(*v, fallback) : fallback;
}

std::optional<double> feature::number(const std::string& key) const {
    const value* v = find(key);
    return v ? number_of(*v) : std::nullopt;
}

bool flag_of(const value& val) {
    const value* v = &val;
    if (const auto* b = std::get_if<bool>(v)) return *b;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i != 0;
    if (const auto* d = std::get_if<double>(v)) return *d != 0;
    if (const auto* s = std::get_if<std::string>(v)) {
        const std::string t = to_lower(trim(*s));
        return t == "1" || t == "true" || t == "yes";
    }
    return false;
}

std::int64_t integer_of(const value& val, std::int64_t fallback) {
    const value* v = &val;
    if (const auto* i = std::get_if<std::int64_t>(v)) return *i;
    if (const auto* d = std::get_if<double>(v)) return static_cast<std::int64_t>(*d);
    if (const auto* b = std::get_if<bool>(v)) return *b ? 1 : 0;
    if (const auto* s = std::get_if<std::string>(v)) return parse_int(*s).value_or(fallback);
    return fallback;
}

std::optional<double> number_of(const value& val) {
    const value* v = &val;
    if (const auto* d = std::get_if<double>(v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
    if (const auto* s = std::get_if<std::string>(v)) return parse_double(*s);
    return std::nullopt;
}

std::vector<line_string> split_at_antimeridian(const line_string& line) {
    std::vector<line_string> out;
    line_string cur;
    auto wrapped = [](lon_lat p) {
        while (p.lon > 180) p.lon -= 360;
        while (p.lon < -180) p.lon += 360;
        return p;
    };
    for (const lon_lat raw : line) {
        const lon_lat p = wrapped(raw);
        if (!cur.empty()) {
            const lon_lat q = cur.back();
            const double d = p.lon - q.lon;
            if (std::abs(d) > 180) {
                // crossing: q -> edge, edge' -> p
                const double edge = q.lon > 0 ? 180 : -180;
                const double span = 360 - std::abs(d);
                const double t = span > 0 ? std::abs(edge - q.lon) / span : 0.5;
                const double lat = q.lat + (p.lat - q.lat) * t;
                cur.push_back({edge, lat});
                if (cur.size() >= 2) out.push_back(std::move(cur));
                cur.clear();
                cur.push_back({-edge, lat});
            }
        }
        cur.push_back(p);
    }
    if (cur.size() >= 2) out.push_back(std::move(cur));
    return out;
}

} // namespace harbormap
