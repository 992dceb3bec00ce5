// What a query command of the front (front.hpp) hands to GDAL: linked into harbormap-full (and the
// tests) only; engine/cli/main.cpp gives the front a definition that hands the run over instead.
#include "engine/cli/front.hpp"
#include "engine/products/sources.hpp"
#include "layers/gpkg_writer.hpp"

namespace harbormap::cli {

void write_ports_gpkg(const std::filesystem::path& file, const feature_layer& ports, bool overwrite) {
    layers::gpkg_writer w(file, overwrite);
    w.write_layer(ports, "harbormap ports list");
    w.commit();
}

void write_as_of_footprint(const context& ctx, int year, const std::filesystem::path& target) {
    const std::string note = products::write_as_of_gpkg(ctx.data_dir, ctx.mappings_dir, year, target);
    if (!ctx.quiet) ctx.err << note;
}

} // namespace harbormap::cli
