#include "tiles/tile_input.hpp"

#include <protozero/buffer_string.hpp>
#include <protozero/varint.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace harbormap::tiles {
namespace {


void put_blob_varint(std::string& out, std::uint64_t v) { protozero::add_varint_to_buffer(&out, v); }

std::uint64_t get_blob_varint(const char*& p, const char* end) { return protozero::decode_varint(&p, end); }

enum : char { t_string = 1, t_double = 2, t_int = 3, t_bool = 4 };

} // namespace

bool layer_writes(const layer_spec& s, const std::string& key) {
    if (std::find(s.exclude_fields.begin(), s.exclude_fields.end(), key) != s.exclude_fields.end()) return false;
    return s.fields.empty() || std::find(s.fields.begin(), s.fields.end(), key) != s.fields.end();
}

namespace detail {

void attribute_stats::add(const std::string& key, const value& v) {
    auto& a = m_attrs[key];
    double num = 0;
    bool is_num = false;
    if (const auto* str = std::get_if<std::string>(&v)) {
        if (a.strings.size() < 1000) a.strings.insert(*str);
    } else if (const auto* b = std::get_if<bool>(&v)) {
        a.bools.insert(*b);
    } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
        num = static_cast<double>(*i);
        is_num = true;
    } else if (const auto* d = std::get_if<double>(&v)) {
        num = *d;
        is_num = true;
    }
    if (is_num) {
        if (a.numbers.size() < 1000) a.numbers.insert(num);
        if (!a.has_num || num < a.min) a.min = num;
        if (!a.has_num || num > a.max) a.max = num;
        a.has_num = true;
    }
}

// mapbox-geostats layout: per attribute the distinct-value count, type, up to 100 values (sorted)
// and min/max of numbers.
nlohmann::json attribute_stats::json(const std::string& layer, std::size_t count, geometry_type type) const {
    nlohmann::json attributes = nlohmann::json::array();
    for (const auto& [k, a] : m_attrs) {
        const int kinds = !a.strings.empty() + !a.numbers.empty() + !a.bools.empty();
        const char* t = kinds > 1 ? "mixed" : !a.strings.empty() ? "string" : !a.numbers.empty() ? "number" : "boolean";
        nlohmann::json values = nlohmann::json::array();
        for (const auto& b : a.bools) values.push_back(b);
        for (const auto& n : a.numbers) {
            if (values.size() >= 100) break;
            values.push_back(n);
        }
        for (const auto& str : a.strings) {
            if (values.size() >= 100) break;
            values.push_back(str);
        }
        nlohmann::json aj{{"attribute", k}, {"count", a.strings.size() + a.numbers.size() + a.bools.size()}, {"type", t}, {"values", values}};
        if (a.has_num) {
            aj["min"] = a.min;
            aj["max"] = a.max;
        }
        attributes.push_back(aj);
    }
    return {{"layer", layer}, {"count", count}, {"geometry", geojson_type_name(type)}, {"attributeCount", attributes.size()},
            {"attributes", attributes}};
}

} // namespace detail

tile_input::tile_input(std::size_t max_memory)
    : m_max_memory(std::max<std::size_t>(max_memory, 4u << 20)), m_blobs(std::make_unique<spill_store>(m_max_memory / 4)) {}
tile_input::~tile_input() = default;
tile_input::tile_input(tile_input&&) noexcept = default;
tile_input& tile_input::operator=(tile_input&&) noexcept = default;

std::size_t tile_input::layer_count() const { return m_layers.size(); }
const tile_input::layer_data& tile_input::layer(std::size_t i) const { return *m_layers.at(i); }

std::size_t tile_input::add_layer(const layer_spec& spec, std::vector<field_def> fields, geometry_type type) {
    auto l = std::make_unique<layer_data>();
    l->spec = spec;
    l->spec.source = nullptr;
    l->fields = std::move(fields);
    l->type = type;
    // rows share a quarter of the budget between the layers added so far and this one
    l->rows = std::make_unique<spill_store>(m_max_memory / 4);
    m_layers.push_back(std::move(l));
    return m_layers.size() - 1;
}

