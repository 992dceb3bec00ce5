#pragma once
// SQL text for the PostGIS export: column types, COPY escaping, EWKT, and the tile function generated
// from the tile layer specs (so the rules live in one place: engine/products/build_tiles.cpp).
#include "engine/core/geometry.hpp"
#include "tiles/clip.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::products::detail {

std::string sql_type(field_type t);                       // text, bigint, double precision, boolean
std::string postgis_type(geometry_type t, bool multi_points); // Point / MultiPoint / MultiLineString / MultiPolygon
std::string copy_field(std::string_view s);                // COPY text format escaping
std::string copy_value(const value& v);                    // \N for null
std::string quote_ident(std::string_view s);               // "name" with "" doubled
std::string quote_literal(std::string_view s);             // 'text' with '' doubled (E'' when needed)

// EWKT in EPSG:4326 of a feature geometry as a layer of type `layer_type` (points: POINT or MULTIPOINT).
std::string ewkt_4326(const geometry& g, geometry_type layer_type, bool multi_points);
// EWKT in EPSG:3857 of a geometry in Web Mercator world coordinates (0..1, y down), as tiles/ projects it.
std::string ewkt_3857(const tiles::wgeom& g);

// One layer of the tile function.
struct tile_layer_sql {
    std::string name;                  // MVT layer and table name
    bool points = false;               // grid thinning and exact point placement from world coordinates
    std::vector<std::string> columns;  // attribute columns written
    double simplify = 1.0;             // Douglas-Peucker tolerance, tile units (lines and polygons)
    std::uint32_t point_grid = 0;      // cells per tile side for thinning (0 = none)
};

struct tile_function_options {
    std::uint32_t thin_below_zoom = 8; // grid thinning only below this zoom (the tileset's max zoom)
    std::uint32_t extent = 4096, buffer = 64;
};

// CREATE FUNCTION <schema>.tile(z integer, x integer, y integer) RETURNS bytea (ST_AsMVT of every layer,
// in the given order) and <schema>.tile_layer(...) helpers; reads <schema>.tile_features.
std::string tile_function_sql(const std::string& schema, const std::vector<tile_layer_sql>& layers,
                              const tile_function_options& o);

} // namespace harbormap::products::detail
