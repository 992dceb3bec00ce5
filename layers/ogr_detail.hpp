#pragma once
// Inside layers/: the GDAL handles and the geometry conversion shared by reader.cpp (mapped sources)
// and stream.cpp (any vector file, one feature at a time).
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <type_traits>

#include <gdal.h>
#include <ogr_api.h>

namespace harbormap::layers::detail {

struct ds_closer {
    void operator()(void* ds) const {
        if (ds) GDALClose(ds);
    }
};
using ds_ptr = std::unique_ptr<void, ds_closer>;
struct feature_closer {
    void operator()(OGRFeatureH f) const {
        if (f) OGR_F_Destroy(f);
    }
};
using feature_ptr = std::unique_ptr<std::remove_pointer_t<OGRFeatureH>, feature_closer>;

// Opens a vector file by its extension; csv_points: a CSV's point geometry from its lon/lat columns
// with detected column types, and GeoJSONSeq.  Throws input_error naming the file.
ds_ptr open_vector(const std::filesystem::path& file, bool csv_points = false);

// Adds the points, lines or polygons of g (any multi-type or collection) to out; out.type is the type
// of the last part.  why: set for an unsupported geometry type.
void collect_points(OGRGeometryH g, geometry& out, std::string& why);

// "" or why a coordinate is not a usable longitude/latitude.
std::string check_geometry_coords(const geometry& g);

} // namespace harbormap::layers::detail
