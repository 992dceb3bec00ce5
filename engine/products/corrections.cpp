#include "engine/products/corrections.hpp"

#include "engine/core/error.hpp"
#include "engine/core/lon_lat.hpp"

#include <fmt/format.h>

#include <cmath>

namespace harbormap::products {
namespace {

// "lon,lat" -> a checked position, else nullopt
std::optional<lon_lat> parse_position(const std::string& text) {
    const auto p = parse_lon_lat(text);
    return p && !check_lon_lat(p->lon, p->lat) ? p : std::nullopt;
}

bool same_position(const feature& f, const lon_lat& p) {
    return f.geom.type == geometry_type::point && f.geom.points.size() == 1 && std::fabs(f.geom.points[0].lon - p.lon) < 1e-6 &&
           std::fabs(f.geom.points[0].lat - p.lat) < 1e-6;
}

std::string position_text(const feature& f) {
    if (f.geom.type != geometry_type::point || f.geom.points.size() != 1) return "(none)";
    return fmt::format("{},{}", value_to_string(f.geom.points[0].lon), value_to_string(f.geom.points[0].lat));
}

// The provenance of a correction in the row's notes, when the table has a notes field.
void note_on_row(feature& row, const std::string& text) {
    for (auto& [k, v] : row.properties)
        if (k == "notes") {
            const std::string old = value_to_string(v);
            v = old.empty() ? text : old + " " + text;
        }
}

} // namespace

void apply_corrections(const layers::source_table& corrections, loaded_sources& src) {
    const std::string& file = corrections.file;
    for (const feature& c : corrections.layer.features) {
        const std::string id = c.text("correction_id"), source = c.text("source"), key = c.text("row_key"), field = c.text("field");
        const std::string from = c.text("curated_value"), to = c.text("corrected_value");
        auto it = src.tables.find(source);
        if (it == src.tables.end()) throw input_error(file, c.row, "source", "no curated table '" + source + "' is loaded");
        layers::source_table& t = it->second;
        const layers::field_mapping* fm = nullptr;
        for (const auto& f : t.map.fields)
            if (f.name == field) fm = &f;
        const bool position = field == "position" && t.map.geometry == layers::geometry_source::lon_lat_columns;
        if (!fm && !position)
            throw input_error(file, c.row, "field", "'" + field + "' is not a field of " + t.file + " (its mapping's fields, or position)");
        value corrected;
        std::optional<lon_lat> at;
        if (position) {
            at = parse_position(to);
            if (!at) throw input_error(file, c.row, "corrected_value", "'" + to + "' is not a position lon,lat");
        } else if (const auto why = layers::convert_value(to, *fm, corrected); !why.empty()) {
            throw input_error(file, c.row, "corrected_value", why + " (field " + field + " of " + t.file + ")");
        }
        feature* row = nullptr;
        for (auto& f : t.layer.features)
            if (f.text(t.map.key) == key) row = &f;
        const std::string where = fmt::format("{}:{}: correction {}", file, c.row, id);
        if (!row) {
            src.warnings.push_back(fmt::format("{} not applied: {} has no row {} '{}' any more", where, t.file, t.map.key, key));
            continue;
        }
        const std::string now = position ? position_text(*row) : row->text(field);
        const auto from_pos = position ? parse_position(from) : std::nullopt;
        const bool holds = position ? (from_pos && same_position(*row, *from_pos)) : now == from;
        if (!holds) {
            const bool done = position ? same_position(*row, *at) : now == value_to_string(corrected);
            src.warnings.push_back(fmt::format("{} not applied: {} row {} ({}) now has {} '{}', not '{}'{}", where, t.file, row->row, key, field,
                                               now, from, done ? " (the curated row holds the corrected value already)" : ""));
            continue;
        }
        if (position) {
            row->geom = geometry::make_point(*at);
        } else {
            for (auto& [k, v] : row->properties)
                if (k == field) v = corrected;
        }
        note_on_row(*row, fmt::format("[harbormap correction {}: {} {} -> {}; {}]", id, field, from, to, c.text("reason")));
        src.corrected.push_back(fmt::format("{} {} {} {}: {} -> {}", id, source, key, field, from, to));
    }
}

} // namespace harbormap::products
