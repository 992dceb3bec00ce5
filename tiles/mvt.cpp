#include "tiles/mvt.hpp"
#include "engine/core/text.hpp"

#include <protozero/pbf_reader.hpp>
#include <protozero/pbf_writer.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <map>
#include <sstream>
#include <stdexcept>

namespace harbormap::tiles {
namespace {

enum : std::uint32_t { cmd_move_to = 1, cmd_line_to = 2, cmd_close_path = 7 };
std::uint32_t command(std::uint32_t id, std::uint32_t count) { return (id & 0x7u) | (count << 3); }
std::uint32_t zigzag(std::int32_t v) {
    return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}
std::int32_t unzigzag(std::uint32_t v) { return static_cast<std::int32_t>((v >> 1) ^ (~(v & 1) + 1)); }

} // namespace

std::int64_t ring_area2(const std::vector<ipoint>& ring) {
    std::int64_t a = 0;
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        const ipoint& p = ring[i];
        const ipoint& q = ring[(i + 1) % n];
        a += static_cast<std::int64_t>(p.x) * q.y - static_cast<std::int64_t>(q.x) * p.y;
    }
    return a;
}

layer_builder::layer_builder(std::string name, std::uint32_t extent) : m_name(std::move(name)), m_extent(extent) {}

std::uint32_t layer_builder::key_index(const std::string& key) {
    auto [it, inserted] = m_key_index.try_emplace(key, static_cast<std::uint32_t>(m_keys.size()));
    if (inserted) m_keys.push_back(key);
    return it->second;
}

std::uint32_t layer_builder::value_index(const value& v) {
    std::string buf;
    protozero::pbf_writer w(buf);
    if (const auto* s = std::get_if<std::string>(&v)) w.add_string(1, *s);
    else if (const auto* d = std::get_if<double>(&v)) w.add_double(3, *d);
    else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        if (*i < 0) w.add_sint64(6, *i);
        else w.add_uint64(5, static_cast<std::uint64_t>(*i));
    } else if (const auto* b = std::get_if<bool>(&v)) w.add_bool(7, *b);
    auto [it, inserted] = m_value_index.try_emplace(buf, static_cast<std::uint32_t>(m_values.size()));
    if (inserted) m_values.push_back(std::move(buf));
    return it->second;
}

void layer_builder::add_feature(std::optional<std::uint64_t> id, geometry_type type,
                                const std::vector<std::vector<ipoint>>& parts, const std::vector<prop_ref>& props) {
    std::vector<std::uint32_t> geom;
    std::int32_t cx = 0, cy = 0;
    auto push_point = [&](const ipoint& p) {
        geom.push_back(zigzag(p.x - cx));
        geom.push_back(zigzag(p.y - cy));
        cx = p.x;
        cy = p.y;
    };
    std::uint32_t gtype = 0;
    switch (type) {
    case geometry_type::point: {
        gtype = 1;
        std::size_t n = 0;
        for (const auto& part : parts) n += part.size();
        if (n == 0) throw std::invalid_argument("mvt: point feature without points in layer " + m_name);
        geom.push_back(command(cmd_move_to, static_cast<std::uint32_t>(n)));
        for (const auto& part : parts)
            for (const auto& p : part) push_point(p);
        break;
    }
    case geometry_type::line:
        gtype = 2;
        for (const auto& line : parts) {
            if (line.size() < 2) throw std::invalid_argument("mvt: line with fewer than 2 points in layer " + m_name);
            geom.push_back(command(cmd_move_to, 1));
            push_point(line[0]);
            geom.push_back(command(cmd_line_to, static_cast<std::uint32_t>(line.size() - 1)));
            for (std::size_t i = 1; i < line.size(); ++i) push_point(line[i]);
        }
        break;
    case geometry_type::polygon: {
        gtype = 3;
        bool first = true;
        for (const auto& r : parts) {
            if (r.size() < 3) throw std::invalid_argument("mvt: ring with fewer than 3 points in layer " + m_name);
            const std::int64_t a = ring_area2(r);
            if (a == 0) throw std::invalid_argument("mvt: ring with zero area in layer " + m_name);
            if (first && a < 0)
                throw std::invalid_argument("mvt: first ring of a polygon must be exterior (clockwise) in layer " + m_name);
            first = false;
            geom.push_back(command(cmd_move_to, 1));
            push_point(r[0]);
            geom.push_back(command(cmd_line_to, static_cast<std::uint32_t>(r.size() - 1)));
            for (std::size_t i = 1; i < r.size(); ++i) push_point(r[i]);
            geom.push_back(command(cmd_close_path, 1));
        }
        break;
    }
    default: throw std::invalid_argument("mvt: feature without geometry type in layer " + m_name);
    }
    if (geom.empty()) throw std::invalid_argument("mvt: empty geometry in layer " + m_name);

    std::vector<std::uint32_t> tags;
    tags.reserve(props.size() * 2);
    for (const auto& p : props) {
        if (std::holds_alternative<std::monostate>(*p.val)) continue;
        tags.push_back(key_index(*p.key));
        tags.push_back(value_index(*p.val));
    }
    std::string buf;
    protozero::pbf_writer f(buf);
    if (id) f.add_uint64(1, *id);
    if (!tags.empty()) f.add_packed_uint32(2, tags.begin(), tags.end());
    f.add_enum(3, static_cast<std::int32_t>(gtype));
    f.add_packed_uint32(4, geom.begin(), geom.end());
    m_features.push_back(std::move(buf));
}

