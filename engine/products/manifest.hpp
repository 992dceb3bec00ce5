#pragma once
// The build manifest: what a footprint was built from, so that `harbormap diff` can say what it compares
// and refuse what it cannot.  Stored as the `harbormap_manifest` attribute table of the GeoPackage (key,
// value) and as out/manifest.json.  Deterministic: the build date is SOURCE_DATE_EPOCH when set, else the
// newest source_date of the data's rows -- never the wall clock.
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace harbormap::products {

// Bumped whenever a layer or field that `diff` reads changes meaning.
inline constexpr int footprint_schema_version = 2;
inline constexpr const char* manifest_layer_name = "harbormap_manifest";

struct manifest {
    std::map<std::string, std::string> entries; // schema_version, harbormap_version, build_date, file:<path> -> "crc32 size"
    int schema_version() const;
    std::string build_date() const;
    feature_layer to_layer() const;
    std::string to_json() const;
    static manifest from_layer(const feature_layer& layer);
};

// files: data files relative to data_dir; fact_layers: rows whose `source_date` gives the newest date.
manifest make_manifest(const std::filesystem::path& data_dir, const std::vector<std::string>& files,
                       const std::vector<const feature_layer*>& fact_layers);

struct loaded_sources;
// The manifest of a build from these sources: every source file's fingerprint, the newest source_date.
manifest footprint_manifest(const loaded_sources& src, const std::filesystem::path& data_dir);

// CRC-32 (zlib) of a file as 8 hex digits, with its size.
std::string file_fingerprint(const std::filesystem::path& file);

} // namespace harbormap::products
