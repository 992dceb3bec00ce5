#pragma once
// Loading the shipped sources through their mappings, fusing them and writing the footprint.
#include "engine/fusion/footprint.hpp"
#include "layers/reader.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::products {

struct loaded_sources {
    std::map<std::string, layers::source_table> tables; // by mapping source id
    std::vector<std::string> warnings;
    const feature_layer* layer(const std::string& source) const;
};

// Reads every mapping in mappings_dir whose source the fusion uses (wpi, wpi_countries, unlocode, trade_locodes,
// port_complexes and
// every fusion::shipped_sources() table).  Bad records throw layers::input_errors.
loaded_sources load_sources(const std::filesystem::path& data_dir, const std::filesystem::path& mappings_dir);

// The footprint of these sources; with `as_of`, as it stood that year (fusion::filter_as_of on the curated
// tables before fusing, so every class is computed from the facts valid then; `note` gets what was left out).
fusion::footprint fuse_sources(const loaded_sources& src, std::optional<int> as_of = std::nullopt,
                               std::string* note = nullptr);

// The as-of footprint for commands that read a GeoPackage (`--as-of YEAR`): fused from data_dir and written
// atomically to `target` with its manifest (which records as_of).  Returns the note for stderr.
std::string write_as_of_gpkg(const std::filesystem::path& data_dir, const std::filesystem::path& mappings_dir, int year,
                             const std::filesystem::path& target);

// The fused layers, in a fixed order: ports, the fact layers (by their sources' layer_rank), match_report;
// `extra` layers (e.g. the build manifest) after them.
void write_footprint_gpkg(const fusion::footprint& fp, const std::filesystem::path& target,
                          const std::vector<feature_layer>& extra = {});

} // namespace harbormap::products
