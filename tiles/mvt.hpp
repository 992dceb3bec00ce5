#pragma once
// Mapbox Vector Tile 2.1 encoder and decoder on protozero.
//
// The encoder takes geometry already in tile coordinates (integers, y down, 0..extent plus buffer)
// and writes the command stream (MoveTo/LineTo/ClosePath with zigzag deltas) and the per-layer
// keys/values tables.  Polygon ring orientation is the caller's job (see clip.hpp: orient_rings),
// but the encoder checks it: an exterior ring must have positive area (clockwise on screen) and an
// interior ring negative area, as the spec says; a wrong ring throws std::invalid_argument.
#include "engine/core/geometry.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace harbormap::tiles {

struct ipoint {
    std::int32_t x = 0, y = 0;
    friend bool operator==(const ipoint&, const ipoint&) = default;
};

// Twice the signed area by the surveyor's formula over an open ring (no repeated closing point).
std::int64_t ring_area2(const std::vector<ipoint>& ring);

// A property as the encoder sees it (key and value owned elsewhere).
struct prop_ref {
    const std::string* key;
    const value* val;
};

class layer_builder {
public:
    explicit layer_builder(std::string name, std::uint32_t extent = 4096);

    // parts: points -> one part holding every point; lines -> one part per line (>= 2 points);
    // polygons -> rings, each exterior ring followed by its holes, open (no repeated closing point).
    // Null property values are skipped.
    void add_feature(std::optional<std::uint64_t> id, geometry_type type,
                     const std::vector<std::vector<ipoint>>& parts, const std::vector<prop_ref>& props);

    const std::string& name() const { return m_name; }
    std::size_t feature_count() const { return m_features.size(); }
    bool empty() const { return m_features.empty(); }
    // The encoded Layer message (without the Tile wrapper).
    std::string encode() const;

private:
    std::uint32_t key_index(const std::string& key);
    std::uint32_t value_index(const value& v);

    std::string m_name;
    std::uint32_t m_extent;
    std::vector<std::string> m_features; // encoded Feature messages
    std::vector<std::string> m_keys;
    std::unordered_map<std::string, std::uint32_t> m_key_index;
    std::vector<std::string> m_values; // encoded Value messages
    std::unordered_map<std::string, std::uint32_t> m_value_index;
};

// A Tile message from layers (empty layers are left out).
std::string encode_tile(const std::vector<layer_builder>& layers);

// ---- decoding -------------------------------------------------------------------------------

struct decoded_feature {
    std::optional<std::uint64_t> id;
    geometry_type type = geometry_type::none;
    std::vector<std::vector<ipoint>> parts; // rings are open (the ClosePath is implied)
    std::vector<std::pair<std::string, value>> properties;
};

struct decoded_layer {
    std::string name;
    std::uint32_t version = 1;
    std::uint32_t extent = 4096;
    std::vector<decoded_feature> features;
};

struct decoded_tile {
    std::vector<decoded_layer> layers;
    std::vector<std::string> warnings; // what the spec lets a decoder tolerate, each naming where and the rule
};

// Throws std::runtime_error naming the layer/feature and the MVT 2.1 rule broken when the tile is
// malformed; features of unknown geometry type and values of unknown type are skipped with a warning.
decoded_tile decode_tile(std::string_view data);

// Canonical JSON text of a decoded tile: layers in file order, properties sorted by key, one
// feature per line; numbers printed with fixed rules.  Used by `tiles show --json` and goldens.
std::string to_canonical_json(const decoded_tile& t);
// Short human-readable summary (layer, feature count, geometry types).
std::string to_text(const decoded_tile& t);

} // namespace harbormap::tiles
