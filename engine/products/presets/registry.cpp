// The one list of map presets.  A new preset is one file under engine/products/presets/ (a function
// making the map document) and one line here.
#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace harbormap::products {

const std::vector<preset>& presets() {
    static const std::vector<preset> p = {
        {"world", "PRC-operated terminals worldwide by group, with BRI, LOGINK and Hong Kong ports", world_map},
        {"us-strategic", "US Strategic Seaports: ZPMC cranes and the nearest PRC-operated ports", us_strategic_map},
        {"route", "a sea route (--from/--to or --route-geojson) with its gates and the PRC-operated ports along it", route_map},
        {"region", "the full footprint in a region (--region NAME or --bbox) with counts for that region", region_map},
        {"equipment", "ZPMC cranes and other Chinese equipment (Nuctech, Sany, Westwell, ZPMC) by port, sized by count", equipment_map},
    };
    return p;
}

const preset* find_preset(const std::string& name) {
    for (const auto& p : presets())
        if (name == p.name) return &p;
    return nullptr;
}

std::string preset_names() {
    std::vector<std::string> n;
    for (const auto& p : presets()) n.push_back(p.name);
    return join(n, ", ");
}

void render_params::validate() const {
    if (!find_preset(preset)) {
        std::vector<std::string> names;
        for (const auto& q : presets()) names.push_back(q.name);
        auto s = suggest(preset, names);
        throw usage_error("--preset '" + preset + "': unknown preset (" + preset_names() + ")" + (s.empty() ? "" : "; did you mean " + s[0] + "?"));
    }
    if (output.empty()) throw usage_error("no output file given (OUT.png, OUT.svg or OUT.pdf)");
    (void)render::format_from_path(output);
    if (dpi < 36 || dpi > 1200) throw usage_error("--dpi " + format_general(dpi) + ": expected 36..1200");
    if ((width_pt > 0) != (height_pt > 0)) throw usage_error("--width and --height go together");
    if (width_pt < 0 || height_pt < 0) throw usage_error("--width/--height must be positive");
    if (width_pt > 0 && (width_pt / 72 * dpi > 20000 || height_pt / 72 * dpi > 20000))
        throw usage_error("page too large: at most 20000 px a side");
    if (preset == "route" && route_geojson.empty() && (trim(from).empty() || trim(to).empty()))
        throw usage_error("--preset route needs --from PORT --to PORT (computed with the sea graph) or --route-geojson FILE "
                          "(a line from 'harbormap route --geojson')");
    if (preset != "route" && (!avoid.empty() || avoid_prc))
        throw usage_error("--avoid/--avoid-prc apply to --preset route only");
    if (!route_geojson.empty() && (!avoid.empty() || avoid_prc))
        throw usage_error("--avoid/--avoid-prc close gates of a computed route: use --from/--to instead of --route-geojson");
    if (!(corridor_m >= 0) || corridor_m > 2000 * 1852.0) throw usage_error("--corridor must be between 0 and 2000nm");
    if (!region.empty() && preset != "region") throw usage_error("--region applies to --preset region only");
    if (cranes && preset != "world" && preset != "region")
        throw usage_error("--cranes applies to --preset world and region (the equipment preset always shows the cranes)");
    if (preset == "region") (void)region_extent(*this);
}

render::map_document preset_document(const render_params& p, const map_layers& fp, const std::vector<polygon>& basemap) {
    render::map_document doc = find_preset(p.preset)->make(fp, basemap, p);
    mark_as_of(doc, fp);
    return doc;
}

render::render_result render_preset(const render_params& p) {
    p.validate();
    const map_layers fp = load_map_layers(p.gpkg);
    const auto basemap = load_basemap(p.data_dir);
    const render::map_document doc = preset_document(p, fp, basemap);
    render::render_options o;
    o.overwrite = p.overwrite;
    o.cairo_svg = p.cairo_svg;
    return render::render_map(doc, p.output, o);
}

void render_preset(const render_params& p, const map_layers& fp, const std::vector<polygon>& basemap,
                   const std::vector<std::filesystem::path>& outputs) {
    for (const auto& out : outputs) {
        render_params q = p;
        q.output = out;
        q.validate();
    }
    const render::map_document doc = preset_document(p, fp, basemap);
    render::render_options o;
    o.overwrite = p.overwrite;
    o.cairo_svg = p.cairo_svg;
    for (const auto& out : outputs) render::render_map(doc, out, o);
}

} // namespace harbormap::products
