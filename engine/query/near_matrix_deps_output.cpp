// Output formats of near, matrix and deps: text, JSON, CSV, GeoJSON.  Writers append to one buffer (the
// matrix writes its cells' numbers with append_fixed1 straight into its output string, no string per cell).
#include "engine/query/near_matrix_deps.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"

#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <nlohmann/json.hpp>

namespace harbormap::query {

std::string near_text(const near_result& r, const near_params& p) {
    const std::string warn = r.at.warning.empty() ? "" : "warning: " + r.at.warning + "\n";
    if (r.status != route_status::ok) return warn + "status: " + to_string(r.status) + "\n" + r.message + "\n";
    std::string s = warn + fmt::format("near {} (snap {} nm), by {}: {} {}\n", r.at.label(), format_fixed(nm_from_m(r.at.snap.distance_m), 1), p.by,
                                r.items.size(), p.layer);
    s += fmt::format("{:>4}  {:>9}  {:>9}  {:<22} {:<34} {:<3} {}\n", "rank", "sea_nm", "geo_nm", "id", "name", "cc", "notes");
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        const auto& it = r.items[i];
        s += fmt::format("{:>4}  {:>9}  {:>9}  {:<22} {:<34} {:<3} {}\n", i + 1,
                         it.sea_m == HUGE_VAL ? std::string("-") : format_fixed(nm_from_m(it.sea_m), 1),
                         format_fixed(nm_from_m(it.geodesic_m), 1), it.id, it.name, it.country, it.extra);
    }
    return s;
}

std::string near_json(const near_result& r, const near_params& p) {
    nlohmann::json j;
    j["status"] = to_string(r.status);
    j["warnings"] = r.at.warning.empty() ? nlohmann::json::array() : nlohmann::json::array({r.at.warning});
    if (r.status != route_status::ok) {
        j["message"] = r.message;
        return j.dump(2) + "\n";
    }
    j["at"] = {{"input", r.at.text}, {"label", r.at.label()}, {"lon", r.at.pos.lon}, {"lat", r.at.pos.lat},
               {"snap_nm", round2(nm_from_m(r.at.snap.distance_m))}};
    j["by"] = p.by;
    j["layer"] = p.layer;
    auto& a = j["items"] = nlohmann::json::array();
    for (const auto& it : r.items) {
        nlohmann::json o = {{"id", it.id}, {"name", it.name}, {"country", it.country}, {"notes", it.extra}, {"lon", it.pos.lon},
                            {"lat", it.pos.lat}, {"geodesic_nm", round2(nm_from_m(it.geodesic_m))}};
        if (it.sea_m != HUGE_VAL) o["sea_nm"] = round2(nm_from_m(it.sea_m));
        a.push_back(o);
    }
    return j.dump(2) + "\n";
}

std::string matrix_csv(const matrix_result& r, const port_catalog& catalog, bool with_gates) {
    // "id,name," of every port once; per cell the two numbers are written in place into the one output
    // string (no string, no format parsing per cell)
    auto prefixes = [&](const std::vector<std::size_t>& idx) {
        std::vector<std::string> out;
        for (auto i : idx) {
            const auto ref = catalog.ref(i);
            out.push_back(csv_escape(ref.port_id) + "," + csv_escape(ref.name) + ",");
        }
        return out;
    };
    const auto from = prefixes(r.from), to = prefixes(r.to);
    std::size_t from_bytes = 0, to_bytes = 0;
    for (const auto& f : from) from_bytes += f.size();
    for (const auto& t : to) to_bytes += t.size();
    std::string b; // sized once: prefixes, ~24 bytes of numbers and status per cell (gates grow it)
    b.reserve(from_bytes * to.size() + to_bytes * from.size() + from.size() * to.size() * (with_gates ? 40 : 24) + 128);
    b += with_gates ? "from_id,from_name,to_id,to_name,distance_nm,distance_km,status,gates\n"
                    : "from_id,from_name,to_id,to_name,distance_nm,distance_km,status\n";
    for (std::size_t a = 0; a < from.size(); ++a)
        for (std::size_t c = 0; c < to.size(); ++c) {
            const std::size_t cell = a * to.size() + c;
            const double d = r.distance_m[cell];
            b += from[a];
            b += to[c];
            if (d == HUGE_VAL) {
                b += ",,no_route";
            } else {
                append_fixed1(b, nm_from_m(d));
                b += ',';
                append_fixed1(b, km_from_m(d));
                b += ",ok";
            }
            if (with_gates) {
                b += ',';
                b += csv_escape(r.gates[cell]);
            }
            b += '\n';
        }
    return b;
}

