// harbormap export postgis CONN: the GeoPackage, the sea graph (pgRouting tables) and the tile
// function into a PostGIS schema, in one transaction (engine/products/export/postgis.hpp).
#include "engine/cli/command.hpp"
#include "engine/core/error.hpp"
#include "engine/products/export/postgis.hpp"

#include <fmt/format.h>

namespace harbormap::cli {
namespace {

class export_postgis_command final : public command {
public:
    std::vector<std::string> path() const override { return {"export", "postgis"}; }
    std::string summary() const override {
        return "Export the GeoPackage layers, the sea graph (pgRouting) and a tile function to PostGIS, in one transaction";
    }
    void setup(CLI::App& app) override {
        app.add_option("conn", m_p.conninfo,
                       "libpq connection string (\"host=... dbname=...\") or postgresql:// URI; GDAL's PG: prefix accepted")
            ->required();
        app.add_option("--schema", m_p.schema, "Target schema (default harbormap)");
        app.add_flag("--overwrite", m_p.overwrite, "Replace the schema when it exists");
        app.add_option("--tiles-max-zoom", m_p.tiles_max_zoom,
                       "Ports are grid-thinned below this zoom in tile(z,x,y), as in a tileset of this max zoom (default 8, as `harbormap build`)")
            ->check(CLI::Range(0, 24)); // the zooms of `tiles build`
    }
    int run(context& ctx) override {
        products::check_schema_name(m_p.schema);
        m_p.conninfo = products::normalise_conninfo(m_p.conninfo); // usage error before any file is read
        m_p.gpkg = ctx.gpkg();
        m_p.graph = ctx.graph();
        m_p.data_dir = ctx.data_dir;
        m_p.log_tables = !ctx.quiet;
        const auto r = products::export_postgis(m_p, ctx.err);
        if (!ctx.quiet) {
            std::size_t rows = 0;
            for (const auto& [t, n] : r.tables) rows += n;
            ctx.err << fmt::format("export: schema {}: {} tables, {} rows in {:.1f} s (one transaction)\n", m_p.schema, r.tables.size(), rows,
                                   r.seconds);
            if (r.qgis_styles > 0)
                ctx.err << fmt::format("export: {} QGIS default styles in public.layer_styles (schema {}): QGIS loads them when it "
                                       "adds the layers\n", r.qgis_styles, m_p.schema);
        }
        return 0;
    }

private:
    products::postgis_export_params m_p;
};

} // namespace

std::unique_ptr<command> make_export_postgis_command() { return std::make_unique<export_postgis_command>(); }

} // namespace harbormap::cli
