#pragma once
// Declarative field mappings: a source is described by a JSON file in layers/mappings/ (which file,
// which columns become which typed fields, how the geometry is formed).  A new source is a new
// mapping file, not new code.  See layers/mappings/README.md for the format.
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::layers {

struct field_mapping {
    std::string name;              // our field name
    std::string column;            // column/property in the source
    field_type type = field_type::text;
    bool required = false;         // a record without a value is an error
    bool optional_column = false;  // the column may be absent from the header (values are then null)
    std::vector<std::string> values; // allowed values (empty = any); "" allows empty
    std::optional<double> min, max;  // for numbers
};

enum class geometry_source { none, lon_lat_columns, native };

struct mapping {
    std::filesystem::path mapping_file; // where it was read from (for messages)
    std::string source;                 // short id: "wpi", "terminals", ...
    std::string title;
    std::string path;                   // data file, relative to the data directory
    std::string license;
    geometry_source geometry = geometry_source::none;
    std::string lon_column, lat_column;
    bool geometry_required = true;      // lon/lat: a row without coordinates is an error
    geometry_type native_type = geometry_type::none; // expected type for native geometries
    std::string key;                    // field that must be unique (may be empty)
    bool duplicate_keys_allowed = false; // true: duplicates are reported as warnings
    std::vector<field_mapping> fields;

    const field_mapping* field(const std::string& name) const;
};

// Parses a mapping file; errors name the mapping file and the offending key.
mapping load_mapping(const std::filesystem::path& file);
// All mappings in a directory (sorted by file name).
std::vector<mapping> load_mappings(const std::filesystem::path& dir);

std::string to_string(field_type t);

} // namespace harbormap::layers
