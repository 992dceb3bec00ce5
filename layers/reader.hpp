#pragma once
// Reads a source through its mapping with GDAL (CSV, GeoJSON, TopoJSON, GPKG) into typed features.
// Every bad record is reported as "file:row: field 'x': why"; all of them are collected, then thrown
// together as input_errors.
#include "engine/core/error.hpp"
#include "engine/core/geometry.hpp"
#include "layers/mapping.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace harbormap::layers {

class input_errors : public input_error {
public:
    explicit input_errors(std::vector<input_error> errors);
    const std::vector<input_error>& errors() const { return m_errors; }

private:
    static std::string summary(const std::vector<input_error>& errors);
    std::vector<input_error> m_errors;
};

struct source_table {
    mapping map;
    std::string file;        // path as given in messages
    feature_layer layer;     // fields in mapping order; feature.row = record number (header = 1)
    std::vector<std::string> warnings;
};

struct read_options {
    std::size_t max_errors = 50; // stop collecting after this many
};

// Reads map.path below data_dir (or `file_override` when not empty).
source_table read_source(const mapping& map, const std::filesystem::path& data_dir,
                         const std::filesystem::path& file_override = {}, const read_options& opts = {});

// Reads every layer of a vector file with its native schema (used for the fused GPKG and for
// generic GeoJSON inputs).  Text fields stay text; OGR integer/real become integer/real.
std::vector<feature_layer> read_vector_file(const std::filesystem::path& file,
                                            const std::vector<std::string>& only_layers = {});

// The same one feature at a time, without holding the file: on_layer(schema, no features) before the
// features of each layer.  generic = true reads any table as a layer of its own: CSV with point
// geometry from lon/lat columns (lon|longitude|lng|x, lat|latitude|y) and detected column types,
// and GeoJSONSeq (.geojsons, .geojsonl, .geojsonseq) besides GeoJSON and GPKG.
void stream_vector_file(const std::filesystem::path& file, const std::vector<std::string>& only_layers,
                        const std::function<void(const feature_layer&)>& on_layer,
                        const std::function<void(feature&&)>& on_feature, bool generic = true);

// A generic vector file (as stream_vector_file reads it) planned for reading in parts at once.  A CSV
// is scanned here, once (its text columns; a bad lon/lat value is an input_error naming the row).
struct vector_read_plan {
    std::filesystem::path file;
    bool csv = false;
    std::vector<std::string> text_columns; // CSV: columns kept as text (detail::csv_scan)
    // Two parts when middle > 0 (see detail::csv_split): the records before `middle`, then the rest.
    std::uint64_t middle = 0, prefix_end = 0;
    std::int64_t prefix_records = 0, first_records = 0;
    std::size_t parts() const { return middle ? 2 : 1; }
};

// max_parts >= 2: a CSV of min_split_size bytes or more is split in two parts when the bytes before
// its middle prove the cut is at a record boundary (no double quote, blank line or lone carriage return
// there; else one part).  Other files are one part.
inline constexpr std::uint64_t min_split_size = 2u << 20;
vector_read_plan plan_vector_read(const std::filesystem::path& file, unsigned max_parts);

// Streams one part of a plan, as stream_vector_file(generic) streams the file.  Part 0: the layers
// named in `preferred`, or every layer when the file has none of them (on_layer before each layer's
// features); of a split CSV, its first part.  Part 1 (a split CSV): on_layer(its schema, which is the
// first part's), then the features of the second part with the ids and rows the whole file gives them.
// The parts may be streamed on different threads at the same time.
void stream_vector_part(const vector_read_plan& plan, std::size_t part, const std::vector<std::string>& preferred,
                        const std::function<void(const feature_layer&)>& on_layer,
                        const std::function<void(feature&&)>& on_feature);

// Converts a string to a typed value by field type; returns the reason on failure.
std::string convert_value(const std::string& text, const field_mapping& fm, value& out);

} // namespace harbormap::layers
