// stream_vector_file / read_vector_file: any vector file, one feature at a time, with its native schema.
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "layers/gdal_env.hpp"
#include "layers/ogr_detail.hpp"
#include "layers/reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/format.h>
#include <ogr_srs_api.h>

namespace fs = std::filesystem;

namespace harbormap::layers {
namespace {

using namespace detail;

struct srs_closer {
    void operator()(OGRSpatialReferenceH s) const {
        if (s) OSRDestroySpatialReference(s);
    }
};
struct ct_closer {
    void operator()(OGRCoordinateTransformationH c) const {
        if (c) OCTDestroyCoordinateTransformation(c);
    }
};
using ct_ptr = std::unique_ptr<std::remove_pointer_t<OGRCoordinateTransformationH>, ct_closer>;

// The transformation of a layer's coordinates to WGS 84 longitude/latitude: null when the layer has
// no CRS (CSV) or is in WGS 84 already; else from its CRS (e.g. a GeoPackage in EPSG:3857).
ct_ptr to_wgs84(OGRLayerH layer, const std::string& fname, std::string& crs_name) {
    OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer);
    if (!src) return nullptr;
    std::unique_ptr<std::remove_pointer_t<OGRSpatialReferenceH>, srs_closer> wgs84(OSRNewSpatialReference(nullptr));
    OSRSetWellKnownGeogCS(wgs84.get(), "WGS84");
    OSRSetAxisMappingStrategy(wgs84.get(), OAMS_TRADITIONAL_GIS_ORDER);
    const char* same[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS", nullptr};
    if (OSRIsSameEx(src, wgs84.get(), same)) return nullptr;
    const char* name = OSRGetName(src);
    const char* code = OSRGetAuthorityCode(src, nullptr);
    crs_name = (name ? std::string(name) : std::string("its CRS")) + (code ? fmt::format(" (EPSG:{})", code) : std::string());
    ct_ptr ct(OCTNewCoordinateTransformation(src, wgs84.get()));
    if (!ct) throw input_error(fname, 0, "geometry", "cannot reproject from " + crs_name + " to WGS 84 longitude/latitude");
    return ct;
}

// A date, time or date-time field as ISO 8601 (GDAL's own text form is "2024/01/05 10:00:00+00").
std::string iso_8601(OGRFeatureH f, int i, OGRFieldType t) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float s = 0;
    if (!OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &s, &tz)) return OGR_F_GetFieldAsString(f, i);
    std::string out = t == OFTTime ? std::string() : fmt::format("{:04}-{:02}-{:02}", y, mo, d);
    if (t == OFTDate) return out;
    if (t == OFTDateTime) out += 'T';
    const long ms = std::lround(static_cast<double>(s) * 1000.0);
    out += fmt::format("{:02}:{:02}:{:02}", h, mi, ms / 1000);
    if (ms % 1000) out += fmt::format(".{:03}", ms % 1000);
    if (tz == 100) out += 'Z';
    else if (tz > 1) {
        const int off = (tz - 100) * 15;
        out += fmt::format("{}{:02}:{:02}", off < 0 ? '-' : '+', std::abs(off) / 60, std::abs(off) % 60);
    }
    return out;
}

// MVT features (and our geometry) have one type: a collection mixing points, lines and polygons is
// passed on as one feature per kind (same id and attributes), as GDAL's MVT writer does.
void emit_by_kind(feature&& ft, const std::function<void(feature&&)>& on_feature) {
    geometry& g = ft.geom;
    if (!g.points.empty() + !g.lines.empty() + !g.polygons.empty() <= 1) return on_feature(std::move(ft));
    geometry all = std::move(g);
    auto part = [&](geometry_type t) {
        feature f;
        f.id = ft.id;
        f.row = ft.row;
        f.properties = ft.properties;
        f.geom.type = t;
        return f;
    };
    if (!all.points.empty()) {
        feature f = part(geometry_type::point);
        f.geom.points = std::move(all.points);
        on_feature(std::move(f));
    }
    if (!all.lines.empty()) {
        feature f = part(geometry_type::line);
        f.geom.lines = std::move(all.lines);
        on_feature(std::move(f));
    }
    if (!all.polygons.empty()) {
        feature f = part(geometry_type::polygon);
        f.geom.polygons = std::move(all.polygons);
        on_feature(std::move(f));
    }
}

