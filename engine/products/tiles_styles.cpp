// Styles for the tile layers and the GeoPackage layers, generated from the classes of
// data/styles/symbols.json (engine/products/symbols.hpp) so the MapLibre style, the QGIS vector-tile
// style, the GeoPackage layer_styles, the project and the static maps agree.
#include "engine/core/atomic_file.hpp"
#include "engine/core/text.hpp"
#include "engine/core/error.hpp"
#include "engine/core/sqlite.hpp"
#include "engine/products/tiles_build.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace harbormap::query {}
namespace harbormap::products {
using namespace harbormap::query;
namespace {

// "#rrggbb" (symbols.json) as QGIS's "r,g,b,a".
std::string qgis_colour(const std::string& hex, int a = 255) {
    const auto byte = [&](std::size_t at) { return std::stoi(hex.substr(at, 2), nullptr, 16); };
    return fmt::format("{},{},{},{}", byte(1), byte(3), byte(5), a);
}

std::string props_xml(const std::vector<std::pair<std::string, std::string>>& props) {
    std::string o = "<Option type=\"Map\">";
    for (const auto& [k, v] : props) o += fmt::format("<Option type=\"QString\" name=\"{}\" value=\"{}\"/>", k, xml_escape(v));
    o += "</Option>";
    for (const auto& [k, v] : props) o += fmt::format("<prop k=\"{}\" v=\"{}\"/>", k, xml_escape(v));
    return o;
}

std::string symbol_xml(const symbol_def& r, const std::string& name) {
    if (r.geometry == symbol_geometry::point)
        return fmt::format("<symbol type=\"marker\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                           "<layer class=\"SimpleMarker\" enabled=\"1\" pass=\"0\" locked=\"0\">{}</layer></symbol>",
                           name, props_xml({{"name", r.shape}, {"color", qgis_colour(r.colour)}, {"outline_color", qgis_colour(r.outline)},
                                            {"outline_width", "0.2"}, {"outline_style", "solid"}, {"size", fmt::format("{}", r.size_mm)},
                                            {"size_unit", "MM"}, {"outline_width_unit", "MM"}}));
    if (r.geometry == symbol_geometry::line)
        return fmt::format("<symbol type=\"line\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                           "<layer class=\"SimpleLine\" enabled=\"1\" pass=\"0\" locked=\"0\">{}</layer></symbol>",
                           name, props_xml({{"line_color", qgis_colour(r.colour)}, {"line_width", fmt::format("{}", r.size_mm)},
                                            {"line_width_unit", "MM"}, {"line_style", "solid"}, {"capstyle", "round"},
                                            {"joinstyle", "round"}}));
    return fmt::format("<symbol type=\"fill\" name=\"{}\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                       "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">{}</layer></symbol>",
                       name, props_xml({{"color", qgis_colour(r.colour, 110)}, {"outline_color", qgis_colour(r.colour)},
                                        {"outline_width", fmt::format("{}", r.size_mm)}, {"outline_width_unit", "MM"},
                                        {"style", "solid"}, {"outline_style", "solid"}}));
}

std::string vector_tile_renderer_xml(const symbol_set& symbols) {
    std::string o = "<renderer type=\"basic\"><styles>";
    for (const auto& r : symbols.classes) {
        if (r.layer.empty()) continue; // a static-map class
        // in a tile layer, lines may also arrive for the chokepoints (gates as lines): style both
        o += fmt::format("<style name=\"{}\" layer=\"{}\" geometry=\"{}\" enabled=\"1\" expression=\"{}\" min-zoom=\"{}\" "
                         "max-zoom=\"-1\"><symbols>{}</symbols></style>",
                         xml_escape(r.label), r.layer, static_cast<int>(r.geometry), xml_escape(r.qgis_filter), r.min_zoom, symbol_xml(r, "0"));
        if (r.layer == "chokepoints") {
            symbol_def line = r;
            line.geometry = symbol_geometry::line;
            line.size_mm = 0.8;
            o += fmt::format("<style name=\"Chokepoint gate\" layer=\"chokepoints\" geometry=\"1\" enabled=\"1\" expression=\"\" "
                             "min-zoom=\"-1\" max-zoom=\"-1\"><symbols>{}</symbols></style>",
                             symbol_xml(line, "0"));
        }
    }
    o += "</styles></renderer>";
    return o;
}

std::string layer_renderer_xml(const std::string& layer, const symbol_set& classes) {
    std::string rules_xml, symbols;
    int n = 0;
    for (const auto& r : classes.classes) {
        if (r.layer != layer) continue;
        rules_xml += fmt::format("<rule key=\"r{0}\" label=\"{1}\" symbol=\"{0}\"{2}/>", n, xml_escape(r.label),
                                 r.qgis_filter.empty() ? "" : " filter=\"" + xml_escape(r.qgis_filter) + "\"");
        symbols += symbol_xml(r, std::to_string(n));
        ++n;
    }
    if (n == 0) throw std::invalid_argument("no style for layer " + layer);
    return "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">"
           "<rules key=\"root\">" +
           rules_xml + "</rules><symbols>" + symbols + "</symbols></renderer-v2>";
}

const char* qgis_header = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n";

std::string srs_xml(int epsg) {
    if (epsg == 3857)
        return "<spatialrefsys nativeFormat=\"Wkt\"><wkt>PROJCRS[\"WGS 84 / Pseudo-Mercator\",BASEGEOGCRS[\"WGS 84\","
               "ENSEMBLE[\"World Geodetic System 1984 ensemble\",MEMBER[\"World Geodetic System 1984 (Transit)\"],"
               "MEMBER[\"World Geodetic System 1984 (G730)\"],MEMBER[\"World Geodetic System 1984 (G873)\"],"
               "MEMBER[\"World Geodetic System 1984 (G1150)\"],MEMBER[\"World Geodetic System 1984 (G1674)\"],"
               "MEMBER[\"World Geodetic System 1984 (G1762)\"],MEMBER[\"World Geodetic System 1984 (G2139)\"],"
               "ELLIPSOID[\"WGS 84\",6378137,298.257223563,LENGTHUNIT[\"metre\",1]],ENSEMBLEACCURACY[2.0]],"
               "PRIMEM[\"Greenwich\",0,ANGLEUNIT[\"degree\",0.0174532925199433]],ID[\"EPSG\",4326]],"
               "CONVERSION[\"Popular Visualisation Pseudo-Mercator\",METHOD[\"Popular Visualisation Pseudo Mercator\",ID[\"EPSG\",1024]],"
               "PARAMETER[\"Latitude of natural origin\",0,ANGLEUNIT[\"degree\",0.0174532925199433],ID[\"EPSG\",8801]],"
               "PARAMETER[\"Longitude of natural origin\",0,ANGLEUNIT[\"degree\",0.0174532925199433],ID[\"EPSG\",8802]],"
               "PARAMETER[\"False easting\",0,LENGTHUNIT[\"metre\",1],ID[\"EPSG\",8806]],"
               "PARAMETER[\"False northing\",0,LENGTHUNIT[\"metre\",1],ID[\"EPSG\",8807]]],"
               "CS[Cartesian,2],AXIS[\"easting (X)\",east,ORDER[1],LENGTHUNIT[\"metre\",1]],"
               "AXIS[\"northing (Y)\",north,ORDER[2],LENGTHUNIT[\"metre\",1]],ID[\"EPSG\",3857]]</wkt>"
               "<proj4>+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs</proj4>"
               "<srsid>3857</srsid><srid>3857</srid><authid>EPSG:3857</authid><description>WGS 84 / Pseudo-Mercator</description>"
               "<projectionacronym>merc</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym>"
               "<geographicflag>false</geographicflag></spatialrefsys>";
    return "<spatialrefsys nativeFormat=\"Wkt\"><wkt>GEOGCRS[\"WGS 84\",ENSEMBLE[\"World Geodetic System 1984 ensemble\","
           "MEMBER[\"World Geodetic System 1984 (Transit)\"],MEMBER[\"World Geodetic System 1984 (G730)\"],"
           "MEMBER[\"World Geodetic System 1984 (G873)\"],MEMBER[\"World Geodetic System 1984 (G1150)\"],"
           "MEMBER[\"World Geodetic System 1984 (G1674)\"],MEMBER[\"World Geodetic System 1984 (G1762)\"],"
           "MEMBER[\"World Geodetic System 1984 (G2139)\"],ELLIPSOID[\"WGS 84\",6378137,298.257223563,LENGTHUNIT[\"metre\",1]],"
           "ENSEMBLEACCURACY[2.0]],PRIMEM[\"Greenwich\",0,ANGLEUNIT[\"degree\",0.0174532925199433]],CS[ellipsoidal,2],"
           "AXIS[\"geodetic latitude (Lat)\",north,ORDER[1],ANGLEUNIT[\"degree\",0.0174532925199433]],"
           "AXIS[\"geodetic longitude (Lon)\",east,ORDER[2],ANGLEUNIT[\"degree\",0.0174532925199433]],ID[\"EPSG\",4326]]</wkt>"
           "<proj4>+proj=longlat +datum=WGS84 +no_defs</proj4><srsid>3452</srsid><srid>4326</srid><authid>EPSG:4326</authid>"
           "<description>WGS 84</description><projectionacronym>longlat</projectionacronym>"
           "<ellipsoidacronym>EPSG:7030</ellipsoidacronym><geographicflag>true</geographicflag></spatialrefsys>";
}

} // namespace

std::string qgis_vector_tile_qml(const symbol_set& symbols) {
    return std::string(qgis_header) + "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology\">\n" +
           vector_tile_renderer_xml(symbols) + "\n</qgis>\n";
}

qgis_styling load_qgis_styling(const std::filesystem::path& data_dir) {
    qgis_styling s;
    s.symbols = load_symbols(data_dir);
    const auto dir = data_dir / "styles";
    if (std::filesystem::exists(dir / "qgis-labeling-ports.xml")) s.ports_labeling = read_file(dir / "qgis-labeling-ports.xml");
    if (std::filesystem::exists(dir / "qgis-layout-a4.xml")) s.layout = read_file(dir / "qgis-layout-a4.xml");
    return s;
}

namespace {
// The labelling of a layer ("" = none): only the ports are labelled.
const std::string& labeling_of(const std::string& layer, const qgis_styling& s) {
    static const std::string none;
    return layer == "ports" ? s.ports_labeling : none;
}
} // namespace

std::string qgis_layer_qml(const std::string& layer, const qgis_styling& styling) {
    const std::string& labeling = labeling_of(layer, styling);
    return std::string(qgis_header) + "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"" +
           (labeling.empty() ? "Symbology\">\n" : "Symbology|Labeling\" labelsEnabled=\"1\">\n") + layer_renderer_xml(layer, styling.symbols) +
           "\n" + labeling + "\n</qgis>\n";
}

std::string maplibre_style(const symbol_set& symbols, const std::string& source_url) {
    using nlohmann::json;
    json layers = json::array();
    layers.push_back({{"id", "background"}, {"type", "background"}, {"paint", {{"background-color", "#f4f6f8"}}}});
    int n = 0;
    for (const auto& r : symbols.classes) {
        if (r.layer.empty()) continue; // a static-map class
        json l{{"id", fmt::format("{}-{}", r.layer, n++)}, {"source", "harbormap"}, {"source-layer", r.layer}};
        const double px = r.size_mm * 96.0 / 25.4; // mm -> CSS px
        if (r.geometry == symbol_geometry::point) {
            l["type"] = "circle";
            l["paint"] = {{"circle-color", r.colour}, {"circle-radius", std::round(px / 2 * 10) / 10},
                          {"circle-stroke-color", r.outline}, {"circle-stroke-width", 0.5}};
        } else if (r.geometry == symbol_geometry::line) {
            l["type"] = "line";
            l["paint"] = {{"line-color", r.colour}, {"line-width", std::round(px * 10) / 10}};
        } else {
            l["type"] = "fill";
            l["paint"] = {{"fill-color", r.colour}, {"fill-opacity", 0.45}, {"fill-outline-color", r.colour}};
        }
        if (!r.filter.is_null()) l["filter"] = r.filter;
        if (r.min_zoom > 0) l["minzoom"] = r.min_zoom;
        // the legend text, the same as the QGIS rule's label (the web viewer's legend reads it)
        l["metadata"] = {{"harbormap:label", r.label}};
        layers.push_back(l);
    }
    for (auto& l : maplibre_label_layers(symbols)) layers.push_back(std::move(l)); // labels above every symbol
    json style{{"version", 8},
               {"name", "harbormap"},
               {"glyphs", maplibre_glyphs_url},
               {"sources", {{"harbormap", {{"type", "vector"}, {"url", source_url}}}}},
               {"layers", layers}};
    return style.dump(2) + "\n";
}

const std::vector<std::string>& styled_point_layers() {
    static const std::vector<std::string> layers = [] {
        std::vector<std::string> l = {"ports", "terminals", "strategic_seaports"};
        for (const auto& [name, desc] : equipment_tile_layers()) l.push_back(name);
        return l;
    }();
    return layers;
}

void write_gpkg_layer_styles(const std::filesystem::path& gpkg, const std::vector<std::pair<std::string, std::string>>& qml_of_layer) {
    sqlite_db db(gpkg, SQLITE_OPEN_READWRITE, " (writing layer_styles)");
    // QGIS's layer_styles table (as QGIS creates it in a GeoPackage), registered as an attributes table.
    // Timestamps are fixed (as OGR_CURRENT_DATE fixes them for the GDAL-written tables): deterministic builds.
    db.exec("BEGIN;"
            "CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
            "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), "
            "styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
            "update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));"
            "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, last_change) "
            "SELECT 'layer_styles', 'attributes', 'layer_styles', '2000-01-01T00:00:00.000Z' "
            "WHERE NOT EXISTS (SELECT 1 FROM gpkg_contents WHERE table_name = 'layer_styles');");
    {
        auto geomcol = db.statement("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?1");
        auto del = db.statement("DELETE FROM layer_styles WHERE f_table_name = ?1 AND styleName = ?2");
        auto ins = db.statement("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                                "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) "
                                "VALUES ('', '', ?1, ?2, ?3, ?4, '', 1, ?5, '', NULL, '2000-01-01T00:00:00.000Z')");
        for (const auto& [layer, qml] : qml_of_layer) {
            geomcol.bind(1, layer);
            const std::string col = geomcol.step() ? geomcol.column_text(0) : std::string();
            geomcol.reset();
            if (col.empty()) continue; // layer not in this GeoPackage
            const std::string name = "harbormap";
            del.bind(1, layer).bind(2, name).run();
            ins.bind(1, layer).bind(2, col).bind(3, name).bind(4, qml).bind(5, "harbormap default style for " + layer).run();
        }
    } // statements finalized before COMMIT
    db.exec("COMMIT;");
}