std::string matrix_json(const matrix_result& r, const port_catalog& catalog, bool with_gates) {
    nlohmann::json j;
    auto ids = [&](const std::vector<std::size_t>& idx) {
        auto a = nlohmann::json::array();
        for (auto i : idx) {
            const auto ref = catalog.ref(i);
            a.push_back({{"port_id", ref.port_id}, {"name", ref.name}});
        }
        return a;
    };
    j["from"] = ids(r.from);
    j["to"] = ids(r.to);
    auto& rows = j["distance_nm"] = nlohmann::json::array();
    for (std::size_t a = 0; a < r.from.size(); ++a) {
        auto row = nlohmann::json::array();
        for (std::size_t c = 0; c < r.to.size(); ++c) {
            const double d = r.distance_m[a * r.to.size() + c];
            row.push_back(d == HUGE_VAL ? nlohmann::json(nullptr) : nlohmann::json(std::round(nm_from_m(d) * 10) / 10));
        }
        rows.push_back(row);
    }
    if (with_gates) {
        auto& gs = j["gates"] = nlohmann::json::array();
        for (std::size_t a = 0; a < r.from.size(); ++a)
            gs.push_back(std::vector<std::string>(r.gates.begin() + static_cast<std::ptrdiff_t>(a * r.to.size()),
                                                  r.gates.begin() + static_cast<std::ptrdiff_t>((a + 1) * r.to.size())));
    }
    return j.dump() + "\n";
}

std::string near_csv(const near_result& r) {
    std::string s = "rank,id,name,country,notes,lon,lat,geodesic_nm,sea_nm\n";
    if (r.status != route_status::ok) return s;
    for (std::size_t i = 0; i < r.items.size(); ++i) {
        const auto& it = r.items[i];
        s += fmt::format("{},{},{},{},{},{},{},{:.1f},{}\n", i + 1, csv_escape(it.id), csv_escape(it.name), csv_escape(it.country),
                         csv_escape(it.extra), round6(it.pos.lon), round6(it.pos.lat), nm_from_m(it.geodesic_m),
                         it.sea_m == HUGE_VAL ? std::string() : format_fixed(nm_from_m(it.sea_m), 1));
    }
    return s;
}

std::string near_geojson(const near_result& r) {
    nlohmann::json fc;
    fc["type"] = "FeatureCollection";
    auto& feats = fc["features"] = nlohmann::json::array();
    if (r.status == route_status::ok)
        for (std::size_t i = 0; i < r.items.size(); ++i) {
            const auto& it = r.items[i];
            nlohmann::json props = {{"rank", i + 1}, {"id", it.id}, {"name", it.name}, {"country", it.country}, {"notes", it.extra},
                                    {"geo_nm", round2(nm_from_m(it.geodesic_m))}};
            props["sea_nm"] = it.sea_m == HUGE_VAL ? nlohmann::json(nullptr) : nlohmann::json(round2(nm_from_m(it.sea_m)));
            feats.push_back({{"type", "Feature"}, {"properties", props},
                             {"geometry", {{"type", "Point"}, {"coordinates", {round6(it.pos.lon), round6(it.pos.lat)}}}}});
        }
    return fc.dump() + "\n";
}


