#include "engine/fusion/validity.hpp"

#include "engine/fusion/source_descriptor.hpp"

#include <fmt/format.h>

namespace harbormap::fusion {

namespace {

std::optional<int> year_of(const feature& row, const std::string& field) {
    if (field.empty()) return std::nullopt;
    const value* v = row.find(field);
    if (!v || std::holds_alternative<std::monostate>(*v)) return std::nullopt;
    if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<int>(*i);
    if (const auto* d = std::get_if<double>(v)) return static_cast<int>(*d);
    return std::nullopt; // text years are not guessed
}

} // namespace

bool status_ended(const std::string& status) { return status == "divested" || status == "cancelled"; }

validity fact_validity(const validity_rule& rule, const feature& row) {
    validity v;
    v.from = year_of(row, rule.from_field);
    v.to = year_of(row, rule.to_field);
    if (!rule.status_field.empty()) v.ended = status_ended(row.text(rule.status_field));
    return v;
}

bool valid_in(const validity& v, int year) { return v.from && *v.from <= year && (!v.to || year < *v.to); }

value year_value(const std::optional<int>& year) { return year ? value(std::int64_t{*year}) : value(); }

std::string as_of_note::text() const {
    std::string o;
    for (const auto& [source, n] : tables) {
        o += fmt::format("as of {}: {}: {} rows valid", year, source, n.kept);
        if (n.other_years) o += fmt::format(", {} not valid that year (later)", n.other_years);
        if (n.year_unknown) o += fmt::format(", {} with year unknown (present footprint only)", n.year_unknown);
        if (n.ended_year_unknown)
            o += fmt::format(", {} divested/cancelled in an unknown year (kept with that status)", n.ended_year_unknown);
        o += "\n";
    }
    return o;
}

as_of_tables filter_as_of(const std::map<std::string, const feature_layer*>& tables,
                          const std::vector<source_descriptor>& sources, int year) {
    as_of_tables out;
    out.note.year = year;
    out.tables = tables;
    for (const auto& d : sources) {
        auto it = tables.find(d.source);
        if (it == tables.end() || !it->second || d.validity.from_field.empty()) continue;
        const feature_layer& in = *it->second;
        feature_layer& l = out.layers[d.source];
        l.name = in.name;
        l.geom_type = in.geom_type;
        l.fields = in.fields;
        as_of_table_note& n = out.note.tables[d.source];
        for (const auto& f : in.features) {
            const validity v = fact_validity(d.validity, f);
            if (!v.from) {
                ++n.year_unknown;
            } else if (!valid_in(v, year)) {
                ++n.other_years;
            } else {
                ++n.kept;
                if (v.ended && !v.to) ++n.ended_year_unknown;
                l.features.push_back(f);
            }
        }
        out.tables[d.source] = &l;
    }
    return out;
}

} // namespace harbormap::fusion
