#include "engine/products/sources.hpp"
#include "engine/products/corrections.hpp"
#include "engine/query/catalog_file.hpp"

#include "engine/core/error.hpp"
#include "engine/fusion/coast_index.hpp"
#include "engine/fusion/country_index.hpp"
#include "engine/fusion/source_descriptor.hpp"
#include "engine/fusion/validity.hpp"
#include "engine/products/manifest.hpp"
#include "layers/gpkg_writer.hpp"
#include "layers/mapping.hpp"

#include <algorithm>

namespace fs = std::filesystem;

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;

const feature_layer* loaded_sources::layer(const std::string& source) const {
    auto it = tables.find(source);
    return it == tables.end() ? nullptr : &it->second.layer;
}

namespace {
const std::vector<std::string> reference_sources = {"wpi", "wpi_countries", "unlocode", "trade_locodes", "port_complexes"};
} // namespace

void load_geography(const fs::path& data_dir, loaded_sources& out) {
    const fs::path polygons = data_dir / countries_file, codes = data_dir / country_codes_file;
    out.countries.reset();
    out.coast.reset();
    if (!fs::exists(polygons)) return;
    if (!fs::exists(codes))
        throw input_error(codes.string(), 0, "", "missing: the ISO codes that join the countries' numeric ids to country_iso2");
    std::map<std::string, std::string> iso2_of_numeric;
    for (const auto& l : layers::read_vector_file(codes))
        for (const auto& f : l.features) iso2_of_numeric[f.text("iso_numeric")] = f.text("iso2");
    const auto layers_in = layers::read_vector_file(polygons, {"countries", "land"});
    const auto layer = [&](const char* name) -> const feature_layer* {
        for (const auto& l : layers_in)
            if (l.name == name) return &l;
        return nullptr;
    };
    const feature_layer* countries = layer("countries");
    if (!countries) throw input_error(polygons.string(), 0, "countries", "no layer 'countries'");
    auto index = std::make_shared<const fusion::country_index>(*countries, iso2_of_numeric);
    if (index->countries() == 0)
        throw input_error(polygons.string(), 0, "id", "no country polygon has an ISO numeric id listed in " + codes.string());
    out.countries = std::move(index);
    if (const feature_layer* land = layer("land")) out.coast = std::make_shared<const fusion::coast_index>(*land);
}

loaded_sources load_sources(const fs::path& data_dir, const fs::path& mappings_dir) {
    std::vector<std::string> used = reference_sources, required = {"wpi"};
    for (const auto& d : fusion::shipped_sources()) {
        used.push_back(d.source);
        if (d.required) required.push_back(d.source);
    }
    loaded_sources out;
    std::optional<layers::source_table> corrections;
    for (const auto& m : layers::load_mappings(mappings_dir)) {
        // the cited corrections of curated rows, when the data folder has them (corrections.hpp)
        if (m.source == "corrections") {
            if (fs::exists(data_dir / m.path)) corrections = layers::read_source(m, data_dir);
            continue;
        }
        if (std::find(used.begin(), used.end(), m.source) == used.end()) continue;
        auto t = layers::read_source(m, data_dir);
        for (auto& w : t.warnings) out.warnings.push_back(std::move(w));
        t.warnings.clear();
        out.tables.emplace(m.source, std::move(t));
    }
    for (const auto& r : required)
        if (!out.tables.count(r))
            throw input_error(mappings_dir.string(), 0, "", "no mapping with source '" + r + "' (needed by the fusion)");
    if (corrections) {
        apply_corrections(*corrections, out);
        out.tables.emplace("corrections", std::move(*corrections)); // in the manifest: a changed correction is a changed input
    }
    load_geography(data_dir, out);
    return out;
}

