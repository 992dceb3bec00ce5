#pragma once
// Resolving a port argument against the fused `ports` layer: UN/LOCODE ("GRPIR", "GR PIR"),
// WPI number ("42230"), port id ("wpi:42230", "cur:KZ:aktau"), name ("Piraeus", case- and
// diacritic-insensitive, main or alternate name), or a position "lon,lat" (e.g. "-118.2,33.7").
// No answer is a status, not an exception: not_found (with suggestions) or ambiguous (candidates).
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::query {

enum class lookup_status { ok, not_found, ambiguous };
std::string to_string(lookup_status s);

struct port_ref {
    std::size_t index = 0; // feature index in the ports layer
    std::string port_id;
    std::string name;
    std::string country_iso2;
    std::string unlocode;
    std::optional<std::int64_t> wpi_number;
    lon_lat pos;
};

struct lookup_result {
    lookup_status status = lookup_status::not_found;
    std::optional<port_ref> port;    // set when a port was resolved
    std::optional<lon_lat> point;    // set when the argument was a position
    std::vector<port_ref> candidates; // ambiguous: the candidates; not_found: suggestions
    std::string message;             // human-readable reason when not ok
    bool ok() const { return status == lookup_status::ok; }
    lon_lat position() const { return port ? port->pos : point.value_or(lon_lat{}); }
};

class port_catalog {
public:
    explicit port_catalog(feature_layer ports);
    // Reads the `ports` layer of the port catalog beside a fused GeoPackage (catalog_file.hpp: no GDAL);
    // a clear error asking for a rebuild when it is missing, stale or corrupt.
    static port_catalog load(const std::filesystem::path& gpkg);

    lookup_result resolve(const std::string& text) const;
    const feature_layer& layer() const { return m_ports; }
    port_ref ref(std::size_t index) const;

private:
    feature_layer m_ports;
    std::vector<std::vector<std::string>> m_name_keys; // normalised main, alternate and other names per port
};

} // namespace harbormap::query