// One layer's schema, then its features.
// text_columns: a CSV's columns read from GDAL's NAME_original (csv_scan); the other NAME_original are skipped.
void stream_layer(OGRLayerH layer, const fs::path& file, const std::vector<std::string>& text_columns,
                  const std::function<void(const feature_layer&)>& on_layer, const std::function<void(feature&&)>& on_feature) {
    feature_layer fl;
    fl.name = OGR_L_GetName(layer);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const auto gt = wkbFlatten(OGR_L_GetGeomType(layer));
    fl.geom_type = (gt == wkbPoint || gt == wkbMultiPoint) ? geometry_type::point
                   : (gt == wkbLineString || gt == wkbMultiLineString) ? geometry_type::line
                   : (gt == wkbPolygon || gt == wkbMultiPolygon) ? geometry_type::polygon
                                                                  : geometry_type::none;
    std::vector<field_type> types;
    std::vector<OGRFieldType> ogr_types;
    std::vector<int> source; // GDAL field index of each field
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        const std::string name = OGR_Fld_GetNameRef(fd);
        auto t = OGR_Fld_GetType(fd);
        if (!text_columns.empty() && name.size() > 9 && name.ends_with("_original") &&
            std::any_of(fl.fields.begin(), fl.fields.end(), [&](const field_def& d) { return d.name + "_original" == name; }))
            continue;
        int src = i;
        if (std::find(text_columns.begin(), text_columns.end(), name) != text_columns.end()) {
            if (const int orig = OGR_FD_GetFieldIndex(defn, (name + "_original").c_str()); orig >= 0) src = orig, t = OFTString;
        }
        field_type ft = field_type::text;
        if (t == OFTInteger || t == OFTInteger64) ft = OGR_Fld_GetSubType(fd) == OFSTBoolean ? field_type::boolean : field_type::integer;
        else if (t == OFTReal) ft = field_type::real;
        types.push_back(ft);
        ogr_types.push_back(t);
        source.push_back(src);
        fl.fields.push_back({name, ft});
    }
    const int nf = static_cast<int>(fl.fields.size());
    std::string crs_name;
    const ct_ptr ct = to_wgs84(layer, file.string(), crs_name);
    on_layer(fl);
    OGR_L_ResetReading(layer);
    std::int64_t ordinal = 0;
    while (feature_ptr f{OGR_L_GetNextFeature(layer)}) {
        ++ordinal;
        feature ft;
        ft.id = OGR_F_GetFID(f.get());
        ft.row = ordinal;
        for (int fi = 0; fi < nf; ++fi) {
            value v;
            const auto ui = static_cast<std::size_t>(fi);
            const int i = source[ui];
            if (OGR_F_IsFieldSetAndNotNull(f.get(), i)) {
                switch (types[ui]) {
                case field_type::integer: v = static_cast<std::int64_t>(OGR_F_GetFieldAsInteger64(f.get(), i)); break;
                case field_type::boolean: v = OGR_F_GetFieldAsInteger(f.get(), i) != 0; break;
                case field_type::real: v = OGR_F_GetFieldAsDouble(f.get(), i); break;
                case field_type::text:
                    if (ogr_types[ui] == OFTDate || ogr_types[ui] == OFTDateTime || ogr_types[ui] == OFTTime) v = iso_8601(f.get(), i, ogr_types[ui]);
                    else v = std::string(OGR_F_GetFieldAsString(f.get(), i));
                    break;
                }
            }
            ft.properties.emplace_back(fl.fields[ui].name, std::move(v));
        }
        if (OGRGeometryH g = OGR_F_GetGeometryRef(f.get()); g && !OGR_G_IsEmpty(g)) {
            if (ct && OGR_G_Transform(g, ct.get()) != OGRERR_NONE)
                throw input_error(file.string(), ordinal, "geometry", "cannot reproject from " + crs_name + " to WGS 84 longitude/latitude");
            std::string why;
            collect_points(g, ft.geom, why);
            if (!why.empty()) throw input_error(file.string(), ordinal, "geometry", why);
            if (auto w = check_geometry_coords(ft.geom); !w.empty()) throw input_error(file.string(), ordinal, "geometry", w);
        }
        emit_by_kind(std::move(ft), on_feature);
    }
}

} // namespace

void stream_vector_file(const fs::path& file, const std::vector<std::string>& only_layers,
                        const std::function<void(const feature_layer&)>& on_layer,
                        const std::function<void(feature&&)>& on_feature, bool generic) {
    const std::string ext = to_lower(file.extension().string());
    const bool csv = generic && (ext == ".csv" || ext == ".tsv" || ext == ".txt");
    const csv_scan scan = csv && fs::is_regular_file(file) ? scan_csv(file) : csv_scan{};
    ds_ptr ds = open_vector(file, generic, !scan.text_columns.empty());
    gdal_error_capture capture;
    const int n = GDALDatasetGetLayerCount(ds.get());
    for (int li = 0; li < n; ++li) {
        OGRLayerH layer = GDALDatasetGetLayer(ds.get(), li);
        const std::string name = OGR_L_GetName(layer);
        if (!only_layers.empty() && std::find(only_layers.begin(), only_layers.end(), name) == only_layers.end()) continue;
        stream_layer(layer, file, scan.text_columns, on_layer, on_feature);
    }
    if (!capture.last().empty()) throw input_error(file.string(), 0, "", "read failed: " + capture.last());
}

std::vector<feature_layer> read_vector_file(const fs::path& file, const std::vector<std::string>& only_layers) {
    std::vector<feature_layer> out;
    stream_vector_file(
        file, only_layers, [&](const feature_layer& schema) { out.push_back(schema); },
        [&](feature&& f) { out.back().features.push_back(std::move(f)); }, false);
    return out;
}

} // namespace harbormap::layers
