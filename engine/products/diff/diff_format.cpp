// Text, JSON and GeoJSON of a footprint diff.
#include "engine/core/text.hpp"
#include "engine/products/diff/diff.hpp"

#include <array>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace harbormap::products {
namespace {

using json = nlohmann::json;

std::string side(const snapshot& s) {
    std::size_t files = 0;
    for (const auto& [k, v] : s.info.entries) files += k.rfind("file:", 0) == 0;
    return fmt::format("{} (built {}, schema {}, {} data files)", s.label, s.info.build_date(), s.info.schema_version(), files);
}

json value_json(const value& v) {
    if (auto b = std::get_if<bool>(&v)) return *b;
    if (auto i = std::get_if<std::int64_t>(&v)) return *i;
    if (auto d = std::get_if<double>(&v)) return *d;
    if (auto s = std::get_if<std::string>(&v)) return *s;
    return nullptr;
}

json row_json(const row_change& c) {
    json j = {{"layer", c.layer}, {"id", c.id}, {"label", c.label}};
    if (!c.fields.empty()) {
        json f = json::object();
        for (const auto& fc : c.fields) f[fc.field] = {{"before", fc.before}, {"after", fc.after}};
        j["changes"] = f;
    }
    return j;
}

json geometry_json(const feature* f) {
    if (!f || f->geom.points.empty()) return nullptr;
    return {{"type", "Point"}, {"coordinates", {f->geom.points.front().lon, f->geom.points.front().lat}}};
}

} // namespace

std::string diff_text(const footprint_diff& d) {
    std::string o = "comparing " + side(*d.before) + "\n     with " + side(*d.after) + "\n";
    if (!d.files_changed.empty()) o += "data files changed: " + join(d.files_changed, ", ") + "\n";
    if (!d.files_added.empty()) o += "data files added: " + join(d.files_added, ", ") + "\n";
    if (!d.files_removed.empty()) o += "data files removed: " + join(d.files_removed, ", ") + "\n";
    std::map<std::string, std::array<std::size_t, 3>> counts;
    for (const auto& c : d.added) counts[c.layer][0]++;
    for (const auto& c : d.removed) counts[c.layer][1]++;
    for (const auto& c : d.changed) counts[c.layer][2]++;
    if (d.empty()) o += "no changes\n";
    for (const auto& [layer, n] : counts) {
        o += fmt::format("{}: {} added, {} removed, {} changed\n", layer, n[0], n[1], n[2]);
        for (const auto& c : d.added)
            if (c.layer == layer) o += fmt::format("  + {}  {}\n", c.id, c.label);
        for (const auto& c : d.removed)
            if (c.layer == layer) o += fmt::format("  - {}  {}\n", c.id, c.label);
        for (const auto& c : d.changed)
            if (c.layer == layer) {
                std::vector<std::string> parts;
                for (const auto& f : c.fields) parts.push_back(fmt::format("{}: '{}' -> '{}'", f.field, f.before, f.after));
                o += fmt::format("  ~ {}  {}: {}\n", c.id, c.label, join(parts, "; "));
            }
    }
    for (const auto& [field, label] : port_classes()) {
        std::vector<std::string> in, out;
        for (const auto& c : d.classes)
            if (c.cls == label) (c.entered ? in : out).push_back(c.name + " (" + c.port_id + ")");
        if (!in.empty()) o += fmt::format("ports entering {}: {}\n", label, join(in, ", "));
        if (!out.empty()) o += fmt::format("ports leaving {}: {}\n", label, join(out, ", "));
    }
    return o;
}

std::string diff_json(const footprint_diff& d) {
    json j;
    auto side_json = [](const snapshot& s) {
        json m = json::object();
        for (const auto& [k, v] : s.info.entries) m[k] = v;
        return json{{"path", s.label}, {"manifest", m}};
    };
    j["before"] = side_json(*d.before);
    j["after"] = side_json(*d.after);
    j["files"] = {{"changed", d.files_changed}, {"added", d.files_added}, {"removed", d.files_removed}};
    for (const char* k : {"added", "removed", "changed"}) j[k] = json::array();
    for (const auto& c : d.added) j["added"].push_back(row_json(c));
    for (const auto& c : d.removed) j["removed"].push_back(row_json(c));
    for (const auto& c : d.changed) j["changed"].push_back(row_json(c));
    j["classes"] = json::array();
    for (const auto& c : d.classes)
        j["classes"].push_back({{"port_id", c.port_id}, {"name", c.name}, {"class", c.cls}, {"change", c.entered ? "entered" : "left"}});
    return j.dump(2) + "\n";
}

std::string diff_geojson(const footprint_diff& d) {
    json fc = {{"type", "FeatureCollection"}, {"features", json::array()}};
    auto add = [&](const row_change& c, const char* kind) {
        json p = row_json(c);
        p["change"] = kind;
        if (c.row)
            for (const auto& [k, v] : c.row->properties) p["row"][k] = value_json(v);
        fc["features"].push_back({{"type", "Feature"}, {"geometry", geometry_json(c.row)}, {"properties", p}});
    };
    for (const auto& c : d.added) add(c, "added");
    for (const auto& c : d.removed) add(c, "removed");
    for (const auto& c : d.changed) add(c, "changed");
    for (const auto& c : d.classes)
        fc["features"].push_back({{"type", "Feature"},
                                  {"geometry", geometry_json(c.port)},
                                  {"properties", {{"layer", "ports"}, {"id", c.port_id}, {"label", c.name}, {"class", c.cls},
                                                  {"change", c.entered ? "entered" : "left"}}}});
    return fc.dump() + "\n";
}

} // namespace harbormap::products
