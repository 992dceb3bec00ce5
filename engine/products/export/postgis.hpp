#pragma once
// `harbormap export postgis`: the fused GeoPackage, the sea graph (as pgRouting tables) and the tile
// layers with their per-zoom rules into one PostgreSQL schema, in ONE transaction (libpqxx):
//   - an advisory transaction lock per schema name, so a second export waits for the first;
//   - everything is built in a staging schema, then the old schema is dropped and the staging one
//     renamed in the same transaction: readers see the old schema or the new one, never a mix, and a
//     failed or killed export leaves the old schema as it was;
//   - data goes in with COPY; geometries as EWKT with round-trip (shortest exact) coordinates;
//   - the QGIS default styles of the styled layers go to public.layer_styles (QGIS's table, created
//     when missing), replacing the rows of this schema only, in the same transaction.
// See README "PostGIS" for the tables, the tile function and the QGIS walkthrough.
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace harbormap::products {

// Version of the exported schema's layout (tables, columns, functions); kept in <schema>.schema_version.
inline constexpr int postgis_schema_version = 1;

struct postgis_export_params {
    std::string conninfo;                  // libpq key=value string or postgresql:// URI; GDAL's "PG:" prefix accepted
    std::string schema = "harbormap";
    bool overwrite = false;                // replace an existing schema (else: error)
    std::filesystem::path gpkg;            // out/harbormap.gpkg
    std::filesystem::path graph;           // out/seagraph.hmg
    std::filesystem::path data_dir;        // shipped data (lanes and chokepoints for the tile layers)
    std::uint32_t tiles_max_zoom = 8;      // ports are grid-thinned below this zoom (as the tiles of `harbormap build`)
    bool log_tables = true;                // "export: <table>: <n> rows" on err as each table is written
};

struct postgis_export_result {
    std::vector<std::pair<std::string, std::size_t>> tables; // table, rows
    double seconds = 0;
    std::size_t qgis_styles = 0; // default QGIS styles written to public.layer_styles (0: none, a note said why)
};

// Strips GDAL's "PG:" prefix and checks the string with libpq's own parser.  Throws usage_error.
std::string normalise_conninfo(const std::string& conn);
// The schema name must be a plain lower-case SQL identifier.  Throws usage_error.
void check_schema_name(const std::string& schema);

// Throws input_error (GeoPackage / graph), processing_error (server unreachable, SQL failure; the
// transaction is rolled back), usage_error (bad connection string or schema name).
postgis_export_result export_postgis(const postgis_export_params& p, std::ostream& err);

} // namespace harbormap::products
