// harbormap render OUT.(png|svg|pdf) --preset world|us-strategic|route ...
#include "engine/cli/as_of.hpp"
#include "engine/cli/command.hpp"
#include "engine/core/error.hpp"
#include "engine/core/geodesy.hpp"
#include "engine/core/text.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/render/projection.hpp"

namespace harbormap::cli {
namespace {

class render_command final : public command {
public:
    std::vector<std::string> path() const override { return {"render"}; }
    std::string summary() const override {
        return "Draw a static map (PNG, SVG or PDF by extension) of the footprint: presets " + products::preset_names();
    }
    void setup(CLI::App& app) override {
        app.add_option("output", m_output, "Output file: OUT.png, OUT.svg or OUT.pdf")->required();
        std::string presets_help;
        for (const auto& q : products::presets()) presets_help += std::string(presets_help.empty() ? "" : "; ") + q.name + ": " + q.summary;
        app.add_option("--preset", m_p.preset, presets_help + " (default: world)");
        app.add_option("--region", m_p.region, "Region preset: europe, malacca, gulf, west-africa or panama (or use --bbox)");
        app.add_option("--bbox", m_bbox, "Region minlon,minlat,maxlon,maxlat (minlon > maxlon crosses 180)");
        app.add_option("--projection", m_p.projection, "Any PROJ string, e.g. '+proj=robin +lon_0=150' or EPSG:3857");
        app.add_option("--width", m_width, "Page width in pixels at --dpi");
        app.add_option("--height", m_height, "Page height in pixels at --dpi");
        app.add_option("--paper", m_p.paper, "Paper size: a3, a4, a5, letter, tabloid (landscape unless --portrait)");
        app.add_flag("--portrait", m_p.portrait, "Portrait paper");
        app.add_option("--dpi", m_p.dpi, "Resolution of PNG output (default 150; e.g. 300 for print)");
        app.add_option("--title", m_p.title, "Map title (default: the preset's)");
        app.add_flag("--cranes", m_p.cranes, "World/region preset: add the ZPMC cranes outside the US by port, sized by count");
        app.add_option("--from", m_p.from, "Route preset: origin (UN/LOCODE, WPI no., id, name or lon,lat); the route is computed on the sea graph");
        app.add_option("--to", m_p.to, "Route preset: destination (same forms)");
        app.add_option("--avoid", m_avoid, "Route preset: close gates, comma-separated (suez,panama,...); repeatable");
        app.add_flag("--avoid-prc", m_p.avoid_prc, "Route preset: do not pass within 50 nm of PRC-operated ports (except the endpoints)");
        app.add_flag("--arctic", m_p.arctic, "Route preset: allow arctic routes");
        app.add_option("--corridor", m_corridor, "Route preset: draw PRC-operated ports within this distance of the route (default 50nm)");
        app.add_option("--route-geojson", m_route, "Route preset: draw this route line instead (GeoJSON from 'harbormap route --geojson'; --from/--to then only label the title)");
        app.add_flag("--cairo-svg", m_p.cairo_svg, "SVG from cairo's surface (outlined glyphs) instead of the structured SVG");
        app.add_flag("--no-overwrite", m_no_overwrite, "Fail if the output exists");
        app.add_flag("--json", m_json, "Print a JSON summary (labels placed/dropped, size) on stdout");
        m_as_of.add(app);
    }
    int run(context& ctx) override {
        m_as_of.apply(ctx);
        m_p.output = m_output;
        m_p.gpkg = ctx.gpkg();
        m_p.data_dir = ctx.data_dir;
        m_p.route_geojson = m_route;
        m_p.graph = ctx.graph();
        m_p.mappings_dir = ctx.mappings_dir;
        m_p.log = ctx.quiet ? nullptr : &ctx.err;
        for (const auto& a : m_avoid)
            for (auto& id : split_list(a, ",")) m_p.avoid.push_back(std::move(id));
        if (!m_corridor.empty()) m_p.corridor_m = parse_distance_m(m_corridor);
        m_p.overwrite = !m_no_overwrite;
        if (!m_bbox.empty()) m_p.extent = harbormap::parse_bbox(m_bbox);
        if (m_width > 0 || m_height > 0) {
            if (m_width <= 0 || m_height <= 0) throw usage_error("--width and --height go together");
            m_p.width_pt = m_width * 72.0 / m_p.dpi;
            m_p.height_pt = m_height * 72.0 / m_p.dpi;
        }
        const auto r = products::render_preset(m_p);
        if (m_json) {
            ctx.out << "{\"output\": \"" << m_output << "\", \"labels_placed\": " << r.labels.placed.size()
                    << ", \"labels_dropped\": " << r.labels.dropped.size() << ", \"symbols\": " << r.symbols
                    << ", \"width_px\": " << r.width_px << ", \"height_px\": " << r.height_px << "}\n";
        }
        if (!ctx.quiet)
            ctx.err << "harbormap: wrote " << m_output << " (" << r.symbols << " symbols, " << r.labels.placed.size()
                    << " labels, " << r.labels.dropped.size() << " dropped for space)\n";
        return 0;
    }

private:
    products::render_params m_p;
    std::string m_output, m_bbox, m_route, m_corridor;
    std::vector<std::string> m_avoid;
    int m_width = 0, m_height = 0;
    bool m_no_overwrite = false;
    bool m_json = false;
    as_of_option m_as_of;
};

} // namespace

std::unique_ptr<command> make_render_command() { return std::make_unique<render_command>(); }

} // namespace harbormap::cli
