#pragma once
// Loading the shipped sources through their mappings, fusing them and writing the footprint.
#include "engine/fusion/footprint.hpp"
#include "layers/reader.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::products {

struct loaded_sources {
    std::map<std::string, layers::source_table> tables; // by mapping source id
    std::vector<std::string> warnings;
    std::vector<std::string> corrected; // cited corrections applied to curated rows (corrections.hpp)
    std::shared_ptr<const fusion::country_index> countries; // for the position checks (nullptr: none shipped)
    std::shared_ptr<const fusion::coast_index> coast;       // the inland check (nullptr: no land polygons)
    const feature_layer* layer(const std::string& source) const;
};

// Below data_dir: the country polygons (world-atlas TopoJSON) and the ISO code table that keys them.
inline constexpr const char* countries_file = "basemap/countries-50m.json";
inline constexpr const char* country_codes_file = "basemap/country_codes.csv";

// The country polygons of data_dir/basemap/countries-50m.json keyed through basemap/country_codes.csv, and
// the coastline (the same file's `land` object), built once into out.countries / out.coast; both stay
// nullptr when the data folder has no countries file (then no country and no inland check is made).
void load_geography(const std::filesystem::path& data_dir, loaded_sources& out);

// Reads every mapping in mappings_dir whose source the fusion uses (wpi, wpi_countries, unlocode, trade_locodes,
// port_complexes and
// every fusion::shipped_sources() table).  Bad records throw layers::input_errors.
loaded_sources load_sources(const std::filesystem::path& data_dir, const std::filesystem::path& mappings_dir);

// The footprint of these sources; with `as_of`, as it stood that year (fusion::filter_as_of on the curated
// tables before fusing, so every class is computed from the facts valid then; `note` gets what was left out).
fusion::footprint fuse_sources(const loaded_sources& src, const fusion::position_options& position = {},
                               std::optional<int> as_of = std::nullopt, std::string* note = nullptr);

// `layers check`: the position warnings of the checked tables (the fusion sources among them), fused as the
// build fuses them, with the reference tables (WPI, codes) read from data_dir unless `checked` holds them.
std::vector<fusion::position_warning> check_positions(loaded_sources checked, const std::filesystem::path& data_dir,
                                                      const std::filesystem::path& mappings_dir,
                                                      const fusion::position_options& position = {});

// `--strict`: the position warnings as one input error (every warning a line); nothing when there are none.
void throw_if_strict(const std::vector<fusion::position_warning>& warnings, bool strict);

// The as-of footprint for commands that read a GeoPackage (`--as-of YEAR`): fused from data_dir and written
// atomically to `target` with its manifest (which records as_of), and its port catalog beside it.  Returns the note for stderr.
std::string write_as_of_gpkg(const std::filesystem::path& data_dir, const std::filesystem::path& mappings_dir, int year,
                             const std::filesystem::path& target);

// The port catalog of the queries (engine/query/catalog_file.hpp) beside a footprint's GeoPackage: dir/catalog.hmc.
void write_footprint_catalog(const fusion::footprint& fp, const std::filesystem::path& dir);

// The fused layers, in a fixed order: ports, the fact layers (by their sources' layer_rank), match_report;
// `extra` layers (e.g. the build manifest) after them.
void write_footprint_gpkg(const fusion::footprint& fp, const std::filesystem::path& target,
                          const std::vector<feature_layer>& extra = {});

} // namespace harbormap::products
