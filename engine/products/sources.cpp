#include "engine/products/sources.hpp"

#include "engine/core/error.hpp"
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

loaded_sources load_sources(const fs::path& data_dir, const fs::path& mappings_dir) {
    std::vector<std::string> used = {"wpi", "wpi_countries", "unlocode", "trade_locodes", "port_complexes"}, required = {"wpi"};
    for (const auto& d : fusion::shipped_sources()) {
        used.push_back(d.source);
        if (d.required) required.push_back(d.source);
    }
    loaded_sources out;
    for (const auto& m : layers::load_mappings(mappings_dir)) {
        if (std::find(used.begin(), used.end(), m.source) == used.end()) continue;
        auto t = layers::read_source(m, data_dir);
        for (auto& w : t.warnings) out.warnings.push_back(std::move(w));
        t.warnings.clear();
        out.tables.emplace(m.source, std::move(t));
    }
    for (const auto& r : required)
        if (!out.tables.count(r))
            throw input_error(mappings_dir.string(), 0, "", "no mapping with source '" + r + "' (needed by the fusion)");
    return out;
}

fusion::footprint fuse_sources(const loaded_sources& src, std::optional<int> as_of, std::string* note) {
    fusion::footprint_inputs in;
    in.wpi = src.layer("wpi");
    in.wpi_countries = src.layer("wpi_countries");
    in.unlocode = src.layer("unlocode");
    in.trade = src.layer("trade_locodes");
    in.complexes = src.layer("port_complexes");
    for (const auto& d : fusion::shipped_sources())
        if (const feature_layer* l = src.layer(d.source)) in.tables[d.source] = l;
    if (!as_of) return fusion::fuse(in);
    const fusion::as_of_tables filtered = fusion::filter_as_of(in.tables, fusion::shipped_sources(), *as_of);
    in.tables = filtered.tables;
    if (note) *note = filtered.note.text();
    return fusion::fuse(in);
}

std::string write_as_of_gpkg(const fs::path& data_dir, const fs::path& mappings_dir, int year, const fs::path& target) {
    const loaded_sources src = load_sources(data_dir, mappings_dir);
    std::string note;
    const fusion::footprint fp = fuse_sources(src, year, &note);
    manifest m = footprint_manifest(src, data_dir);
    m.entries["as_of"] = std::to_string(year);
    write_footprint_gpkg(fp, target, {m.to_layer()});
    return note;
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
