#pragma once
// The port catalog file (`out/catalog.hmc`): the fused layers the queries read (ports with every code,
// name, alias and complex the port lookup uses; every fact layer: terminals, strategic seaports, BRI,
// LOGINK, cranes ...; the match report), written by `harbormap build` beside the GeoPackage so that
// `route`, `near`, `matrix`, `deps`, `ports show/list` and `serve` never open the GeoPackage (no GDAL
// in the query path).  Layers are stored generically -- schema (field names and types), then per feature the
// geometry and one typed value per field -- so new fields need no format change.
//
// Layout (little-endian): a 64-byte header (magic "HMCATALG", format version, byte-order mark, layer
// count, payload size, XXH3-64 checksum of the payload), then the payload: a table of contents (layer
// name, offset, size) followed by the layers; a layer is its geometry type, schema, feature count, the
// offset of every row (and of its end) and the rows, each a geometry and one value per field.  The file is mapped, not read; the header checks run in
// the order magic, byte order, size, version, checksum, and every failure asks for a rebuild.
//
// What is stored is what reading the GeoPackage gives (layers::read_vector_file): properties in schema
// order with values of the field's type, feature id and row = position + 1, so a query answers
// byte-identically from either.
#include "engine/core/geometry.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::query {

// 2: a table of row offsets after each layer's feature count (catalog_rows reads cells in place)
inline constexpr std::uint32_t catalog_file_version = 2;
inline constexpr const char* catalog_file_name = "catalog.hmc";

// The catalog of a build's output directory.
std::filesystem::path catalog_path(const std::filesystem::path& out_dir);

std::string serialize_catalog(const std::vector<const feature_layer*>& layers);
void write_catalog_file(const std::filesystem::path& file, const std::vector<const feature_layer*>& layers);

// Random access to the cells of one layer of a catalog, in place: the rows are located by one pass that
// allocates nothing per cell, each field's cells on first use of the field (thread-safe), and a cell is
// decoded when asked for.  A query that reads a few fields of a few ports pays for those alone.  Valid
// while its catalog_file lives (it points into the mapping).
class catalog_rows {
public:
    catalog_rows(catalog_rows&&) noexcept;
    ~catalog_rows();
    std::size_t size() const;
    const std::vector<field_def>& fields() const;
    // The index of a field in fields(), or -1.
    int field_index(const std::string& name) const;
    // The value of one cell as layer() decodes it (null for field -1).
    value cell(std::size_t row, int field) const;
    // A text cell in place (a view into the mapping, nothing copied); nullopt when the cell is null or
    // not text, or field is -1.
    std::optional<std::string_view> text_view(std::size_t row, int field) const;
    // One row as layer() decodes it (every field).
    feature row(std::size_t row) const;
    // The first point of a row's geometry, when it has points.
    std::optional<lon_lat> first_point(std::size_t row) const;

private:
    friend class catalog_file;
    struct impl;
    explicit catalog_rows(std::unique_ptr<impl> m);
    std::unique_ptr<impl> m;
};

// A mapped, checked catalog.  open() throws processing_error naming the file and asking for a rebuild
// when it is missing, truncated, corrupt or of another format version.
class catalog_file {
public:
    static catalog_file open(const std::filesystem::path& file);
    // From bytes in memory (tests, fuzzing); `what` names the source in messages.
    static catalog_file from_bytes(std::string bytes, const std::string& what);

    catalog_file(catalog_file&&) noexcept;
    catalog_file& operator=(catalog_file&&) noexcept;
    ~catalog_file();

    std::vector<std::string> layer_names() const;
    bool has_layer(const std::string& name) const;
    // Decodes one layer; throws processing_error when it is not in the catalog.  fields: decode only these
    // (in the stored order; the layer's schema lists only them); empty: every field.  A query that reads
    // a few fields of every port skips the rest without allocating them.
    feature_layer layer(const std::string& name, const std::vector<std::string>& fields = {}) const;
    // The cells of one layer, decoded on demand (see catalog_rows); throws like layer().
    catalog_rows rows(const std::string& name) const;

private:
    struct impl;
    explicit catalog_file(std::unique_ptr<impl> m);
    std::unique_ptr<impl> m;
};

// The named layers of the catalog in `out_dir` (every layer when `only` is empty), in catalog order;
// names that are not in it are skipped (like layers::read_vector_file).
std::vector<feature_layer> read_catalog_layers(const std::filesystem::path& out_dir, const std::vector<std::string>& only = {});

} // namespace harbormap::query