const std::vector<std::string>& temporal_layers() {
    static const std::vector<std::string> names = {"terminals", "cranes", "crane_orders", "prc_equipment"};
    return names;
}

std::string qgis_temporal_xml(const std::string& layer) {
    if (std::find(temporal_layers().begin(), temporal_layers().end(), layer) == temporal_layers().end()) return "";
    // Start and end from expressions on the integer years (the field modes need date fields): a row is shown
    // from 1 January of valid_from to 31 December of the year before valid_to (README "The footprint through
    // time"); a row without valid_from is shown from the current year only, one without valid_to to the end.
    const std::string start = "make_date(coalesce(\"valid_from\", year(now())), 1, 1)";
    const std::string end = "make_date(coalesce(\"valid_to\", 10000) - 1, 12, 31)";
    return fmt::format("<temporal enabled=\"1\" mode=\"4\" startField=\"valid_from\" endField=\"valid_to\" startExpression=\"{}\" "
                       "endExpression=\"{}\" durationField=\"\" durationUnit=\"min\" fixedDuration=\"0\" accumulate=\"0\">"
                       "<fixedRange><start></start><end></end></fixedRange></temporal>",
                       xml_escape(start), xml_escape(end));
}

namespace {

// The countries basemap of the project: opaque land, the static maps' land and border colours.
std::string basemap_renderer_xml() {
    return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>"
           "<symbol type=\"fill\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleFill\" enabled=\"1\" pass=\"0\" locked=\"0\">" +
           props_xml({{"color", "243,240,232,255"}, {"outline_color", "201,194,180,255"}, {"outline_width", "0.15"},
                      {"outline_width_unit", "MM"}, {"style", "solid"}, {"outline_style", "solid"}}) +
           "</layer></symbol></symbols></renderer-v2>";
}

// {{KEY}} -> value, every occurrence.
std::string fill_template(std::string t, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [k, v] : values)
        for (auto at = t.find("{{" + k + "}}"); at != std::string::npos; at = t.find("{{" + k + "}}", at + v.size()))
            t.replace(at, k.size() + 4, v);
    return t;
}

} // namespace

