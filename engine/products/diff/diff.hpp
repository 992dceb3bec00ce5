#pragma once
// `harbormap diff OLD NEW`: what changed between two footprints (GeoPackages from `build`, or data
// folders, which are fused on the fly): fact rows added, removed and changed (field by field: stake,
// status, role, confidence, source, ...), and ports entering or leaving each class (PRC-operated,
// Hong Kong-operated, BRI, LOGINK, ZPMC, Strategic Seaport).  Both sides must carry a harbormap manifest
// of the same schema version.
#include "engine/core/geometry.hpp"
#include "engine/products/manifest.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace harbormap::products {

struct snapshot {
    std::string label; // the path as given
    manifest info;
    std::map<std::string, feature_layer> layers; // by layer name
};

// A GeoPackage written by `build`, or a data folder (fused with the mappings in mappings_dir).  A file
// that is not a harbormap GeoPackage (no manifest) or of another schema version is an input_error.
snapshot load_snapshot(const std::filesystem::path& path, const std::filesystem::path& mappings_dir);

struct field_change {
    std::string field, before, after;
};
struct row_change {
    std::string layer, id, label; // label: port name / terminal name for the reader
    std::vector<field_change> fields; // empty for added/removed rows
    const feature* row = nullptr;     // the row (NEW side for added/changed, OLD side for removed)
};
struct class_change {
    std::string port_id, name, cls;
    bool entered = true;
    const feature* port = nullptr;
};

struct footprint_diff {
    const snapshot* before = nullptr;
    const snapshot* after = nullptr;
    std::vector<std::string> files_changed, files_added, files_removed;
    std::vector<row_change> added, removed, changed;
    std::vector<class_change> classes;
    bool empty() const { return added.empty() && removed.empty() && changed.empty() && classes.empty(); }
};

footprint_diff diff_snapshots(const snapshot& before, const snapshot& after);

std::string diff_text(const footprint_diff& d);
std::string diff_json(const footprint_diff& d);
std::string diff_geojson(const footprint_diff& d);

// The port classes `diff` follows, as (ports layer field, label).
const std::vector<std::pair<std::string, std::string>>& port_classes();

} // namespace harbormap::products