std::string deps_text(const std::vector<deps_profile>& profiles, bool table) {
    std::string s;
    if (table) {
        s += fmt::format("{:<34} {:>5} {:>8} {:<19} {:>8} {:>9} {:>7} {:<32} {}\n", "port", "dest", "exposure", "C/P/N/Z", "prc_pass",
                         "avoid_prc", "cut_off", "nearest PRC-operated (sea nm)", "top gates (share%, detour%)");
        for (const auto& d : profiles) {
            const std::string name = d.title.empty() ? d.port.label() : d.title;
            if (d.status != route_status::ok) {
                s += fmt::format("{:<34} {}: {}\n", name.substr(0, 34), to_string(d.status), d.message);
                continue;
            }
            std::vector<std::string> gs;
            for (std::size_t i = 0; i < d.gates.size() && i < 4; ++i)
                gs.push_back(fmt::format("{} {:.0f}%/{:+.0f}%", d.gates[i].gate, 100 * d.gates[i].share, d.gates[i].detour_pct));
            const std::string near = d.nearest_prc.empty() ? "-" : fmt::format("{} {:.0f}", d.nearest_prc.front().first.name, nm_from_m(d.nearest_prc.front().second));
            const auto& c = d.components;
            const std::string comps = fmt::format("{:.2f}/{:.2f}/{:.2f}/{:.2f}", c.c, c.p, c.n, c.z);
            s += fmt::format("{:<34} {:>5} {:>8.1f} {:<19} {:>7.0f}% {:>+8.1f}% {:>7} {:<32} {}\n", name.substr(0, 34), d.reachable,
                             d.exposure, comps, 100 * d.prc_share, d.avoid_prc_detour_pct, d.avoid_prc_cut_off, near.substr(0, 32), join(gs, ", "));
        }
        return s;
    }
    for (const auto& d : profiles) {
        if (!d.port.warning.empty()) s += "warning: " + d.port.warning + "\n";
        if (d.status != route_status::ok) {
            s += "status: " + to_string(d.status) + "\n" + d.message + "\n";
            continue;
        }
        s += fmt::format("port:        {} (snap {} nm)\n", d.port.label(), format_fixed(nm_from_m(d.port.snap.distance_m), 1));
        s += fmt::format("routes:      {} destinations, {} reachable\n", d.destinations, d.reachable);
        const auto& c = d.components;
        s += fmt::format("exposure:    {:.1f} / 100  (C chokepoints {:.2f} = detours {:.2f} + cut off {:.2f}; P PRC passes {:.2f}; "
                         "N PRC proximity {:.2f}; Z ZPMC cranes {:.2f} from {:.0f})\n",
                         d.exposure, c.c, c.c_detour, c.c_cut_off, c.p, c.n, c.z, d.cranes);
        s += fmt::format("PRC passes:  {:.0f}% of routes pass within the radius of a PRC-operated port (those within the radius of "
                         "either end excepted)\n",
                         100 * d.prc_share);
        if (!d.unavoidable.empty()) {
            std::vector<std::string> near;
            for (const auto& [ref, m] : d.unavoidable)
                near.push_back(fmt::format("{} ({}) {} {} nm", ref.name, port_code(ref), ref.country_iso2, format_fixed(nm_from_m(m), 1)));
            s += fmt::format("not avoidable near the port (within the radius; every route passes it, not counted above): {}\n", join(near, ", "));
        }
        s += fmt::format("avoid PRC:   {} of {} routes can avoid them, {:+.1f}% longer on average; {} cut off (every way passes within the radius)\n",
                         d.avoid_prc_routes, d.reachable, d.avoid_prc_detour_pct, d.avoid_prc_cut_off);
        s += "gates:       gate            routes  share   detour_nm  detour%  cut_off\n";
        for (const auto& g : d.gates)
            s += fmt::format("             {:<15} {:>6} {:>5.0f}%  {:>9.0f}  {:>+7.1f}%  {:>7}\n", g.gate, g.routes, 100 * g.share, g.detour_nm, g.detour_pct, g.cut_off);
        s += "nearest PRC-operated ports by sea:\n";
        for (const auto& [ref, m] : d.nearest_prc)
            s += fmt::format("             {:>8.1f} nm  {} ({}) {}\n", nm_from_m(m), ref.name, port_code(ref), ref.country_iso2);
    }
    return s;
}

