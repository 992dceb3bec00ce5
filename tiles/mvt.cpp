#include "tiles/mvt.hpp"
#include "engine/core/text.hpp"

#include <protozero/pbf_reader.hpp>
#include <protozero/pbf_writer.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
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

// ---- decoding ----------------------------------------------------------------------------
// Checked against the MVT 2.1 spec and the mvt-fixtures suite: a broken MUST rule throws with the
// rule named; what the spec lets a decoder tolerate (unknown geometry or value types, unknown fields,
// zero-length segments, 32-bit coordinate overflow, a command count beyond the data) is decoded with
// a warning.

namespace {

using wire = protozero::pbf_wire_type;

[[noreturn]] void fail(const std::string& where, const std::string& why) { throw std::runtime_error(where + ": " + why); }

void expect_wire(const protozero::pbf_reader& r, wire w, const std::string& where, const char* field) {
    if (r.wire_type() != w)
        fail(where, std::string(field) + " has the wrong wire type (MVT 2.1 vector_tile.proto)");
}

// A Value message; nullopt (with a warning) when it holds no known type.
std::optional<value> decode_value(protozero::pbf_reader v, const std::string& where, std::vector<std::string>& warnings) {
    std::optional<value> out;
    int fields = 0;
    while (v.next()) {
        const auto t = v.tag();
        const wire want = t == 1 ? wire::length_delimited : t == 2 ? wire::fixed32 : t == 3 ? wire::fixed64 : wire::varint;
        if (t >= 1 && t <= 7) {
            expect_wire(v, want, where, ("value field " + std::to_string(t)).c_str());
            ++fields;
        }
        switch (t) {
        case 1: out = std::string(v.get_view()); break;
        case 2: out = static_cast<double>(v.get_float()); break;
        case 3: out = v.get_double(); break;
        case 4: out = v.get_int64(); break;
        case 5: out = static_cast<std::int64_t>(v.get_uint64()); break;
        case 6: out = v.get_sint64(); break;
        case 7: out = v.get_bool(); break;
        default:
            warnings.push_back(where + ": unknown value type (field " + std::to_string(t) + ") skipped");
            v.skip();
        }
    }
    if (fields > 1) fail(where, "value with more than one type (MVT 4.1: exactly one of the value fields)");
    return out;
}

struct geometry_reader {
    const std::vector<std::uint32_t>& g;
    geometry_type type;
    const std::string& where;
    std::vector<std::string>& warnings;