std::string layer_builder::encode() const {
    std::string buf;
    protozero::pbf_writer l(buf);
    l.add_uint32(15, 2);
    l.add_string(1, m_name);
    for (const auto& f : m_features) l.add_message(2, f);
    for (const auto& k : m_keys) l.add_string(3, k);
    for (const auto& v : m_values) l.add_message(4, v);
    l.add_uint32(5, m_extent);
    return buf;
}

std::string encode_tile(const std::vector<layer_builder>& layers) {
    std::string buf;
    protozero::pbf_writer t(buf);
    for (const auto& l : layers)
        if (!l.empty()) t.add_message(3, l.encode());
    return buf;
}

// ---- decoding -------------------------------------------------------------------------------

namespace {

value decode_value(protozero::pbf_reader v) {
    value out;
    while (v.next()) {
        switch (v.tag()) {
        case 1: out = std::string(v.get_view()); break;
        case 2: out = static_cast<double>(v.get_float()); break;
        case 3: out = v.get_double(); break;
        case 4: out = v.get_int64(); break;
        case 5: out = static_cast<std::int64_t>(v.get_uint64()); break;
        case 6: out = v.get_sint64(); break;
        case 7: out = v.get_bool(); break;
        default: v.skip();
        }
    }
    return out;
}

std::vector<std::vector<ipoint>> decode_geometry(geometry_type type, const std::vector<std::uint32_t>& g,
                                                 const std::string& where) {
    std::vector<std::vector<ipoint>> parts;
    std::int32_t cx = 0, cy = 0;
    std::size_t i = 0;
    auto fail = [&](const std::string& why) { throw std::runtime_error(where + ": " + why); };
    while (i < g.size()) {
        const std::uint32_t id = g[i] & 0x7u;
        const std::uint32_t count = g[i] >> 3;
        ++i;
        if (id == cmd_move_to || id == cmd_line_to) {
            if (count == 0) fail("command with count 0");
            if (i + 2ull * count > g.size()) fail("geometry truncated");
            if (id == cmd_move_to) {
                if (type == geometry_type::point) {
                    if (!parts.empty()) fail("more than one MoveTo in a point geometry");
                    parts.emplace_back();
                } else if (count != 1) {
                    fail("MoveTo with count != 1 in a line/polygon");
                }
            } else if (parts.empty()) {
                fail("LineTo before MoveTo");
            }
            for (std::uint32_t k = 0; k < count; ++k) {
                // The cursor must stay a 32-bit coordinate (a crafted tile could overflow it: UB).
                const std::int64_t nx = std::int64_t{cx} + unzigzag(g[i++]), ny = std::int64_t{cy} + unzigzag(g[i++]);
                if (nx < INT32_MIN || nx > INT32_MAX || ny < INT32_MIN || ny > INT32_MAX) fail("coordinate out of 32-bit range");
                cx = static_cast<std::int32_t>(nx);
                cy = static_cast<std::int32_t>(ny);
                if (id == cmd_move_to && type != geometry_type::point) parts.emplace_back();
                parts.back().push_back({cx, cy});
            }
        } else if (id == cmd_close_path) {
            if (type != geometry_type::polygon) fail("ClosePath outside a polygon");
            if (parts.empty() || parts.back().size() < 3) fail("ClosePath on a ring with fewer than 3 points");
        } else {
            fail("unknown command " + std::to_string(id));
        }
    }
    if (parts.empty()) fail("empty geometry");
    if (type == geometry_type::line)
        for (const auto& p : parts)
            if (p.size() < 2) fail("line with fewer than 2 points");
    return parts;
}

decoded_layer decode_layer(protozero::pbf_reader l) {
    decoded_layer out;
    std::vector<std::string> keys;
    std::vector<value> values;
    struct raw_feature {
        std::optional<std::uint64_t> id;
        std::vector<std::uint32_t> tags, geom;
        std::uint32_t type = 0;
    };
    std::vector<raw_feature> raw;
    while (l.next()) {
        switch (l.tag()) {
        case 15: out.version = l.get_uint32(); break;
        // Strings must be UTF-8 (MVT 2.1, 4.1); checked here so that printing never fails later.
        case 1:
            out.name = std::string(l.get_view());
            if (!is_valid_utf8(out.name)) throw std::runtime_error("layer name is not valid UTF-8");
            break;
        case 3:
            keys.emplace_back(l.get_view());
            if (!is_valid_utf8(keys.back()))
                throw std::runtime_error("layer '" + out.name + "': key " + std::to_string(keys.size() - 1) + " is not valid UTF-8");
            break;
        case 4:
            values.push_back(decode_value(l.get_message()));
            if (const auto* sv = std::get_if<std::string>(&values.back()); sv && !is_valid_utf8(*sv))
                throw std::runtime_error("layer '" + out.name + "': value " + std::to_string(values.size() - 1) + " is not valid UTF-8");
            break;
        case 5: out.extent = l.get_uint32(); break;
        case 2: {
            raw_feature rf;
            protozero::pbf_reader f = l.get_message();
            while (f.next()) {
                switch (f.tag()) {
                case 1: rf.id = f.get_uint64(); break;
                case 2: {
                    auto r = f.get_packed_uint32();
                    rf.tags.assign(r.begin(), r.end());
                    break;
                }
                case 3: rf.type = static_cast<std::uint32_t>(f.get_enum()); break;
                case 4: {
                    auto r = f.get_packed_uint32();
                    rf.geom.assign(r.begin(), r.end());
                    break;
                }
                default: f.skip();
                }
            }
            raw.push_back(std::move(rf));
            break;
        }
        default: l.skip();
        }
    }
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto& rf = raw[i];
        const std::string where = "layer '" + out.name + "' feature " + std::to_string(i);
        decoded_feature f;
        f.id = rf.id;
        if (rf.type < 1 || rf.type > 3) throw std::runtime_error(where + ": unknown geometry type");
        f.type = rf.type == 1 ? geometry_type::point : rf.type == 2 ? geometry_type::line : geometry_type::polygon;
        f.parts = decode_geometry(f.type, rf.geom, where);
        if (rf.tags.size() % 2) throw std::runtime_error(where + ": odd number of tags");
        for (std::size_t k = 0; k < rf.tags.size(); k += 2) {
            if (rf.tags[k] >= keys.size() || rf.tags[k + 1] >= values.size())
                throw std::runtime_error(where + ": tag index out of range");
            f.properties.emplace_back(keys[rf.tags[k]], values[rf.tags[k + 1]]);
        }
        out.features.push_back(std::move(f));
    }
    return out;
}