std::string qgis_project(const std::string& mbtiles_rel, const std::string& gpkg_rel,
                         const std::vector<std::string>& gpkg_layers, const bbox& extent,
                         const qgis_styling& styling, const std::string& basemap_rel, int last_year) {
    const auto merc = [](double lon, double lat) {
        lat = std::clamp(lat, -85.0511, 85.0511);
        const double x = lon * 20037508.342789244 / 180.0;
        const double y = std::log(std::tan((90.0 + lat) * std::numbers::pi / 360.0)) * 6378137.0;
        return std::pair{x, y};
    };
    const auto [x0, y0] = merc(extent.min_lon, extent.min_lat);
    const auto [x1, y1] = merc(extent.max_lon, extent.max_lat);
    const std::string ext = fmt::format("<extent><xmin>{:.3f}</xmin><ymin>{:.3f}</ymin><xmax>{:.3f}</xmax><ymax>{:.3f}</ymax></extent>",
                                        x0, y0, x1, y1);
    struct lyr {
        std::string id, name, type, source, provider, body, geometry = "Point";
        bool labels = false;
    };
    std::vector<lyr> ls;
    // GPKG point layers on top (first in the tree = drawn last)
    for (const auto& l : gpkg_layers) {
        const std::string& labeling = labeling_of(l, styling);
        ls.push_back({"harbormap_gpkg_" + l, l + " (GeoPackage)", "vector", gpkg_rel + "|layername=" + l, "ogr",
                      layer_renderer_xml(l, styling.symbols) + labeling + qgis_temporal_xml(l), "Point", !labeling.empty()});
    }
    ls.push_back({"harbormap_tiles", "harbormap tiles", "vector-tile", "type=mbtiles&url=" + mbtiles_rel, "",
                  vector_tile_renderer_xml(styling.symbols)});
    if (!basemap_rel.empty())
        ls.push_back({"harbormap_basemap_countries", "Countries (Natural Earth 1:50m)", "vector", basemap_rel + "|layername=countries",
                      "ogr", basemap_renderer_xml(), "Polygon"});
    std::string tree, order, maplayers, legend;
    for (const auto& l : ls) {
        // the print layout's legend: a fixed list of the layers that have symbols; the tiles (off, and a vector
        // tile layer has no legend symbols in QGIS 3.22) were an empty "harbormap tiles" entry in the
        // auto-updated legend, which cannot leave a layer out
        if (l.type != "vector-tile")
            legend += fmt::format("<layer-tree-layer id=\"{}\" name=\"{}\" source=\"{}\" providerKey=\"{}\" checked=\"Qt::Checked\" "
                                  "expanded=\"1\"><customproperties/></layer-tree-layer>",
                                  l.id, xml_escape(l.name), xml_escape(l.source), l.provider);
        // the tiles repeat the GeoPackage layers: off by default, so nothing draws twice (one click to switch)
        tree += fmt::format("<layer-tree-layer id=\"{}\" name=\"{}\" source=\"{}\" providerKey=\"{}\" checked=\"{}\" "
                            "expanded=\"1\"><customproperties/></layer-tree-layer>",
                            l.id, xml_escape(l.name), xml_escape(l.source), l.provider,
                            l.type == "vector-tile" ? "Qt::Unchecked" : "Qt::Checked");
        order += fmt::format("<item>{}</item>", l.id);
        const bool tiles = l.type == "vector-tile";
        maplayers += fmt::format(
            "<maplayer type=\"{}\"{}{} hasScaleBasedVisibilityFlag=\"0\" minScale=\"1e+08\" maxScale=\"0\" styleCategories=\"AllStyleCategories\">"
            "{}<id>{}</id><datasource>{}</datasource><layername>{}</layername><srs>{}</srs>{}"
            "<flags><Identifiable>1</Identifiable><Removable>1</Removable><Searchable>1</Searchable><Private>0</Private></flags>"
            "{}</maplayer>",
            l.type, tiles ? "" : " geometry=\"" + l.geometry + "\" wkbType=\"" + (l.geometry == "Point" ? "Point" : "MultiPolygon") + "\"",
            l.labels ? " labelsEnabled=\"1\"" : "", ext, l.id, xml_escape(l.source), xml_escape(l.name),
            tiles ? srs_xml(3857) : srs_xml(4326), tiles ? "" : "<provider encoding=\"UTF-8\">ogr</provider>", l.body);
    }
    std::string o = qgis_header;
    o += "<qgis projectname=\"harbormap\" version=\"3.22.16-Białowieża\">\n";
    o += "<homePath path=\"\"/>\n<title>harbormap</title>\n";
    o += "<projectCrs>" + srs_xml(3857) + "</projectCrs>\n";
    o += "<layer-tree-group><customproperties/>" + tree + "<custom-order enabled=\"0\">" + order + "</custom-order></layer-tree-group>\n";
    o += "<mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\"><units>meters</units>" + ext +
         "<rotation>0</rotation><destinationsrs>" + srs_xml(3857) + "</destinationsrs><rendermaptile>0</rendermaptile></mapcanvas>\n";
    o += "<projectlayers>" + maplayers + "</projectlayers>\n";
    if (last_year > 0)
        o += fmt::format("<ProjectTimeSettings timeStep=\"1\" timeStepUnit=\"y\" frameRate=\"1\" cumulativeTemporalRange=\"0\">"
                         "<TemporalRange><start>{}-01-01T00:00:00Z</start><end>{}-12-31T00:00:00Z</end></TemporalRange>"
                         "</ProjectTimeSettings>\n",
                         temporal_first_year, last_year);
    o += "<layerorder>";
    for (const auto& l : ls) o += "<layer id=\"" + l.id + "\"/>";
    o += "</layerorder>\n";
    if (!styling.layout.empty()) {
        // the layout's map frame is 277 x 126 mm: the whole width of the world, latitudes about 50 S to 72 N
        const double half = 20037508.342789244, h = 2 * half * 126.0 / 277.0;
        const double cy = (merc(0, -50).second + merc(0, 72).second) / 2;
        o += fill_template(styling.layout, {{"NAME", "harbormap A4"},
                                            {"TITLE", "harbormap: Chinese ownership and technology in seaports"},
                                            {"CREDITS", xml_escape("Data: World Port Index (NGA); UNECE UN/LOCODE; curated terminal, BRI, "
                                                                   "LOGINK and ZPMC tables (every row cited, see harbormap.gpkg); "
                                                                   "basemap: Natural Earth via world-atlas (ISC). Web Mercator: the scale varies with latitude. Made with harbormap.")},
                                            {"XMIN", fmt::format("{:.3f}", -half)}, {"YMIN", fmt::format("{:.3f}", cy - h / 2)},
                                            {"XMAX", fmt::format("{:.3f}", half)}, {"YMAX", fmt::format("{:.3f}", cy + h / 2)},
                                            {"LEGEND_LAYERS", legend}}) +
             "\n";
    }
    o += "<properties><Paths><Absolute type=\"bool\">false</Absolute></Paths>"
         "<Gui><CanvasColorRedPart type=\"int\">223</CanvasColorRedPart><CanvasColorGreenPart type=\"int\">234</CanvasColorGreenPart>"
         "<CanvasColorBluePart type=\"int\">242</CanvasColorBluePart></Gui>"
         "<SpatialRefSys><ProjectionsEnabled type=\"int\">1</ProjectionsEnabled></SpatialRefSys>"
         "<Measure><Ellipsoid type=\"QString\">EPSG:7030</Ellipsoid></Measure></properties>\n";
    o += "</qgis>\n";
    return o;
}

} // namespace harbormap::products
