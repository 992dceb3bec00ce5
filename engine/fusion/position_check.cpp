// Fusion step 5b (after matching and the curated-only ports): position sanity of every curated row
// with a position (see position_check.hpp).
#include "engine/fusion/position_check.hpp"

#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/coast_index.hpp"
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
    std::optional<double> inland_km;  // to the coast when on land (nullopt: at sea, or no coastline given)
    std::optional<reference_port> inland_port; // the WPI port an inland position is compared with
    double port_inland_km = 0;        // its own distance to the coast (0 at sea or without one)
    bool port_ok(const position_options& o) const { return !port_km || *port_km <= o.max_port_km; }
    bool country_ok(const position_options& o) const { return !country_km || *country_km <= o.country_buffer_km; }
    // near enough to water, or no farther inland than the port it names (an inland river port) allows
    bool inland_ok(const position_options& o) const {
        return !inland_km || *inland_km <= o.inland_km || *inland_km <= port_inland_km + o.inland_km;
    }
    bool ok(const position_options& o) const { return port_ok(o) && country_ok(o) && inland_ok(o); }
};

struct position_geography {
    const country_index* countries = nullptr;
    const coast_index* coast = nullptr;
};

// The WPI port an inland row is compared with: the one it names, else the WPI port its position stands
// at (a proxy position copies the WPI point of the port it stands in for, e.g. a river terminal placed
// at the WPI river port nearby).
inline constexpr double stands_at_km = 2.0;

std::optional<reference_port> inland_reference(const fuse_state& st, const port_index& index,
                                               const std::optional<reference_port>& ref, const lon_lat& pos) {
    if (ref) return ref;
    for (const auto& hit : index.within(pos, stands_at_km))
        if (hit.port < st.wpi_count) return reference_port{hit.port, "where its position stands"};
    return std::nullopt;
}

position_findings check_one(const fuse_state& st, const port_index& index, const position_geography& geo,
                            const std::optional<reference_port>& ref, const std::string& cc, const lon_lat& pos) {
    position_findings out;
    if (ref) out.port_km = km_from_m(geodesic_m(pos, st.ports[ref->port].pos));
    if (geo.countries && !cc.empty()) out.country_km = geo.countries->distance_km(cc, pos);
    if (geo.coast) {
        out.inland_km = geo.coast->inland_km(pos);
        if (out.inland_km && *out.inland_km > 0)
            if (const auto inland_ref = inland_reference(st, index, ref, pos)) {
                out.inland_port = inland_ref;
                out.port_inland_km = geo.coast->inland_km(st.ports[inland_ref->port].pos).value_or(0.0);
            }
    }
    return out;
}

std::string km_text(double km) { return fmt::format("{:.1f} km", km); }

// "lat/lon swapped?" when exchanging the two passes every check: what the row would then be.
std::string swap_hint(const position_findings& s, const lon_lat& swapped, const std::string& cc, bool coast_checked) {
    std::vector<std::string> parts;
    if (s.port_km) parts.push_back(km_text(*s.port_km) + " from its WPI port");
    if (s.country_km) parts.push_back("within " + cc);
    if (s.inland_km) parts.push_back(km_text(*s.inland_km) + " from the coast");
    else if (coast_checked) parts.push_back("at sea");
    return fmt::format("; lat/lon swapped? with the two exchanged (lon {}, lat {}) the row is {}", swapped.lon, swapped.lat,
                       join(parts, " and "));
}

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
    const position_geography geo{in.countries, in.coast};
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
            const position_findings found = check_one(st, index, geo, ref, cc, pos);
            if (found.port_km) sum.position_port_checked++;
            if (found.country_km) sum.position_country_checked++;
            if (geo.coast) sum.position_inland_checked++;
            if (found.ok(o)) continue;

            // lon and lat exchanged: does that pass every check?
            std::string hint;
            bool swap_fixes = false;
            if (std::abs(pos.lon) <= 90) {
                const lon_lat swapped{pos.lat, pos.lon};
                const position_findings s = check_one(st, index, geo, ref, cc, swapped);
                swap_fixes = s.ok(o);
                if (swap_fixes) hint = swap_hint(s, swapped, cc, geo.coast != nullptr);
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
            if (!found.inland_ok(o)) {
                std::string port;
                if (const auto& in_ref = found.inland_port) {
                    const port_entity& p = st.ports[in_ref->port];
                    port = fmt::format("; WPI {} ({}, {}), the port {}, is {}", p.wpi_number, p.name, p.country_iso2, in_ref->how,
                                       found.port_inland_km > 0 ? km_text(found.port_inland_km) + " from the coast" : "on the coast");
                }
                add(origin.position_field, "inland", *found.inland_km,
                    fmt::format("{}: the position is on land, {} from the coast (Natural Earth 50m land; limit {} km beyond "
                                "the named port's own distance to the coast){}",
                                who, km_text(*found.inland_km), o.inland_km, port));
            }
        }
    }
    sum.position_warnings = out.size();
}

} // namespace harbormap::fusion