namespace {
// The fusion's inputs from loaded tables: the reference tables, `sources` (those loaded), each table's origin.
fusion::footprint_inputs inputs_of(const loaded_sources& src, const std::vector<fusion::source_descriptor>& sources,
                                   const fusion::position_options& position) {
    fusion::footprint_inputs in;
    in.wpi = src.layer("wpi");
    in.wpi_countries = src.layer("wpi_countries");
    in.unlocode = src.layer("unlocode");
    in.trade = src.layer("trade_locodes");
    in.complexes = src.layer("port_complexes");
    in.sources = &sources;
    for (const auto& d : sources)
        if (const feature_layer* l = src.layer(d.source)) in.tables[d.source] = l;
    in.countries = src.countries.get();
    in.coast = src.coast.get();
    in.position = position;
    for (const auto& [source, t] : src.tables) {
        fusion::table_origin& o = in.origins[source];
        o.file = t.file;
        if (t.map.geometry == layers::geometry_source::lon_lat_columns) o.position_field = t.map.lon_column + "/" + t.map.lat_column;
    }
    return in;
}
} // namespace

fusion::footprint fuse_sources(const loaded_sources& src, const fusion::position_options& position, std::optional<int> as_of,
                               std::string* note) {
    fusion::footprint_inputs in = inputs_of(src, fusion::shipped_sources(), position);
    if (!as_of) return fusion::fuse(in);
    const fusion::as_of_tables filtered = fusion::filter_as_of(in.tables, fusion::shipped_sources(), *as_of);
    in.tables = filtered.tables;
    if (note) *note = filtered.note.text();
    return fusion::fuse(in);
}

std::vector<fusion::position_warning> check_positions(loaded_sources checked, const fs::path& data_dir,
                                                      const fs::path& mappings_dir, const fusion::position_options& position) {
    std::vector<fusion::source_descriptor> sources;
    for (const auto& d : fusion::shipped_sources())
        if (checked.tables.count(d.source)) {
            sources.push_back(d);
            sources.back().required = false; // only the tables checked
        }
    if (sources.empty()) return {};
    for (const auto& m : layers::load_mappings(mappings_dir))
        if (std::find(reference_sources.begin(), reference_sources.end(), m.source) != reference_sources.end() &&
            !checked.tables.count(m.source))
            checked.tables.emplace(m.source, layers::read_source(m, data_dir));
    if (!checked.layer("wpi"))
        throw input_error(mappings_dir.string(), 0, "", "no mapping with source 'wpi' (the position checks need it)");
    load_geography(data_dir, checked);
    return fusion::fuse(inputs_of(checked, sources, position)).position_warnings;
}

void throw_if_strict(const std::vector<fusion::position_warning>& warnings, bool strict) {
    if (!strict || warnings.empty()) return;
    std::vector<input_error> errors;
    for (const auto& w : warnings) errors.emplace_back(w.file, w.row, w.field, w.why);
    throw layers::input_errors(std::move(errors));
}

std::string write_as_of_gpkg(const fs::path& data_dir, const fs::path& mappings_dir, int year, const fs::path& target) {
    const loaded_sources src = load_sources(data_dir, mappings_dir);
    std::string note;
    const fusion::footprint fp = fuse_sources(src, {}, year, &note);
    manifest m = footprint_manifest(src, data_dir);
    m.entries["as_of"] = std::to_string(year);
    write_footprint_gpkg(fp, target, {m.to_layer()});
    write_footprint_catalog(fp, target.parent_path());
    return note;
}

void write_footprint_catalog(const fusion::footprint& fp, const fs::path& dir) {
    // The ports, every fact layer and the match report, mapped by route/near/matrix/deps/ports without GDAL.
    std::vector<const feature_layer*> layers = {&fp.ports};
    for (const auto& f : fp.facts) layers.push_back(&f.layer);
    layers.push_back(&fp.match_report);
    query::write_catalog_file(query::catalog_path(dir), layers);
}

void write_footprint_gpkg(const fusion::footprint& fp, const fs::path& target, const std::vector<feature_layer>& extra) {
    layers::gpkg_writer w(target);
    w.write_layer(fp.ports, fusion::ports_layer_description);
    for (const auto& f : fp.facts) w.write_layer(f.layer, f.description);
    w.write_layer(fp.match_report, fusion::match_report_description);
    for (const auto& l : extra) w.write_layer(l, l.name == "harbormap_manifest" ? "What this footprint was built from (harbormap diff reads it)" : "");
    w.commit();
}

} // namespace harbormap::products
