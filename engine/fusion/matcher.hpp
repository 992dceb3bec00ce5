#pragma once
// Attaches a curated row to a port entity, trying in order:
//   1. WPI number (only when the row's coordinates are the WPI port's own, i.e. not a "proxy"),
//   2. UN/LOCODE,
//   3. normalised name + country (main and alternate WPI names; ties broken by distance),
//   4. proximity: the nearest port of the same country within `radius_km` (rtree + geodesic),
//      unless the row's position is a stand-in (proxy) for a place that is not itself in the WPI.
// A tie that distance cannot break, or no candidate, leaves the row unmatched with the reason.
#include "engine/core/lon_lat.hpp"
#include "engine/fusion/port_index.hpp"

#include <optional>
#include <string>
#include <vector>

namespace harbormap::fusion {

struct match_options {
    double radius_km = 25.0;        // proximity tier: documented in the README
    double tie_tolerance_km = 0.05; // candidates closer than this to each other's distance are a tie
};

struct match_input {
    std::optional<std::string> wpi_number; // wpi_key() text
    std::string unlocode;            // normalised, may be empty
    std::vector<std::string> names;  // raw names (port_name, wpi_port_name, ...)
    std::string country_iso2;
    std::optional<lon_lat> pos;
    bool position_is_proxy = false;  // coord_source says the position stands in for another place
};

// merged: the row's curated-only port would stand at (or proxy) a WPI port of the same country that
// carries the same name, so the row joins that port (one entity per port).
enum class match_method { none, wpi_number, unlocode, name_country, proximity, merged };
std::string to_string(match_method m);

struct match_result {
    match_method method = match_method::none;
    std::optional<std::size_t> port;
    std::optional<double> distance_km; // row position to port position, when both are known
    std::string reason;                // why unmatched, or notes on near-misses for matched rows
    std::vector<std::size_t> candidates; // for ambiguous results
};

match_result match_row(const match_input& row, const std::vector<indexed_port>& ports, const port_index& index,
                       const match_options& opts = {});

} // namespace harbormap::fusion
