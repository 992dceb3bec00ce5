#pragma once
// Inside layers/: the GDAL handles and the geometry conversion shared by reader.cpp (mapped sources)
// and stream.cpp (any vector file, one feature at a time).
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <cstdint>
#include <memory>
#include <optional>
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
// text as written) beside each column it types.  gdal_name: the name GDAL opens instead of `file`
// (a virtual file standing for it, see csv_split).  Throws input_error naming the file.
ds_ptr open_vector(const std::filesystem::path& file, bool csv_points = false, bool keep_source_columns = false,
                   const std::string& gdal_name = {});

// The bytes GDAL's CSV type detection reads (AUTODETECT_SIZE_LIMIT; passed to GDAL as its default).
inline constexpr std::uint64_t csv_autodetect_bytes = 1000000;

// Where a CSV read with csv_points can be cut into two parts that two GDAL readers parse at once with
// the same result as one: `middle` is a line end near the middle of the file, and no byte before it is
// a double quote, a carriage return not followed by a line feed, or part of a blank (or only blank)
// line, so every line before it is one record, for GDAL as for scan_csv.  The second part is read from
// a virtual file made of the bytes [0, prefix_end) (the header and GDAL's type-detection sample, so the
// same schema) followed by the bytes from `middle` on; its first prefix_records records are skipped.
struct csv_split {
    std::uint64_t middle = 0, prefix_end = 0;
    std::int64_t prefix_records = 0; // records in [header end, prefix_end)
    std::int64_t first_records = 0;  // records in [header end, middle)
};
// None when the file is smaller than min_size, has no such line end, or has a sidecar GDAL reads by the
// file's name (NAME.csvt column types, NAME.prj CRS) that the virtual file would lack.
std::optional<csv_split> find_csv_split(const std::filesystem::path& file, std::uint64_t min_size);

// A pass over a CSV read with csv_points, before GDAL reads it.  text_columns: the columns holding a
// number GDAL's type detection would change ("007" -> 7, "0123" -> 123, an integer beyond 64 bits
// clamped): they stay text.  A lon/lat value that is not a number, or out of range (|lon| > 180, e.g.
// 0-360 longitudes, |lat| > 90), is an input_error naming the record (header = row 1) and column (GDAL
// would leave the row without geometry, or the tiler wrap or clip it, unsaid).
// With a split (csv_split), the two parts are scanned at once (the second on a thread of its own), with
// the same result: the first part's error, else the second's with its row in the whole file.
struct csv_scan {
    std::vector<std::string> text_columns;
};
csv_scan scan_csv(const std::filesystem::path& file, const csv_split* split = nullptr);
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
