// stream_vector_file / read_vector_file: any vector file, one feature at a time, with its native schema.
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "layers/gdal_env.hpp"
#include "layers/ogr_detail.hpp"
#include "layers/reader.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <optional>
#include <stdexcept>
#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
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

// The records of a layer that one reader passes on: it skips the first `skip` records, passes at most
// `limit` (< 0: all) and numbers the others from `offset` on (ids: GDAL's FID - skip + offset; rows:
// ordinal - skip + offset).  The first part of a split CSV passes its first_records; the second skips
// the prefix and continues the numbering.  At the cut, the FID must be the ordinal (as csv_split proves).
struct record_range {
    std::int64_t skip = 0, limit = -1, offset = 0;
};

void check_cut(const fs::path& file, std::int64_t ordinal, std::int64_t fid) {
    if (fid != ordinal)
        throw processing_error(fmt::format("{}: reading in two parts: record {} has GDAL FID {} (internal error)", file.string(), ordinal, fid));
}

// One layer's schema, then its features.
// text_columns: a CSV's columns read from GDAL's NAME_original (csv_scan); the other NAME_original are skipped.
void stream_layer(OGRLayerH layer, const fs::path& file, const std::vector<std::string>& text_columns,
                  const std::function<void(const feature_layer&)>& on_layer, const std::function<void(feature&&)>& on_feature,
                  const record_range& range = {}) {
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
    const std::int64_t last = range.limit < 0 ? -1 : range.skip + range.limit;
    while (last < 0 || ordinal < last) {
        feature_ptr f{OGR_L_GetNextFeature(layer)};
        if (!f) break;
        ++ordinal;
        if (ordinal <= range.skip) {
            if (ordinal == range.skip) check_cut(file, ordinal, OGR_F_GetFID(f.get()));
            continue;
        }
        if (ordinal == last) check_cut(file, ordinal, OGR_F_GetFID(f.get()));
        feature ft;
        ft.id = OGR_F_GetFID(f.get()) - range.skip + range.offset;
        ft.row = ordinal - range.skip + range.offset;
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
                throw input_error(file.string(), ft.row, "geometry", "cannot reproject from " + crs_name + " to WGS 84 longitude/latitude");
            std::string why;
            collect_points(g, ft.geom, why);
            if (!why.empty()) throw input_error(file.string(), ft.row, "geometry", why);
            if (auto w = check_geometry_coords(ft.geom); !w.empty()) throw input_error(file.string(), ft.row, "geometry", w);
        }
        emit_by_kind(std::move(ft), on_feature);
    }
    if (ordinal < std::max(range.skip, last))
        throw processing_error(fmt::format("{}: reading in two parts: {} records where {} were expected (internal error)", file.string(), ordinal,
                                           std::max(range.skip, last)));
}

// The second part of a split CSV as GDAL reads it (see csv_split): a /vsisparse/ virtual file made of
// the file's bytes [0, prefix_end) and [middle, end), described in a /vsimem/ file of the same name
// as the CSV (GDAL's CSV driver looks at the name).  Removed with the object.
class csv_part_file {
public:
    csv_part_file(const fs::path& file, const vector_read_plan& plan) {
        static std::atomic<unsigned> count{0};
        m_xml = fmt::format("/vsimem/harbormap_csv_part_{}/{}", count++, file.filename().string());
        char* escaped = CPLEscapeString(fs::absolute(file).string().c_str(), -1, CPLES_XML);
        const std::string name = escaped;
        CPLFree(escaped);
        const std::uint64_t size = fs::file_size(file);
        const auto region = [&](std::uint64_t to, std::uint64_t from, std::uint64_t n) {
            return fmt::format("<SubfileRegion><Filename relative=\"0\">{}</Filename><DestinationOffset>{}</DestinationOffset>"
                               "<SourceOffset>{}</SourceOffset><RegionLength>{}</RegionLength></SubfileRegion>",
                               name, to, from, n);
        };
        const std::string xml = fmt::format("<VSISparseFile><Length>{}</Length>{}{}</VSISparseFile>", plan.prefix_end + (size - plan.middle),
                                            region(0, 0, plan.prefix_end), region(plan.prefix_end, plan.middle, size - plan.middle));
        auto* copy = static_cast<GByte*>(CPLMalloc(xml.size()));
        std::memcpy(copy, xml.data(), xml.size());
        VSILFILE* fp = VSIFileFromMemBuffer(m_xml.c_str(), copy, xml.size(), TRUE);
        if (!fp) {
            CPLFree(copy);
            throw processing_error(file.string() + ": cannot make the virtual file of its second part");
        }
        VSIFCloseL(fp);
    }
    ~csv_part_file() { VSIUnlink(m_xml.c_str()); }
    csv_part_file(const csv_part_file&) = delete;
    csv_part_file& operator=(const csv_part_file&) = delete;
    std::string gdal_name() const { return "/vsisparse/" + m_xml; }

private:
    std::string m_xml;
};

