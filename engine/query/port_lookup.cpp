#include "engine/query/port_lookup.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/query/catalog_file.hpp"

#include <algorithm>
#include <cctype>

namespace harbormap::query {

std::string to_string(lookup_status s) {
    switch (s) {
    case lookup_status::ok: return "ok";
    case lookup_status::not_found: return "port_not_found";
    case lookup_status::ambiguous: return "ambiguous_port";
    }
    return "unknown";
}

port_catalog::port_catalog(feature_layer ports) : m_ports(std::move(ports)) {
    m_name_keys.reserve(m_ports.features.size());
    for (const auto& f : m_ports.features) {
        std::vector<std::string> keys = {normalise_name(f.text("name"))};
        for (const char* field : {"alt_name", "other_names"})
            for (const auto& n : split_list(f.text(field))) keys.push_back(normalise_name(n));
        m_name_keys.push_back(std::move(keys));
    }
}

port_catalog port_catalog::load(const std::filesystem::path& gpkg) {
    // The binary catalog written beside the GeoPackage by `harbormap build` (no GDAL on the query path).
    return port_catalog(catalog_file::open(catalog_path(gpkg.parent_path())).layer("ports"));
}

port_ref port_catalog::ref(std::size_t i) const {
    const feature& f = m_ports.features.at(i);
    port_ref r;
    r.index = i;
    r.port_id = f.text("port_id");
    r.name = f.text("name");
    r.country_iso2 = f.text("country_iso2");
    r.unlocode = f.text("unlocode");
    if (const value* v = f.find("wpi_number"))
        if (auto n = std::get_if<std::int64_t>(v)) r.wpi_number = *n;
    if (!f.geom.points.empty()) r.pos = f.geom.points.front();
    return r;
}

lookup_result port_catalog::resolve(const std::string& raw) const {
    lookup_result res;
    const std::string text = trim(raw);
    if (text.empty()) {
        res.message = "empty port argument";
        return res;
    }
    if (auto p = parse_lon_lat(text)) {
        if (auto why = check_lon_lat(p->lon, p->lat)) {
            res.message = "'" + text + "': " + *why;
            return res;
        }
        res.status = lookup_status::ok;
        res.point = *p;
        return res;
    }
    auto finish = [&](std::vector<std::size_t> hits, const std::string& what) {
        if (hits.size() == 1) {
            res.status = lookup_status::ok;
            res.port = ref(hits[0]);
        } else {
            res.status = lookup_status::ambiguous;
            for (auto h : hits) res.candidates.push_back(ref(h));
            res.message = "'" + text + "' matches " + std::to_string(hits.size()) + " ports by " + what +
                          ": use a UN/LOCODE, a WPI number or a port id";
        }
        return res;
    };
    const auto& fs = m_ports.features;
    // port id
    for (std::size_t i = 0; i < fs.size(); ++i)
        if (fs[i].text("port_id") == text) return finish({i}, "id");
    // WPI number
    if (std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
        std::vector<std::size_t> hits;
        for (std::size_t i = 0; i < fs.size(); ++i)
            if (fs[i].text("wpi_number") == text) hits.push_back(i);
        if (!hits.empty()) return finish(hits, "WPI number");
        res.message = "no port with WPI number " + text;
        return res;
    }
    // UN/LOCODE
    if (auto code = normalise_locode(text)) {
        std::vector<std::size_t> hits;
        for (std::size_t i = 0; i < fs.size(); ++i)
            if (fs[i].text("unlocode") == *code) hits.push_back(i);
        if (!hits.empty()) return finish(hits, "UN/LOCODE");
    }
    // name
    const std::string key = normalise_name(text);
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < fs.size(); ++i)
        if (std::find(m_name_keys[i].begin(), m_name_keys[i].end(), key) != m_name_keys[i].end()) hits.push_back(i);
    if (!hits.empty()) return finish(hits, "name");
    // suggestions
    std::vector<std::string> names;
    for (const auto& k : m_name_keys) names.push_back(k.front());
    auto sugg = suggest(key, names, 5);
    for (const auto& s : sugg)
        for (std::size_t i = 0; i < fs.size(); ++i)
            if (names[i] == s) {
                res.candidates.push_back(ref(i));
                break;
            }
    res.message = "no port matches '" + text + "'";
    if (!res.candidates.empty()) {
        std::vector<std::string> c;
        for (const auto& r : res.candidates) c.push_back(r.name + " (" + (r.unlocode.empty() ? r.port_id : r.unlocode) + ")");
        res.message += "; did you mean " + join(c, ", ") + "?";
    }
    return res;
}

} // namespace harbormap::query
