#pragma once
// Loading the shipped sources through their mappings, fusing them and writing the footprint.
#include "engine/fusion/footprint.hpp"
#include "layers/reader.hpp"

#include <filesystem>
#include <map>
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

fusion::footprint fuse_sources(const loaded_sources& src);

// The fused layers, in a fixed order: ports, the fact layers (by their sources' layer_rank), match_report;
// `extra` layers (e.g. the build manifest) after them.
void write_footprint_gpkg(const fusion::footprint& fp, const std::filesystem::path& target,
                          const std::vector<feature_layer>& extra = {});

} // namespace harbormap::products
