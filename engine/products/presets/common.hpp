#pragma once
// Shared pieces of the map presets (engine/products/presets/*.cpp): page, symbols, fonts, credits,
// the chokepoint and sea-lane layers and port label priorities.  Not a public API.
#include "engine/products/render_presets.hpp"
#include "engine/products/symbols.hpp"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace harbormap::products::preset_parts {

std::optional<lon_lat> point_of(const feature& f);
const feature_layer* find_layer(const std::vector<feature_layer>& ls, const std::string& name);
render::page_spec page_of(const render_params& p);
// The static maps draw the classes of data/styles/symbols.json (one place per colour, shared with the
// tiles and QGIS styles): their colours, and their "print" marker or line.
render::rgba colour_of(const symbol_set& symbols, const std::string& id);
// Class `id`'s marker: its print marker, size and outline width in its colour and outline colour
// (input_error naming the file when the class has no point "print").
render::point_style pt(const symbol_set& symbols, const std::string& id);
// Class `id`'s line: its print width, dash and opacity in its colour.
render::line_style ln(const symbol_set& symbols, const std::string& id);
render::symbol_class point_class(const std::string& legend, render::point_style s);
// A label font in the theme's label colour with a white halo.
render::font_spec label_font(const symbol_set& symbols, double size, bool bold = false);
// A new map: the page of p, the basemap, p.title (or `title`) and the base colours of the symbols' theme.
render::map_document new_document(const render_params& p, const std::vector<polygon>& basemap, const symbol_set& symbols,
                                  const std::string& title);
std::string credit_line(const std::string& projection_name, bool lanes);

struct chokepoint {
    std::string name;
    lon_lat at;
};
std::vector<chokepoint> load_chokepoints(const std::filesystem::path& data_dir);
render::map_layer chokepoint_layer(const std::filesystem::path& data_dir, const symbol_set& symbols);
render::map_layer sealane_layer(const std::filesystem::path& data_dir, const symbol_set& symbols);
// Label priority of a port (symbols.json "port_label_priority": importance weighs most, then PRC terminals,
// strategic seaports first; the MapLibre labels rank by the same weights).
double port_priority(const symbol_set& symbols, const feature& f);

// An inset's definition, and its panel (id, caption, projection, extent, graticule; the caller lays out its area).
struct inset_def {
    const char* id;
    const char* caption;
    const char* projection;
    bbox extent;
    double graticule_step;
};
render::panel inset_panel(const inset_def& d);

// The main panel of a world map (Equal Earth, or the --bbox region in a fitting projection); its area is
// laid out by lay_out_world.
render::panel world_panel(render::map_document& doc, const render_params& p);
// The main panel (doc.panels[0]) right under the title, doc.legend filling the strip below it, and under
// that the room the footnote's and credit's lines take (render::footer_height): call it once the main
// panel's layers, doc.footnote and doc.credit are set (the legend's height depends on them).
void lay_out_world(render::map_document& doc);

// Rows of a fact layer drawn by port (presets/equipment.cpp): each symbol sits at its port entity's
// position from the ports layer (or at the row's own coordinates when no port took the row); an
// aggregate row or a row without coordinates that no port took by name is listed, never placed.
struct port_rows_layer {
    render::map_layer layer;
    std::size_t rows = 0;                    // rows of the layer's kind (placed or not)
    std::size_t placed_rows = 0;
    std::set<std::string> ports, countries;  // where symbols are
    std::vector<std::string> unplaced;       // "row_id (port_name): why"
    // "ZPMC cranes outside the US: 38 ports, 27 countries, 78 rows (3 without a port, not drawn)"
    std::string summary(const std::string& what, bool with_unplaced = true) const;
};
// ZPMC cranes by port, sized by the largest count one row states (counts are lower bounds and rows
// overlap, so they are not summed).  abroad_only: the zpmc_international rows (world --cranes);
// otherwise the US ZPMC rows too.  extent: only the ports inside it (region maps).
port_rows_layer zpmc_crane_layer(const map_layers& fp, bool abroad_only, const std::optional<bbox>& extent, const symbol_set& symbols);
// Writes the unplaced rows to p.log (one line each).
void report_unplaced(const render_params& p, const std::string& layer, const std::vector<std::string>& unplaced);

} // namespace harbormap::products::preset_parts
