// Labels of the MapLibre style (port and chokepoint names as symbol layers) and the glyphs they need,
// generated from the installed Noto fonts (tiles/glyphs.hpp): the style works with no network.
#include "engine/core/error.hpp"
#include "engine/products/tiles_build.hpp"
#include "tiles/glyphs.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <set>

namespace fs = std::filesystem;

namespace harbormap::products {
namespace {

using nlohmann::json;

json ml_get(const char* field) { return json::array({"get", field}); }
json ml_is_true(const char* field) { return json::array({"==", ml_get(field), true}); }

// One label layer; draw order = placement order reversed (MapLibre places the top layer's labels first).
struct label_rule {
    std::string id, layer, label, font;
    json filter;       // null = every feature
    bool ports_ranked; // symbol-sort-key: the ports' label priority (else tile order)
    double size;
    std::string colour; // a colour role of symbols.json
    int min_zoom = 0;
};

// The static maps' label priority of a port (symbols.json "port_label_priority", presets' port_priority);
// MapLibre places the lowest symbol-sort-key first.
json port_sort_key(const label_priority& w) {
    const json priority = json::array({"+", w.base, json::array({"*", w.importance, json::array({"to-number", ml_get("importance")})}),
                                       json::array({"*", w.prc_terminals, json::array({"to-number", ml_get("prc_terminals")})}),
                                       json::array({"case", ml_is_true("strategic"), w.strategic, 0})});
    return json::array({"-", 0, priority});
}

// Flags of a port as a MapLibre "any" expression.
json any_flag(std::initializer_list<const char*> flags) {
    json e = json::array({"any"});
    for (const char* f : flags) e.push_back(ml_is_true(f));
    return e;
}

const std::vector<label_rule>& label_rules() {
    static const std::vector<label_rule> r = [] {
        // the static maps label these first; then the other key ports of the tiles (port_is_key), then the rest
        const json first = any_flag({"strategic", "prc_operated", "hk_operated"});
        const json flagged = any_flag({"bri", "logink", "zpmc", "zpmc_abroad", "prc_equipment"});
        // text colours: roles of symbols.json (chokepoint names in the chokepoints' colour, as on the static maps)
        return std::vector<label_rule>{
            {"ports-label", "ports", "Port name (other ports, from zoom 4)", "Noto Sans Regular",
             json::array({"!", json::array({"any", first, flagged})}), true, 11, "label_tiles_other", 4},
            {"ports-label-flagged", "ports", "Port name (BRI, LOGINK, ZPMC or Chinese equipment)", "Noto Sans Regular",
             json::array({"all", json::array({"!", first}), flagged}), true, 11, "label_tiles_flagged"},
            {"chokepoints-label", "chokepoints", "Chokepoint name", "Noto Sans Italic", nullptr, false, 11, "chokepoint"},
            {"ports-label-key", "ports", "Port name (US strategic, PRC- or HK-operated)", "Noto Sans Bold", first, true, 12,
             "label_tiles_key"},
        };
    }();
    return r;
}

} // namespace

std::vector<nlohmann::json> maplibre_label_layers(const symbol_set& symbols) {
    std::vector<json> out;
    for (const auto& r : label_rules()) {
        json layout = {{"text-field", ml_get("name")},
                       {"text-font", json::array({r.font})},
                       {"text-size", r.size},
                       // beside the symbol, on the side that is free; labels that collide are left out
                       {"text-variable-anchor", json::array({"left", "right", "top", "bottom"})},
                       {"text-radial-offset", 0.6},
                       {"text-justify", "auto"},
                       {"text-max-width", 10},
                       {"text-allow-overlap", false},
                       {"text-padding", 2}};
        if (r.ports_ranked) layout["symbol-sort-key"] = port_sort_key(symbols.port_labels);
        json l{{"id", r.id},
               {"type", "symbol"},
               {"source", "harbormap"},
               {"source-layer", r.layer},
               {"layout", layout},
               {"paint", {{"text-color", symbols.colour(r.colour)}, {"text-halo-color", symbols.colour("white")}, {"text-halo-width", 1.5}}},
               {"metadata", {{"harbormap:label", r.label}}}};
        if (!r.filter.is_null()) l["filter"] = r.filter;
        if (r.min_zoom > 0) l["minzoom"] = r.min_zoom;
        out.push_back(std::move(l));
    }
    return out;
}

label_glyphs_result write_label_glyphs(const fs::path& out_dir, const fs::path& gpkg, const fs::path& data_dir) {
    return write_label_glyphs(out_dir, load_tile_layers(gpkg, data_dir), gpkg);
}

label_glyphs_result write_label_glyphs(const fs::path& out_dir, const tile_layers& tl, const fs::path& gpkg) {
    std::set<std::string> fonts, layers;
    for (const auto& r : label_rules()) {
        fonts.insert(r.font);
        layers.insert(r.layer);
    }
    std::vector<std::string> texts;
    for (const auto& l : tl.layers) {
        if (!layers.count(l.name)) continue;
        for (const auto& f : l.features) texts.push_back(f.text("name"));
    }
    label_glyphs_result r;
    try {
        r.ranges = tiles::glyph_ranges_for(texts);
    } catch (const input_error& e) {
        throw input_error(gpkg.string(), 0, "name", e.why());
    }
    r.fontstacks.assign(fonts.begin(), fonts.end());
    r.written = tiles::write_glyphs(out_dir / "glyphs", r.fontstacks, r.ranges);
    r.texts = texts.size();
    return r;
}

} // namespace harbormap::products