std::string deps_json(const std::vector<deps_profile>& profiles) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& d : profiles) {
        nlohmann::json j;
        j["status"] = to_string(d.status);
        j["input"] = d.port.text;
        if (!d.title.empty()) j["seaport"] = d.title;
        if (!d.port.warning.empty()) j["warning"] = d.port.warning;
        if (d.status != route_status::ok) {
            j["message"] = d.message;
            arr.push_back(j);
            continue;
        }
        j["port"] = d.port.label();
        if (d.port.lookup.port) j["port_id"] = d.port.lookup.port->port_id;
        j["destinations"] = d.destinations;
        j["reachable"] = d.reachable;
        j["exposure"] = round2(d.exposure);
        j["prc_pass_share"] = round2(d.prc_share);
        j["avoid_prc_detour_pct"] = round2(d.avoid_prc_detour_pct);
        j["avoid_prc_routes"] = d.avoid_prc_routes;
        j["avoid_prc_cut_off"] = d.avoid_prc_cut_off;
        j["zpmc_cranes"] = d.cranes;
        const auto& c = d.components;
        j["exposure_weights"] = d.weights.text();
        j["exposure_components"] = {{"C", round2(c.c)}, {"C_detour", round2(c.c_detour)}, {"C_cut_off", round2(c.c_cut_off)},
                                    {"P", round2(c.p)}, {"N", round2(c.n)}, {"Z", round2(c.z)}};
        auto& gs = j["gates"] = nlohmann::json::array();
        for (const auto& g : d.gates)
            gs.push_back({{"gate", g.gate}, {"routes", g.routes}, {"share", round2(g.share)}, {"detour_nm", round2(g.detour_nm)},
                          {"detour_pct", round2(g.detour_pct)}, {"cut_off", g.cut_off}});
        auto& na = j["not_avoidable"] = nlohmann::json::array();
        for (const auto& [ref, m] : d.unavoidable)
            na.push_back({{"port_id", ref.port_id}, {"name", ref.name}, {"country_iso2", ref.country_iso2}, {"geodesic_nm", round2(nm_from_m(m))}});
        auto& np = j["nearest_prc"] = nlohmann::json::array();
        for (const auto& [ref, m] : d.nearest_prc)
            np.push_back({{"port_id", ref.port_id}, {"name", ref.name}, {"country_iso2", ref.country_iso2}, {"sea_nm", round2(nm_from_m(m))}});
        arr.push_back(j);
    }
    return arr.dump(2) + "\n";
}


std::string deps_csv(const std::vector<deps_profile>& profiles) {
    std::string s = "input,seaport,port,status,message,destinations,reachable,exposure,C,C_detour,C_cut_off,P,N,Z,zpmc_cranes,"
                    "prc_pass_share,avoid_prc_routes,avoid_prc_cut_off,avoid_prc_detour_pct,nearest_prc,nearest_prc_sea_nm,top_gates,weights,"
                    "not_avoidable\n";
    for (const auto& d : profiles) {
        const bool ok = d.status == route_status::ok;
        s += csv_escape(d.port.text) + "," + csv_escape(d.title) + "," + csv_escape(ok ? d.port.label() : "") + "," + to_string(d.status) + "," +
             csv_escape(ok ? "" : d.message);
        if (!ok) {
            s += ",,,,,,,,,,,,,,,,,,,\n";
            continue;
        }
        const auto& c = d.components;
        std::vector<std::string> gs;
        for (std::size_t i = 0; i < d.gates.size() && i < 4; ++i) gs.push_back(d.gates[i].gate);
        std::vector<std::string> na; // PRC-operated ports within the radius of the port (codes)
        for (const auto& u : d.unavoidable) na.push_back(port_code(u.first));
        s += fmt::format(",{},{},{:.1f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{:.3f},{},{:.3f},{},{},{:.2f},{},{},{},{},{}\n", d.destinations, d.reachable,
                         d.exposure, c.c, c.c_detour, c.c_cut_off, c.p, c.n, c.z, d.cranes, d.prc_share, d.avoid_prc_routes, d.avoid_prc_cut_off,
                         d.avoid_prc_detour_pct, d.nearest_prc.empty() ? "" : csv_escape(d.nearest_prc.front().first.name),
                         d.nearest_prc.empty() ? std::string() : format_fixed(nm_from_m(d.nearest_prc.front().second), 1), join(gs, ";"),
                         csv_escape(d.weights.text()), join(na, ";"));
    }
    return s;
}

} // namespace harbormap::query