nlohmann::json value_json(const value& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    if (const auto* b = std::get_if<bool>(&v)) return *b;
    return nullptr;
}

} // namespace

decoded_tile decode_tile(std::string_view data) {
    decoded_tile t;
    try {
        protozero::pbf_reader r(data.data(), data.size());
        while (r.next()) {
            if (r.tag() == 3) t.layers.push_back(decode_layer(r.get_message()));
            else r.skip();
        }
    } catch (const protozero::exception& e) {
        throw std::runtime_error(std::string("malformed vector tile: ") + e.what());
    }
    return t;
}

std::string to_canonical_json(const decoded_tile& t) {
    std::ostringstream out;
    out << "{\"layers\":[\n";
    for (std::size_t li = 0; li < t.layers.size(); ++li) {
        const auto& l = t.layers[li];
        out << "{\"name\":" << nlohmann::json(l.name).dump() << ",\"version\":" << l.version
            << ",\"extent\":" << l.extent << ",\"features\":[\n";
        for (std::size_t fi = 0; fi < l.features.size(); ++fi) {
            const auto& f = l.features[fi];
            nlohmann::json j; // std::map-backed: keys sorted
            j["id"] = f.id ? nlohmann::json(*f.id) : nlohmann::json(nullptr);
            j["type"] = geojson_type_name(f.type);
            nlohmann::json props = nlohmann::json::object();
            for (const auto& [k, v] : f.properties) props[k] = value_json(v);
            j["properties"] = props;
            nlohmann::json parts = nlohmann::json::array();
            for (const auto& part : f.parts) {
                nlohmann::json pj = nlohmann::json::array();
                for (const auto& p : part) pj.push_back({p.x, p.y});
                parts.push_back(pj);
            }
            j["geometry"] = parts;
            out << j.dump() << (fi + 1 < l.features.size() ? ",\n" : "\n");
        }
        out << "]}" << (li + 1 < t.layers.size() ? ",\n" : "\n");
    }
    out << "]}\n";
    return out.str();
}

std::string to_text(const decoded_tile& t) {
    std::ostringstream out;
    for (const auto& l : t.layers) {
        std::map<std::string, std::size_t> types;
        for (const auto& f : l.features) ++types[geojson_type_name(f.type)];
        out << l.name << ": " << l.features.size() << " features (extent " << l.extent << ")";
        for (const auto& [k, n] : types) out << ", " << k << " " << n;
        out << "\n";
    }
    return out.str();
}

} // namespace harbormap::tiles
