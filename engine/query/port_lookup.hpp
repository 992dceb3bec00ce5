#pragma once
// Resolving a port argument against the fused `ports` layer, in this order: a position "lon,lat"
// ("-118.2,33.7"); a port id ("wpi:42230", "cur:KZ:aktau"); a WPI number ("42230"); a code
// ("GRPIR", "GR PIR": every code in the port's `locodes` — official UN/LOCODE, WPI column, trade
// list — and its `wpi_locode`); a port complex ("Shenzhen": its main member, members listed); a
// name (display name, WPI name, alternates, other names and their variants; case- and
// diacritic-insensitive).  "CC:name" ("US:Port Elizabeth") or a country argument restricts the answer
// to one country (a code of a port elsewhere is not_found, saying so).  No answer is a status, not an exception: not_found (did-you-mean: codes ranked by
// code distance, names by name distance) or ambiguous (candidates ranked by facts, then harbour size).
#include "engine/core/geometry.hpp"

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harbormap::query {

enum class lookup_status { ok, not_found, ambiguous };
std::string to_string(lookup_status s);

// The usage error of a command that wants a port (`ports show`, /api/ports/{id}) given a position "lon,lat",
// which resolve() answers as a point: "'10,20' is a position (lon,lat), not a port: expected a UN/LOCODE, WPI
// number, port id or name".
std::string position_is_not_a_port(const std::string& arg);

struct port_ref {
    std::size_t index = 0; // feature index in the ports layer
    std::string port_id;
    std::string name;
    std::string country_iso2;
    std::string unlocode;
    std::optional<std::int64_t> wpi_number;
    lon_lat pos;
};

struct lookup_result {
    lookup_status status = lookup_status::not_found;
    std::optional<port_ref> port;    // set when a port was resolved
    std::optional<lon_lat> point;    // set when the argument was a position
    std::vector<port_ref> candidates; // ambiguous: the candidates; not_found: suggestions
    std::vector<port_ref> members;   // a port complex: its members (main member first)
    std::string message;             // human-readable reason when not ok
    std::string note;                // ok: how the answer was found when worth saying (trade code, complex)
    bool bad_input = false;          // not_found because the argument is malformed (empty, a position out of
                                     // range): callers answer it as a usage error (exit 2, HTTP 400), not a missing port
    bool ok() const { return status == lookup_status::ok; }
    lon_lat position() const { return port ? port->pos : point.value_or(lon_lat{}); }
};

// The lookup's indexes (codes, names, complexes) are built on first use, each once (thread-safe): resolving
// two codes builds no index at all (a scan of the ports whose code fields contain them).
// Loaded from the catalog file, the ports are read in place, cell by cell (catalog_rows): the lookup and the
// per-port accessors below decode only the cells they read; layer() decodes the whole layer on its first call.
class catalog_rows;
class port_catalog {
public:
    explicit port_catalog(feature_layer ports);
    port_catalog(port_catalog&&) noexcept;
    port_catalog& operator=(port_catalog&&) noexcept;
    ~port_catalog();
    // Reads the `ports` layer of the port catalog beside a fused GeoPackage (catalog_file.hpp: no GDAL);
    // a clear error asking for a rebuild when it is missing, stale or corrupt.  fields: decode only these
    // fields of the layer besides the ones the lookup itself reads (lookup_fields); empty: every field.
    static port_catalog load(const std::filesystem::path& gpkg, const std::vector<std::string>& fields = {});
    // The ports-layer fields resolve() and ref() read.
    static const std::vector<std::string>& lookup_fields();

    lookup_result resolve(const std::string& text) const { return resolve(text, {}); }
    // country: ISO 3166 alpha-2 restricting the answer (empty = any; "CC:text" sets it too): names match in that
    // country only, and a port found by id, WPI number or code in another country is not_found, the message
    // naming the port and its country.
    lookup_result resolve(const std::string& text, const std::string& country) const;
    // The ports layer (from the catalog file: decoded on the first call, thread-safe; the load()'s fields).
    const feature_layer& layer() const;
    port_ref ref(std::size_t index) const;
    // Port i's field as feature::text, flag, integer and number read it, and its first point; from the
    // catalog file without decoding the layer.
    std::size_t size() const;
    std::string text(std::size_t i, const std::string& field) const;
    bool flag(std::size_t i, const std::string& field) const;
    std::int64_t integer(std::size_t i, const std::string& field, std::int64_t fallback = 0) const;
    std::optional<double> number(std::size_t i, const std::string& field) const;
    std::optional<lon_lat> point(std::size_t i) const;
    // Port i as layer() holds it (from the catalog file: that row decoded alone, every field).
    feature port(std::size_t i) const;

private:
    struct file_source; // port_lookup.cpp: the mapped catalog, its ports rows and the lazily decoded layer
    std::unique_ptr<file_source> m_file;
    feature_layer m_ports; // in memory (constructor), empty when m_file is set
    value cell(std::size_t i, const std::string& field) const;
    // For scans over every port: a field's index in the catalog file (-1 in memory or when absent), and
    // port i's cell of it as text in place (nothing copied): nullopt when null, absent or not text.
    int file_field(const std::string& field) const;
    std::optional<std::string_view> text_view(std::size_t i, const std::string& field, int file_field) const;
    struct code_hit {
        std::size_t port;
        std::string list; // "UN/LOCODE 2024-2", "trade sea-ports 0.0.9", "WPI"
    };
    struct indexes; // port_lookup.cpp: built lazily by the accessors below
    std::unique_ptr<indexes> m_idx;
    const std::vector<std::vector<std::string>>& name_keys() const;            // name keys (with variants) per port
    const std::multimap<std::string, code_hit>& codes() const;                 // code -> ports
    const std::map<std::string, std::vector<std::size_t>>& complexes() const;  // complex name key -> members, main first
    const std::map<std::string, std::string>& complex_names() const;           // complex name key -> name
    std::vector<code_hit> code_hits(const std::string& code) const;            // the ports with this code, in port order
    template <class F> void for_each_code(std::size_t i, F&& fn) const;
    bool may_have_code(std::size_t i, const std::string& code, const std::array<int, 3>& file_fields) const;

    lookup_result resolve_unrestricted(const std::string& text, const std::string& country) const; // resolve() before the country check
    lookup_result by_name(const std::string& text, const std::string& key, const std::string& country) const;
    lookup_result not_found(const std::string& text, const std::string& key) const;
    std::vector<std::size_t> ranked(std::vector<std::size_t> hits) const;
};

} // namespace harbormap::query
