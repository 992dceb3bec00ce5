#pragma once
// Spatial and key indexes over the port entities: an rtree of positions (Boost.Geometry) for
// proximity candidates, and maps by WPI number, UN/LOCODE and normalised name + country.
#include "engine/core/lon_lat.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace harbormap::fusion {

// Canonical text of a WPI number: 49460.0 -> "49460", 9510.1 -> "9510.1".
std::string wpi_key(double wpi_number);

struct indexed_port {
    std::string wpi_number; // WPI numbers are not all integers ("9510.1"); see wpi_key()
    std::string unlocode;                  // the main code (official, else the WPI column's)
    std::string country_iso2;
    std::vector<std::string> name_keys; // normalised main + alternate names
    lon_lat pos;
    std::vector<std::string> other_locodes = {}; // every other code that resolves to the port (official, WPI, trade)
};

struct proximity_hit {
    std::size_t port;
    double distance_km;
};

class port_index {
public:
    explicit port_index(const std::vector<indexed_port>& ports);
    ~port_index();
    port_index(const port_index&) = delete;
    port_index& operator=(const port_index&) = delete;

    std::vector<std::size_t> by_wpi(const std::string& wpi_number) const;
    std::vector<std::size_t> by_locode(const std::string& locode) const;
    std::vector<std::size_t> by_name(const std::string& name_key, const std::string& country_iso2) const;
    // Ports within radius_km of p (geodesic), nearest first; antimeridian-safe.
    std::vector<proximity_hit> within(const lon_lat& p, double radius_km) const;

private:
    struct impl;
    std::unique_ptr<impl> m;
};

} // namespace harbormap::fusion
