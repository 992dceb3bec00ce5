// Fusion step 5b (after matching and the curated-only ports): position sanity of every curated row
// with a position (see position_check.hpp).
#include "engine/fusion/position_check.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/fusion/country_index.hpp"
#include "engine/fusion/fuse_state.hpp"

#include <cmath>
#include <fmt/format.h>

namespace harbormap::fusion {

std::string position_warning::message() const { return format_location(file, row, field, why); }

namespace {

// The WPI port a row names: the one its wpi_number gives (the nearest if the WPI reuses the number),
// else the WPI port its name, UN/LOCODE or name + position attached it to.  Proximity matches are
// within the match radius by construction, so they are not references.
struct reference_port {
    std::size_t port = 0;
    const char* how = "";
};

std::optional<reference_port> reference_of(const fuse_state& st, const port_index& index, const table_rows& t,
                                           std::size_t i, const lon_lat& pos) {
    const feature& f = t.layer->features[i];
    if (auto w = f.number(t.src->keys.wpi_number_field)) {
        std::optional<std::size_t> best;
        for (auto c : index.by_wpi(wpi_key(*w)))
            if (!best || geodesic_m(pos, st.ports[c].pos) < geodesic_m(pos, st.ports[*best].pos)) best = c;
        if (best) return reference_port{*best, "its wpi_number names"};
    }
    const match_result& r = t.results[i];
    if (!r.port || *r.port >= st.wpi_count) return std::nullopt;
    switch (r.method) {
    case match_method::name_country: return reference_port{*r.port, "its port name attaches it to (name+country)"};
    case match_method::unlocode: return reference_port{*r.port, "its UN/LOCODE attaches it to"};
    case match_method::merged: return reference_port{*r.port, "its port name and position attach it to"};
    default: return std::nullopt;
    }
}

// What the checks find for one position.
struct position_findings {
    std::optional<double> port_km;    // to the reference port, when there is one
    std::optional<double> country_km; // to the row's country, when it has polygons
    bool port_ok(const position_options& o) const { return !port_km || *port_km <= o.max_port_km; }
    bool country_ok(const position_options& o) const { return !country_km || *country_km <= o.country_buffer_km; }
};

position_findings check_one(const fuse_state& st, const country_index* countries, const std::optional<reference_port>& ref,
               const std::string& cc, const lon_lat& pos) {
    position_findings out;
    if (ref) out.port_km = km_from_m(geodesic_m(pos, st.ports[ref->port].pos));
    if (countries && !cc.empty()) out.country_km = countries->distance_km(cc, pos);
    return out;
}

std::string km_text(double km) { return fmt::format("{:.1f} km", km); }

std::string where_it_lies(const country_index& countries, const lon_lat& pos) {
    const auto near = countries.nearest_country(pos);
    if (!near) return "in no country";
    if (near->km == 0) return "in " + near->iso2;
    return fmt::format("in no country (sea, or land without an ISO code); the nearest is {}, {}", near->iso2, km_text(near->km));
}

} // namespace

void check_positions(const footprint_inputs& in, fuse_state& st, const port_index& index, std::vector<position_warning>& out,
                     footprint_summary& sum) {
    const position_options& o = in.position;
    for (auto& t : st.tables) {
        t.position_warnings.assign(t.layer->features.size(), std::string());
        auto origin_it = in.origins.find(t.src->source);
        const table_origin origin = origin_it != in.origins.end() ? origin_it->second : table_origin{t.src->source};
        for (std::size_t i = 0; i < t.layer->features.size(); ++i) {
            const feature& f = t.layer->features[i];
            if (t.status[i] == "not-a-port" || f.geom.points.empty()) continue;
            const lon_lat pos = f.geom.points.front();
            const std::string cc = row_country(t.src->keys, f);
            const auto ref = reference_of(st, index, t, i, pos);
            const position_findings found = check_one(st, in.countries, ref, cc, pos);
            if (found.port_km) sum.position_port_checked++;
            if (found.country_km) sum.position_country_checked++;
            if (found.port_ok(o) && found.country_ok(o)) continue;

            // lon and lat exchanged: does that pass every check?
            std::string hint;
            bool swap_fixes = false;
            if (std::abs(pos.lon) <= 90) {
                const lon_lat swapped{pos.lat, pos.lon};
                const position_findings s = check_one(st, in.countries, ref, cc, swapped);
                swap_fixes = s.port_ok(o) && s.country_ok(o);
                if (swap_fixes)
                    hint = fmt::format("; lat/lon swapped? with the two exchanged (lon {}, lat {}) the row is {}{}", swapped.lon,
                                       swapped.lat, s.port_km ? km_text(*s.port_km) + " from its WPI port" : "",
                                       s.country_km ? std::string(s.port_km ? " and " : "") + "within " + cc : "");
            }
            const std::string who = fmt::format("{} row {}", t.src->source, t.id(i));
            auto add = [&](std::string field, std::string kind, double km, std::string why) {
                position_warning w{t.src->source, t.id(i), origin.file, f.row, std::move(field), std::move(kind), km,
                                   swap_fixes, std::move(why) + hint};
                t.position_warnings[i] += (t.position_warnings[i].empty() ? "" : "; ") + w.why;
                out.push_back(std::move(w));
            };
            if (!found.port_ok(o)) {
                const port_entity& p = st.ports[ref->port];
                add(origin.position_field, "far-from-port", *found.port_km,
                    fmt::format("{}: the position is {} from WPI {} ({}, {}), the port {} (limit {} km)", who,
                                km_text(*found.port_km), p.wpi_number, p.name, p.country_iso2, ref->how, o.max_port_km));
            }
            if (!found.country_ok(o))
                add(t.src->keys.country_field, "outside-country", *found.country_km,
                    fmt::format("{}: the position is {} outside {}, the row's country (Natural Earth 50m polygons, {} km coastal "
                                "tolerance); it lies {}",
                                who, km_text(*found.country_km), cc, o.country_buffer_km, where_it_lies(*in.countries, pos)));
        }
    }
    sum.position_warnings = out.size();
}

} // namespace harbormap::fusion
