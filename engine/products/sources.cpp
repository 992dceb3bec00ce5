#include "engine/products/sources.hpp"

#include "engine/core/error.hpp"
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
    static const std::vector<std::string> used = {"wpi", "wpi_countries", "unlocode", "terminals", "bri",
                                                  "logink", "zpmc", "other_makers", "strategic"};
    static const std::vector<std::string> required = {"wpi", "terminals", "bri", "logink", "zpmc", "strategic"};
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

fusion::footprint fuse_sources(const loaded_sources& src) {
    fusion::footprint_inputs in;
    in.wpi = src.layer("wpi");
    in.wpi_countries = src.layer("wpi_countries");
    in.unlocode = src.layer("unlocode");
    in.terminals = src.layer("terminals");
    in.bri = src.layer("bri");
    in.logink = src.layer("logink");
    in.zpmc = src.layer("zpmc");
    in.other_makers = src.layer("other_makers");
    in.strategic = src.layer("strategic");
    return fusion::fuse(in);
}

void write_footprint_gpkg(const fusion::footprint& fp, const fs::path& target, const std::vector<feature_layer>& extra) {
    layers::gpkg_writer w(target);
    w.write_layer(fp.ports, "Fused port footprint: WPI ports + curated-only ports, with Chinese terminal, BRI, LOGINK, "
                            "ZPMC and Strategic Seaport facts and their sources");
    w.write_layer(fp.terminals, "Curated Chinese (PRC) and Hong Kong terminal rows with the port each is linked to");
    w.write_layer(fp.strategic_seaports, "US DoD/MARAD Strategic Seaports (curated seed) with ZPMC cranes and nearest PRC-operated port");
    w.write_layer(fp.bri_projects, "Belt and Road port projects (curated)");
    w.write_layer(fp.logink, "LOGINK partner rows (curated)");
    w.write_layer(fp.zpmc_cranes, "ZPMC STS cranes at US ports (curated, lower bounds)");
    if (!fp.other_crane_makers.fields.empty()) w.write_layer(fp.other_crane_makers, "Non-ZPMC crane makers at US ports (curated)");
    w.write_layer(fp.match_report, "How each curated row was matched to a port, and why unmatched rows were not");
    for (const auto& l : extra) w.write_layer(l, l.name == "harbormap_manifest" ? "What this footprint was built from (harbormap diff reads it)" : "");
    w.commit();
}

} // namespace harbormap::products
