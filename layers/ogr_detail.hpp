#pragma once
// Inside layers/: the GDAL handles and the geometry conversion shared by reader.cpp (mapped sources)
// and stream.cpp (any vector file, one feature at a time).
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

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
// with detected column types, and GeoJSONSeq; keep_source_columns: GDAL adds NAME_original (the
// text as written) beside each column it types.  Throws input_error naming the file.
ds_ptr open_vector(const std::filesystem::path& file, bool csv_points = false, bool keep_source_columns = false);

// A pass over a CSV read with csv_points, before GDAL reads it.  text_columns: the columns holding a
// number GDAL's type detection would change ("007" -> 7, "0123" -> 123, an integer beyond 64 bits
// clamped): they stay text.  A lon/lat value that is not a number, or out of range (|lon| > 180, e.g.
// 0-360 longitudes, |lat| > 90), is an input_error naming the record (header = row 1) and column (GDAL
// would leave the row without geometry, or the tiler wrap or clip it, unsaid).
struct csv_scan {
    std::vector<std::string> text_columns;
};
csv_scan scan_csv(const std::filesystem::path& file);
// The occurrences of c in a CSV line outside double quotes.
std::size_t count_unquoted(std::string_view line, char c);

// Adds the points, lines or polygons of g (any multi-type or collection) to out; out.type is the type
// of the last part.  why: set for an unsupported geometry type.
void collect_points(OGRGeometryH g, geometry& out, std::string& why);

// "" or why a coordinate is not a usable longitude/latitude: a point (or a multipoint's part) within
// [-180, 180] x [-90, 90], named with its coordinate when not; a line or ring vertex up to 360 away (across the
// antimeridian).
std::string check_geometry_coords(const geometry& g);

} // namespace harbormap::layers::detail