void tile_input::add(std::size_t li, const feature& f) {
    layer_data& l = *m_layers.at(li);
    const layer_spec& spec = l.spec;
    if (l.type == geometry_type::none) l.type = f.geom.type;
    // a feature without geometry (or none left after projection) is counted, not tiled: its attributes
    // are in no tile, so not in the tilestats either
    if (f.geom.empty()) return;
    wgeom g = project(f.geom);
    if (g.empty()) return;
    // attributes: blob and tilestats
    m_buf.clear();
    put_blob_varint(m_buf, f.id >= 0 ? static_cast<std::uint64_t>(f.id) + 1 : 0);
    std::size_t n = 0;
    std::string props;
    for (const auto& [key, v] : f.properties) {
        if (std::holds_alternative<std::monostate>(v)) continue;
        auto [it, inserted] = l.key_index.try_emplace(key, -1);
        if (inserted && layer_writes(spec, key)) {
            it->second = static_cast<std::int64_t>(l.keys.size());
            l.keys.push_back(key);
        }
        if (it->second < 0) continue;
        ++n;
        l.stats.add(key, v);
        put_blob_varint(props, static_cast<std::uint64_t>(it->second));
        if (const auto* s = std::get_if<std::string>(&v)) {
            props.push_back(t_string);
            put_blob_varint(props, s->size());
            props += *s;
        } else if (const auto* d = std::get_if<double>(&v)) {
            props.push_back(t_double);
            props.append(reinterpret_cast<const char*>(d), sizeof *d);
        } else if (const auto* i = std::get_if<std::int64_t>(&v)) {
            props.push_back(t_int);
            put_blob_varint(props, protozero::encode_zigzag64(*i));
        } else if (const auto* b = std::get_if<bool>(&v)) {
            props.push_back(t_bool);
            props.push_back(*b ? 1 : 0);
        }
    }
    put_blob_varint(m_buf, n);
    m_buf += props;
    std::string sized;
    put_blob_varint(sized, m_buf.size());
    sized += m_buf;

    m_bounds.expand(f.geom.bounds());
    detail::feature_row r;
    r.type = static_cast<std::uint8_t>(g.type);
    if (g.type == geometry_type::point && g.points.size() == 1) {
        r.wx = g.points[0].x;
        r.wy = g.points[0].y;
        r.geom = detail::feature_row::no_geom;
    } else {
        if (g.type == geometry_type::point) { // multi-point: the first point stands for it in the grid contest
            r.wx = g.points[0].x;
            r.wy = g.points[0].y;
        }
        r.geom = static_cast<std::uint32_t>(l.geoms.size());
        l.geoms.push_back(std::move(g));
    }
    const bool k = spec.keep ? spec.keep(f) : false;
    r.keep = k;
    r.importance = spec.importance                     ? spec.importance(f)
                   : !spec.importance_attribute.empty() ? f.number(spec.importance_attribute).value_or(0.0)
                                                        : 0.0;
    if (!std::isfinite(r.importance)) r.importance = 0; // a total order for the thinning and size-limit sorts
    r.min_zoom = static_cast<std::int8_t>(k || !spec.feature_min_zoom ? 0 : std::clamp(spec.feature_min_zoom(f), 0, 127));
    r.blob = m_blobs->append(sized);
    l.rows->append(std::string_view(reinterpret_cast<const char*>(&r), sizeof r));
    ++l.count;
}

bool tile_input::spilled() const {
    if (m_blobs->spilled()) return true;
    for (const auto& l : m_layers)
        if (l->rows->spilled()) return true;
    return false;
}

void tile_input::seal() {
    m_blobs->seal();
    for (auto& l : m_layers) l->rows->seal();
}

void tile_input::read_rows(std::size_t li, std::size_t first, std::size_t n, std::vector<detail::feature_row>& out) const {
    const layer_data& l = *m_layers.at(li);
    n = std::min(n, l.count - std::min(first, l.count));
    out.resize(n);
    if (n) l.rows->read(first * sizeof(detail::feature_row), n * sizeof(detail::feature_row), out.data());
}

void tile_input::read_props(std::uint64_t blob, decoded_props& out, std::string& scratch) const {
    char head[10];
    const std::size_t avail = static_cast<std::size_t>(std::min<std::uint64_t>(sizeof head, m_blobs->size() - blob));
    m_blobs->read(blob, avail, head);
    const char* p = head;
    const std::uint64_t len = get_blob_varint(p, head + avail);
    m_blobs->read(blob + static_cast<std::uint64_t>(p - head), static_cast<std::size_t>(len), scratch);
    p = scratch.data();
    const char* end = p + scratch.size();
    const std::uint64_t id = get_blob_varint(p, end);
    out.id = id ? std::optional<std::uint64_t>(id - 1) : std::nullopt;
    const std::uint64_t n = get_blob_varint(p, end);
    out.props.resize(static_cast<std::size_t>(n));
    for (auto& [key, v] : out.props) {
        key = static_cast<std::uint32_t>(get_blob_varint(p, end));
        const char t = *p++;
        if (t == t_string) {
            const auto sl = static_cast<std::size_t>(get_blob_varint(p, end));
            v = std::string(p, sl);
            p += sl;
        } else if (t == t_double) {
            double d;
            std::memcpy(&d, p, sizeof d);
            v = d;
            p += sizeof d;
        } else if (t == t_int) {
            v = protozero::decode_zigzag64(get_blob_varint(p, end));
        } else {
            v = *p++ != 0;
        }
    }
}

} // namespace harbormap::tiles