// The layers to stream: those named in `only` (strict: none when the file has none of them), else
// every layer; with `preferred`, every layer when none is named.
std::vector<OGRLayerH> chosen_layers(GDALDatasetH ds, const std::vector<std::string>& names, bool strict) {
    std::vector<OGRLayerH> all, named;
    const int n = GDALDatasetGetLayerCount(ds);
    for (int li = 0; li < n; ++li) {
        OGRLayerH layer = GDALDatasetGetLayer(ds, li);
        all.push_back(layer);
        if (std::find(names.begin(), names.end(), std::string(OGR_L_GetName(layer))) != names.end()) named.push_back(layer);
    }
    if (names.empty() || (!strict && named.empty())) return all;
    return named;
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
    for (OGRLayerH layer : chosen_layers(ds.get(), only_layers, true)) stream_layer(layer, file, scan.text_columns, on_layer, on_feature);
    if (!capture.last().empty()) throw input_error(file.string(), 0, "", "read failed: " + capture.last());
}

vector_read_plan plan_vector_read(const fs::path& file, unsigned max_parts) {
    vector_read_plan plan;
    plan.file = file;
    const std::string ext = to_lower(file.extension().string());
    plan.csv = (ext == ".csv" || ext == ".tsv" || ext == ".txt") && fs::is_regular_file(file);
    if (!plan.csv) return plan;
    const std::optional<csv_split> split = max_parts >= 2 ? find_csv_split(file, min_split_size) : std::nullopt;
    plan.text_columns = scan_csv(file, split ? &*split : nullptr).text_columns;
    if (split) {
        plan.middle = split->middle;
        plan.prefix_end = split->prefix_end;
        plan.prefix_records = split->prefix_records;
        plan.first_records = split->first_records;
    }
    return plan;
}

void stream_vector_part(const vector_read_plan& plan, std::size_t part, const std::vector<std::string>& preferred,
                        const std::function<void(const feature_layer&)>& on_layer,
                        const std::function<void(feature&&)>& on_feature) {
    if (part >= plan.parts()) throw std::out_of_range("stream_vector_part: no such part");
    std::optional<csv_part_file> virtual_file;
    if (part == 1) virtual_file.emplace(plan.file, plan);
    ds_ptr ds = open_vector(plan.file, true, !plan.text_columns.empty(), virtual_file ? virtual_file->gdal_name() : std::string());
    gdal_error_capture capture;
    record_range range;
    if (plan.parts() == 2 && part == 0) range.limit = plan.first_records;
    if (part == 1) {
        range.skip = plan.prefix_records;
        range.offset = plan.first_records;
    }
    // a split CSV has one layer: the second part's (named after the virtual file) is the first part's
    for (OGRLayerH layer : chosen_layers(ds.get(), part == 1 ? std::vector<std::string>{} : preferred, false))
        stream_layer(layer, plan.file, plan.text_columns, on_layer, on_feature, range);
    if (!capture.last().empty()) throw input_error(plan.file.string(), 0, "", "read failed: " + capture.last());
}

std::vector<feature_layer> read_vector_file(const fs::path& file, const std::vector<std::string>& only_layers) {
    std::vector<feature_layer> out;
    stream_vector_file(
        file, only_layers, [&](const feature_layer& schema) { out.push_back(schema); },
        [&](feature&& f) { out.back().features.push_back(std::move(f)); }, false);
    return out;
}

} // namespace harbormap::layers
