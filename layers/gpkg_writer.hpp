#pragma once
// Writes feature layers to a GeoPackage (EPSG:4326, traditional GIS axis order: lon, lat) atomically:
// everything goes to a temp file beside the target, which commit() renames into place.
#include "engine/core/atomic_file.hpp"
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace harbormap::layers {

class gpkg_writer {
public:
    explicit gpkg_writer(const std::filesystem::path& target, bool overwrite = true);
    ~gpkg_writer();
    gpkg_writer(const gpkg_writer&) = delete;
    gpkg_writer& operator=(const gpkg_writer&) = delete;

    // geom_type none -> an attribute table (GPKG "attributes" data type).
    void write_layer(const feature_layer& layer, const std::string& description = {});
    // Runs an SQL statement on the open GeoPackage (e.g. to fill layer_styles).
    void execute_sql(const std::string& sql);
    void commit();

private:
    struct impl;
    std::unique_ptr<impl> m;
};

} // namespace harbormap::layers
