#include "engine/fusion/matcher.hpp"

#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"

#include <algorithm>
#include <fmt/format.h>

namespace harbormap::fusion {

std::string to_string(match_method m) {
    switch (m) {
    case match_method::wpi_number: return "wpi_number";
    case match_method::unlocode: return "unlocode";
    case match_method::name_country: return "name+country";
    case match_method::proximity: return "proximity";
    case match_method::merged: return "name+position";
    default: return "none";
    }
}

namespace {

std::optional<double> dist_km(const match_input& row, const indexed_port& p) {
    if (!row.pos) return std::nullopt;
    return geodesic_m(*row.pos, p.pos) / 1000.0;
}

// Picks one of several candidates by distance to the row; nullopt when it cannot.
std::optional<std::size_t> break_tie(const match_input& row, const std::vector<std::size_t>& cands,
                                     const std::vector<indexed_port>& ports, const match_options& opts) {
    if (cands.size() == 1) return cands[0];
    if (!row.pos) return std::nullopt;
    std::vector<std::pair<double, std::size_t>> d;
    for (auto c : cands) d.emplace_back(*dist_km(row, ports[c]), c);
    std::sort(d.begin(), d.end());
    if (d[1].first - d[0].first <= opts.tie_tolerance_km) return std::nullopt;
    return d[0].second;
}

std::string describe(const std::vector<std::size_t>& cands, const std::vector<indexed_port>& ports) {
    std::vector<std::string> s;
    for (auto c : cands)
        s.push_back(fmt::format("WPI {} ({}{})", ports[c].wpi_number, ports[c].country_iso2,
                                ports[c].unlocode.empty() ? "" : " " + ports[c].unlocode));
    return join(s, ", ");
}

} // namespace

match_result match_row(const match_input& row, const std::vector<indexed_port>& ports, const port_index& index,
                       const match_options& opts) {
    match_result r;
    std::vector<std::string> notes;
    auto finish = [&](match_method m, std::size_t port) {
        r.method = m;
        r.port = port;
        r.distance_km = dist_km(row, ports[port]);
        r.reason = join(notes, "; ");
        return r;
    };

    // 1. WPI number
    if (row.wpi_number) {
        auto c = index.by_wpi(*row.wpi_number);
        if (c.empty()) notes.push_back(fmt::format("wpi_number {} is not in the WPI", *row.wpi_number));
        else if (row.position_is_proxy) notes.push_back(fmt::format("wpi_number {} is a proxy position, not the port itself", *row.wpi_number));
        else if (auto pick = break_tie(row, c, ports, opts)) return finish(match_method::wpi_number, *pick);
        else {
            r.candidates = c;
            notes.push_back(fmt::format("wpi_number {} is used by several WPI ports: {}", *row.wpi_number, describe(c, ports)));
        }
    }
    // 2. UN/LOCODE
    if (!row.unlocode.empty()) {
        auto c = index.by_locode(row.unlocode);
        if (c.empty()) notes.push_back("UN/LOCODE " + row.unlocode + " is not on any WPI port");
        else if (auto pick = break_tie(row, c, ports, opts)) return finish(match_method::unlocode, *pick);
        else {
            r.candidates = c;
            notes.push_back("UN/LOCODE " + row.unlocode + " is on several WPI ports: " + describe(c, ports));
        }
    }
    // 3. normalised name + country
    {
        std::vector<std::size_t> c;
        for (const auto& n : row.names) {
            const std::string key = normalise_name(n);
            if (key.empty()) continue;
            for (auto i : index.by_name(key, row.country_iso2)) c.push_back(i);
        }
        std::sort(c.begin(), c.end());
        c.erase(std::unique(c.begin(), c.end()), c.end());
        if (!c.empty()) {
            if (auto pick = break_tie(row, c, ports, opts)) return finish(match_method::name_country, *pick);
            r.candidates = c;
            notes.push_back("name matches several WPI ports in " + row.country_iso2 + ": " + describe(c, ports));
        }
    }
    // 4. proximity
    if (row.pos && !row.position_is_proxy) {
        auto hits = index.within(*row.pos, opts.radius_km);
        std::vector<proximity_hit> same;
        for (const auto& h : hits)
            if (row.country_iso2.empty() || ports[h.port].country_iso2 == row.country_iso2) same.push_back(h);
        if (!same.empty()) {
            if (same.size() > 1 && same[1].distance_km - same[0].distance_km <= opts.tie_tolerance_km) {
                r.candidates = {same[0].port, same[1].port};
                notes.push_back(fmt::format("two WPI ports are equally near ({:.2f} km): {}", same[0].distance_km,
                                            describe(r.candidates, ports)));
            } else {
                return finish(match_method::proximity, same[0].port);
            }
        } else if (!hits.empty()) {
            notes.push_back(fmt::format("nearest WPI port within {} km is in another country ({}, {:.1f} km)", opts.radius_km,
                                        ports[hits[0].port].country_iso2, hits[0].distance_km));
        } else {
            notes.push_back(fmt::format("no WPI port within {} km", opts.radius_km));
        }
    } else if (!row.pos) {
        notes.push_back("the row has no coordinates");
    } else {
        notes.push_back("the position is a stand-in (proxy) for the place, so proximity is not used");
    }
    r.reason = join(notes, "; ");
    return r;
}

} // namespace harbormap::fusion