    std::vector<std::vector<ipoint>> run() {
        std::vector<std::vector<ipoint>> parts;
        std::int64_t cx = 0, cy = 0;
        bool ring_open = false, overflow = false;
        for (std::size_t i = 0; i < g.size();) {
            const std::uint32_t id = g[i] & 0x7u, count = g[i] >> 3;
            ++i;
            if (id == cmd_close_path) {
                if (type != geometry_type::polygon) fail(where, "ClosePath outside a polygon (MVT 4.3.4.3)");
                if (count != 1) fail(where, "ClosePath with count " + std::to_string(count) + " (MVT 4.3.3.3: count MUST be 1)");
                if (!ring_open || parts.back().size() < 3) fail(where, "ClosePath on a ring with fewer than 3 points (MVT 4.3.4.4)");
                ring_open = false;
                continue;
            }
            if (id != cmd_move_to && id != cmd_line_to) fail(where, "unknown command " + std::to_string(id) + " (MVT 4.3.3)");
            if (count == 0) fail(where, "command with count 0 (MVT 4.3.3: count MUST be at least 1)");
            if (id == cmd_move_to) {
                if (type == geometry_type::point && !parts.empty()) fail(where, "more than one MoveTo in a point geometry (MVT 4.3.4.2)");
                if (type != geometry_type::point && count != 1)
                    fail(where, "MoveTo with count " + std::to_string(count) + " in a line/polygon (MVT 4.3.4.3: count 1)");
                if (type == geometry_type::polygon && ring_open) fail(where, "ring without ClosePath (MVT 4.3.4.4)");
                if (type == geometry_type::point) parts.emplace_back();
            } else if (parts.empty() || (type == geometry_type::polygon && !ring_open)) {
                fail(where, "LineTo before MoveTo (MVT 4.3.4.3)");
            }
            std::uint32_t k = 0;
            for (; k < count && i + 1 < g.size(); ++k) {
                const std::int32_t dx = unzigzag(g[i++]), dy = unzigzag(g[i++]);
                if (id == cmd_line_to && dx == 0 && dy == 0)
                    warnings.push_back(where + ": LineTo of zero length (MVT 4.3.3.2: dX and dY MUST NOT both be 0)");
                cx += dx;
                cy += dy;
                // the cursor is a 32-bit coordinate: wrap like the reference decoders do, and say so
                if (cx < INT32_MIN || cx > INT32_MAX || cy < INT32_MIN || cy > INT32_MAX) {
                    overflow = true;
                    cx = static_cast<std::int32_t>(static_cast<std::uint32_t>(cx));
                    cy = static_cast<std::int32_t>(static_cast<std::uint32_t>(cy));
                }
                if (id == cmd_move_to && type != geometry_type::point) {
                    parts.emplace_back();
                    ring_open = type == geometry_type::polygon;
                }
                parts.back().push_back({static_cast<std::int32_t>(cx), static_cast<std::int32_t>(cy)});
            }
            if (k < count) {
                warnings.push_back(where + ": command count " + std::to_string(count) + " but " + std::to_string(k) +
                                   " coordinate pair(s) follow; the geometry ends there");
                if (i < g.size()) ++i; // a lone half pair
                break;
            }
        }
        if (overflow) warnings.push_back(where + ": coordinate beyond 32 bits, wrapped");
        if (type == geometry_type::polygon && ring_open) fail(where, "ring without ClosePath (MVT 4.3.4.4)");
        if (parts.empty() || parts.front().empty())
            fail(where, "no complete coordinate pair (MVT 4.3.3: a command is followed by count parameter pairs)");
        if (type == geometry_type::line)
            for (const auto& p : parts)
                if (p.size() < 2) fail(where, "line with fewer than 2 points (MVT 4.3.4.3)");
        return parts;
    }
};

struct raw_feature {
    std::optional<std::uint64_t> id;
    std::vector<std::uint32_t> tags, geom;
    std::uint32_t type = 0;
    int geometries = 0;
};

raw_feature read_feature(protozero::pbf_reader f, const std::string& where, std::vector<std::string>& warnings) {
    raw_feature rf;
    while (f.next()) {
        switch (f.tag()) {
        case 1:
            expect_wire(f, wire::varint, where, "feature id");
            rf.id = f.get_uint64();
            break;
        case 2: {
            expect_wire(f, wire::length_delimited, where, "feature tags");
            auto r = f.get_packed_uint32();
            rf.tags.assign(r.begin(), r.end());
            break;
        }
        case 3:
            expect_wire(f, wire::varint, where, "feature type");
            rf.type = static_cast<std::uint32_t>(f.get_enum());
            break;
        case 4: {
            expect_wire(f, wire::length_delimited, where, "feature geometry");
            auto r = f.get_packed_uint32();
            rf.geom.assign(r.begin(), r.end());
            ++rf.geometries;
            break;
        }
        default:
            warnings.push_back(where + ": unknown feature field " + std::to_string(f.tag()) + " skipped");
            f.skip();
        }
    }
    return rf;
}

decoded_layer decode_layer(protozero::pbf_reader l, std::size_t index, std::vector<std::string>& warnings) {
    decoded_layer out;
    std::vector<std::string> keys;
    std::vector<std::optional<value>> values;
    std::vector<protozero::data_view> features;
    bool has_name = false, has_version = false;
    const std::string at = "layer " + std::to_string(index);
    while (l.next()) {
        const std::string where = has_name ? "layer '" + out.name + "'" : at;
        switch (l.tag()) {
        case 15:
            expect_wire(l, wire::varint, where, "layer version");
            out.version = l.get_uint32();
            has_version = true;
            break;
        // Strings must be UTF-8 (MVT 2.1, 4.1); checked here so that printing never fails later.
        case 1:
            expect_wire(l, wire::length_delimited, where, "layer name");
            out.name = std::string(l.get_view());
            has_name = true;
            if (!is_valid_utf8(out.name)) fail(at, "layer name is not valid UTF-8 (MVT 4.1)");
            break;
        case 3:
            expect_wire(l, wire::length_delimited, where, "layer key");
            keys.emplace_back(l.get_view());
            if (!is_valid_utf8(keys.back())) fail(where, "key " + std::to_string(keys.size() - 1) + " is not valid UTF-8 (MVT 4.1)");
            break;
        case 4: {
            expect_wire(l, wire::length_delimited, where, "layer value");
            const std::string vw = where + " value " + std::to_string(values.size());
            values.push_back(decode_value(l.get_message(), vw, warnings));
            if (const auto* sv = values.back() ? std::get_if<std::string>(&*values.back()) : nullptr; sv && !is_valid_utf8(*sv))
                fail(vw, "string is not valid UTF-8 (MVT 4.1)");
            break;
        }
        case 5:
            expect_wire(l, wire::varint, where, "layer extent");
            out.extent = l.get_uint32();
            if (out.extent == 0) fail(where, "extent 0 (MVT 4.1)");
            break;
        case 2:
            expect_wire(l, wire::length_delimited, where, "layer feature");
            features.push_back(l.get_view());
            break;
        default:
            warnings.push_back(where + ": unknown layer field " + std::to_string(l.tag()) + " skipped");
            l.skip();
        }
    }
    if (!has_name) fail(at, "layer without a name (MVT 4.1: a layer MUST contain a name field)");
    const std::string lw = "layer '" + out.name + "'";
    if (!has_version) fail(lw, "layer without a version (MVT 4.1: a layer MUST contain a version field)");
    if (out.version < 1 || out.version > 2) fail(lw, "version " + std::to_string(out.version) + " (this decoder reads MVT 1 and 2)");
    for (std::size_t i = 0; i < features.size(); ++i) {
        const std::string where = lw + " feature " + std::to_string(i);
        const raw_feature rf = read_feature(protozero::pbf_reader(features[i]), where, warnings);
        if (rf.geometries == 0) fail(where, "feature without a geometry field (MVT 4.2)");
        if (rf.geometries > 1) fail(where, "feature with more than one geometry field (MVT 4.2)");
        if (rf.type < 1 || rf.type > 3) {
            warnings.push_back(where + ": geometry type " + std::to_string(rf.type) + " is " +
                               (rf.type == 0 ? "UNKNOWN" : "not in the spec") + "; feature skipped (MVT 4.3.5)");
            continue;
        }
        decoded_feature f;
        f.id = rf.id;
        f.type = rf.type == 1 ? geometry_type::point : rf.type == 2 ? geometry_type::line : geometry_type::polygon;
        f.parts = geometry_reader{rf.geom, f.type, where, warnings}.run();
        if (rf.tags.size() % 2) fail(where, "odd number of tags (MVT 4.4: tags come in key/value pairs)");
        for (std::size_t k = 0; k < rf.tags.size(); k += 2) {
            if (rf.tags[k] >= keys.size() || rf.tags[k + 1] >= values.size())
                fail(where, "tag index out of range (MVT 4.4: indexes into the layer's keys and values)");
            const auto& v = values[rf.tags[k + 1]];
            if (v) f.properties.emplace_back(keys[rf.tags[k]], *v);
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
            if (r.tag() == 3) {
                expect_wire(r, wire::length_delimited, "tile", "layers field");
                t.layers.push_back(decode_layer(r.get_message(), t.layers.size(), t.warnings));
                for (std::size_t i = 0; i + 1 < t.layers.size(); ++i)
                    if (t.layers[i].name == t.layers.back().name)
                        fail("tile", "two layers named '" + t.layers.back().name + "' (MVT 4.1: layer names MUST be unique)");
            } else {
                t.warnings.push_back("tile: unknown field " + std::to_string(r.tag()) + " skipped");
                r.skip();
            }
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
