#pragma once
// The generator's input, kept compactly and within a memory budget: features are added one at a
// time (from memory or streamed from a file), projected to Web Mercator, their rule values (keep,
// importance, min zoom) evaluated once, their attributes encoded into a byte blob.  Per feature a
// fixed-size row; rows and blobs live in spill stores (memory up to a share of the budget, then a
// temporary file), so a million points need no more memory than the budget.  Lines, polygons and
// multi-points keep their projected geometry in memory (they are few; the rows index them).
// Tilestats, vector_layers fields and bounds are accumulated while adding.
#include "engine/core/geometry.hpp"
#include "tiles/clip.hpp"
#include "tiles/spill.hpp"

#include <nlohmann/json.hpp>

#include <optional>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace harbormap::tiles {

// How one layer is tiled (see generator.hpp for the rules).
struct layer_spec {
    std::string name; // MVT layer name
    std::string description;
    const feature_layer* source = nullptr; // for generate(specs, ...); tile_input::add() otherwise
    std::uint32_t min_zoom = 0, max_zoom = 30;
    std::function<bool(const feature&)> keep;
    std::function<double(const feature&)> importance; // higher = more important
    std::string importance_attribute;                 // used when `importance` is empty
    std::function<int(const feature&)> feature_min_zoom;
    std::uint32_t point_grid = 0; // 0 = no grid thinning
    double simplify = 1.0;        // tile units
    std::vector<std::string> fields;         // attributes written (empty = all)
    std::vector<std::string> exclude_fields; // never written
};

// True when the layer writes attribute `key` (spec.fields, spec.exclude_fields).
bool layer_writes(const layer_spec& s, const std::string& key);

namespace detail {

// One feature as the generator scans it (40 bytes on disk).
struct feature_row {
    double wx = 0, wy = 0;    // single point: world coordinates
    double importance = 0;    // higher = more important
    std::uint64_t blob = 0;   // offset of the id + attributes blob
    std::uint32_t geom = 0;   // single point: no_geom; else index into the layer's geometries
    std::int8_t min_zoom = 0; // not shown below
    std::uint8_t keep = 0;    // never dropped
    std::uint8_t type = 0;    // geometry_type
    std::uint8_t pad = 0;
    static constexpr std::uint32_t no_geom = 0xffffffffu;
};
static_assert(sizeof(feature_row) == 40);

// mapbox-geostats attribute statistics of one layer, accumulated feature by feature.
class attribute_stats {
public:
    void add(const std::string& key, const value& v);
    nlohmann::json json(const std::string& layer, std::size_t count, geometry_type type) const;

private:
    struct acc {
        std::set<std::string> strings;
        std::set<double> numbers;
        std::set<bool> bools;
        bool has_num = false;
        double min = 0, max = 0;
    };
    std::map<std::string, acc> m_attrs;
};

} // namespace detail

// Attributes as decoded from a blob at encoding time.
struct decoded_props {
    std::optional<std::uint64_t> id;
    std::vector<std::pair<std::uint32_t, value>> props; // key index, value
};

class tile_input {
public:
    static constexpr std::size_t default_max_memory = 32u << 20;
    // max_memory: the working budget in bytes (rows + blobs in memory, records of one pass);
    // the generator takes its per-pass share from max_memory() too.
    explicit tile_input(std::size_t max_memory = default_max_memory);
    ~tile_input();
    tile_input(tile_input&&) noexcept;
    tile_input& operator=(tile_input&&) noexcept;

    // Starts a layer (spec.source is not used; features come through add()).  `fields` is the
    // layer's schema for vector_layers (attributes not in it are still written).  Returns its index.
    // `type` is the layer's declared geometry type for tilestats (none: the first feature's).
    std::size_t add_layer(const layer_spec& spec, std::vector<field_def> fields, geometry_type type = geometry_type::none);
    // Adds a feature to layer `layer`; features without geometry are counted but not tiled.
    void add(std::size_t layer, const feature& f);
    // Call after the last add() (generate() does it).
    void seal();

    std::size_t layer_count() const;
    std::size_t max_memory() const { return m_max_memory; }

    // ---- used by the generator ----
    struct layer_data;
    const layer_data& layer(std::size_t i) const;
    void read_rows(std::size_t layer, std::size_t first, std::size_t n, std::vector<detail::feature_row>& out) const;
    void read_props(std::uint64_t blob, decoded_props& out, std::string& scratch) const;
    bbox bounds() const { return m_bounds; }
    // True when rows or attribute blobs went to a temporary file (the budget was exceeded).
    bool spilled() const;

private:
    std::size_t m_max_memory;
    std::vector<std::unique_ptr<layer_data>> m_layers;
    std::unique_ptr<spill_store> m_blobs;
    bbox m_bounds;
    std::string m_buf;
};

struct tile_input::layer_data {
    layer_spec spec;
    std::vector<field_def> fields;
    std::vector<std::string> keys; // attribute keys in first-seen order (blob key indexes)
    std::map<std::string, std::int64_t> key_index; // -1: attribute not written (fields/exclude_fields)
    std::unique_ptr<spill_store> rows;
    std::size_t count = 0;          // rows
    std::vector<wgeom> geoms;       // non-single-point geometries
    detail::attribute_stats stats;
    geometry_type type = geometry_type::none; // declared, else the first feature's
};

} // namespace harbormap::tiles
