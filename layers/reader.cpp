#include "layers/reader.hpp"

#include "engine/core/geos.hpp"
#include "engine/core/text.hpp"
#include "layers/gdal_env.hpp"
#include "layers/ogr_detail.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <fmt/format.h>
#include <gdal.h>
#include <map>
#include <memory>
#include <ogr_api.h>
#include <ogr_srs_api.h>

namespace fs = std::filesystem;

namespace harbormap::layers {

std::string input_errors::summary(const std::vector<input_error>& errors) {
    std::string s;
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i) s += "\n";
        s += errors[i].what();
    }
    if (errors.size() > 1) s += fmt::format("\n({} errors)", errors.size());
    return s;
}

input_errors::input_errors(std::vector<input_error> errors)
    : input_error(preformatted{}, summary(errors), errors.empty() ? std::string() : errors[0].file(),
                  errors.empty() ? 0 : errors[0].row(), errors.empty() ? std::string() : errors[0].field()),
      m_errors(std::move(errors)) {}

namespace detail {

// The first line of a CSV file that GDAL could not open: name the likely delimiter.
std::string csv_delimiter_hint(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);
    if (line.find(',') != std::string::npos || line.find(';') != std::string::npos || line.find('\t') != std::string::npos) return {};
    if (line.find('|') != std::string::npos) return "; the header has no ',', ';' or tab: is the delimiter '|'? (save the file comma-separated)";
    return "; the header has no ',', ';' or tab separator";
}

// GDAL's CSV reader silently drops values beyond the header's columns, pads short records and reads
// an unterminated quote to the end of the file.  This pass counts the values of every record (RFC 4180
// quoting, blank lines skipped as GDAL does) and returns record number (header = 1) -> problem.
std::map<std::int64_t, std::pair<std::string, std::string>> csv_record_problems(const fs::path& file,
                                                                              const std::vector<std::string>& header) {
    std::map<std::int64_t, std::pair<std::string, std::string>> problems;
    std::ifstream in(file, std::ios::binary);
    if (!in || header.empty()) return problems;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    // The delimiter GDAL chose is the one that splits the header into its column count.
    char delim = 0;
    const std::string first = text.substr(0, text.find('\n'));
    for (char c : {',', ';', '\t'}) {
        if (count_unquoted(first, c) + 1 == header.size()) {
            delim = c;
            break;
        }
    }
    if (!delim) return problems;
    std::int64_t record = 0;
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        // one record
        std::size_t values = 1;
        bool quoted = false, blank = true;
        for (; i < n; ++i) {
            const char c = text[i];
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && text[i + 1] == '"') ++i;
                    else quoted = false;
                }
                continue;
            }
            if (c == '\n') break;
            if (c == '"') quoted = true;
            else if (c == delim) ++values;
            if (c != '\r' && c != ' ') blank = false;
        }
        ++i; // past the newline
        if (blank) continue;
        ++record;
        if (record == 1) continue; // header
        if (quoted) {
            problems[record] = {"", "unterminated quote: a '\"' opened in this record is never closed"};
            break;
        }
        if (values > header.size())
            problems[record] = {"", fmt::format("record has {} values but the header has {} columns (quote values that contain '{}')",
                                                values, header.size(), delim == '\t' ? std::string("\\t") : std::string(1, delim))};
        else if (values < header.size())
            problems[record] = {header[values], fmt::format("record has {} values but the header has {} columns; '{}' and later columns are missing",
                                                            values, header.size(), header[values])};
    }
    return problems;
}

ds_ptr open_vector(const fs::path& file, bool csv_points, bool keep_source_columns, const std::string& gdal_name) {
    ensure_gdal();
    std::error_code ec;
    if (!fs::exists(file, ec)) throw input_error(file.string(), 0, "", "file not found");
    if (fs::is_regular_file(file, ec) && fs::file_size(file, ec) == 0) throw input_error(file.string(), 0, "", "file is empty");
    const std::string ext = to_lower(file.extension().string());
    std::vector<const char*> drivers;
    std::vector<const char*> options;
    if ((ext == ".csv" || ext == ".tsv" || ext == ".txt") && csv_points) {
        // a generic table: point geometry from lon/lat columns, column types detected
        drivers = {"CSV", nullptr};
        // AUTODETECT_SIZE_LIMIT: GDAL's default, named because csv_split relies on it
        static const std::string limit = fmt::format("AUTODETECT_SIZE_LIMIT={}", csv_autodetect_bytes);
        options = {"AUTODETECT_TYPE=YES", limit.c_str(), "KEEP_GEOM_COLUMNS=NO", "HEADERS=YES", "X_POSSIBLE_NAMES=lon,longitude,lng,x",
                   "Y_POSSIBLE_NAMES=lat,latitude,y", keep_source_columns ? "KEEP_SOURCE_COLUMNS=YES" : nullptr, nullptr};
    } else if (ext == ".csv" || ext == ".tsv" || ext == ".txt") {
        drivers = {"CSV", nullptr};
        options = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES", "EMPTY_STRING_AS_NULL=NO", "HEADERS=YES", nullptr};
    } else if (csv_points && (ext == ".geojsons" || ext == ".geojsonl" || ext == ".geojsonseq")) {
        drivers = {"GeoJSONSeq", nullptr};
        options = {nullptr};
    } else if (ext == ".geojson" || ext == ".json") {
        drivers = {"GeoJSON", "TopoJSON", nullptr};
        options = {nullptr};
    } else if (ext == ".gpkg") {
        drivers = {"GPKG", nullptr};
        options = {nullptr};
    } else {
        throw input_error(file.string(), 0, "", "unsupported file type '" + ext + "' (use .csv, .geojson, .json or .gpkg" +
                                                    (csv_points ? std::string(", .geojsons") : std::string()) + ")");
    }
    // GeoJSONSeq's driver does not claim a file of one plain Feature (GeoJSON's does): its prefix forces it
    std::string name = gdal_name.empty() ? file.string() : gdal_name;
    if (drivers[0] == std::string("GeoJSONSeq")) name = "GeoJSONSeq:" + name;
    gdal_error_capture capture;
    GDALDatasetH ds = GDALOpenEx(name.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers.data(), options.data(), nullptr);
    if (!ds) {
        std::string why = capture.last();
        if (why.empty()) why = "not a readable " + ext.substr(1) + " file";
        if (drivers[0] == std::string("CSV")) why += csv_delimiter_hint(file);
        throw input_error(file.string(), 0, "", "cannot open: " + why);
    }
    return ds_ptr(ds);
}

bool parse_bool(const std::string& s, bool& out) {
    const std::string l = to_lower(s);
    if (l == "yes" || l == "y" || l == "true" || l == "1") { out = true; return true; }
    if (l == "no" || l == "n" || l == "false" || l == "0") { out = false; return true; }
    return false;
}

void collect_points(OGRGeometryH g, geometry& out, std::string& why);

void ring_points(OGRGeometryH r, std::vector<lon_lat>& pts) {
    const int n = OGR_G_GetPointCount(r);
    pts.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) pts.push_back({OGR_G_GetX(r, i), OGR_G_GetY(r, i)});
}

void collect_points(OGRGeometryH g, geometry& out, std::string& why) {
    const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
    switch (type) {
    case wkbPoint:
        if (OGR_G_IsEmpty(g)) return;
        out.points.push_back({OGR_G_GetX(g, 0), OGR_G_GetY(g, 0)});
        out.type = geometry_type::point;
        return;
    case wkbLineString: {
        line_string l;
        ring_points(g, l);
        if (!l.empty()) out.lines.push_back(std::move(l));
        out.type = geometry_type::line;
        return;
    }
    case wkbPolygon: {
        polygon p;
        const int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; ++i) {
            ring r;
            ring_points(OGR_G_GetGeometryRef(g, i), r);
            p.rings.push_back(std::move(r));
        }
        if (!p.rings.empty()) out.polygons.push_back(std::move(p));
        out.type = geometry_type::polygon;
        return;
    }
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection: {
        const int n = OGR_G_GetGeometryCount(g);
        for (int i = 0; i < n; ++i) collect_points(OGR_G_GetGeometryRef(g, i), out, why);
        return;
    }
    default: why = std::string("unsupported geometry type ") + OGRGeometryTypeToName(type);
    }
}

std::string check_geometry_coords(const geometry& g) {
    auto check = [](const lon_lat& p) -> std::string {
        if (!std::isfinite(p.lon) || !std::isfinite(p.lat)) return "coordinate is not a finite number";
        if (std::fabs(p.lat) > 90) return fmt::format("latitude {} is out of range [-90, 90]", p.lat);
        if (std::fabs(p.lon) > 360) return fmt::format("longitude {} is out of range", p.lon);
        return {};
    };
    // A point (or a multipoint's part) is not wrapped: a longitude beyond ±180 is an error as in a CSV's
    // lon column (0-360 data, convert it first); only lines and polygons may run past ±180 to cross the
    // antimeridian.
    for (const auto& p : g.points) {
        if (auto w = check(p); !w.empty()) return fmt::format("point ({}, {}): {}", p.lon, p.lat, w);
        if (std::fabs(p.lon) > 180)
            return fmt::format("point ({}, {}): longitude {} is out of range [-180, 180] (points are not wrapped)", p.lon, p.lat, p.lon);
    }
    for (const auto& l : g.lines)
        for (const auto& p : l)
            if (auto w = check(p); !w.empty()) return w;
    for (const auto& poly : g.polygons)
        for (const auto& r : poly.rings)
            for (const auto& p : r)
                if (auto w = check(p); !w.empty()) return w;
    return {};
}

std::string type_name(geometry_type t) {
    switch (t) {
    case geometry_type::point: return "point";
    case geometry_type::line: return "line";
    case geometry_type::polygon: return "polygon";
    default: return "none";
    }
}

} // namespace detail

using namespace detail;

std::string convert_value(const std::string& text, const field_mapping& fm, value& out) {
    if (text.empty()) {
        out = std::monostate{};
        return fm.required ? "required value is empty" : std::string();
    }
    if (!fm.values.empty() && std::find(fm.values.begin(), fm.values.end(), text) == fm.values.end())
        return "'" + text + "' is not one of: " + join(fm.values, ", ");
    switch (fm.type) {
    case field_type::text:
        if (!is_valid_utf8(text)) return "text is not valid UTF-8 (convert the file to UTF-8)";
        out = text;
        return {};
    case field_type::integer: {
        auto v = parse_int(text);
        if (!v) {
            auto d = parse_double(text);
            if (d && std::isfinite(*d) && std::floor(*d) == *d && std::fabs(*d) < 9e15) v = static_cast<long long>(*d);
        }
        if (!v) return "'" + text + "' is not an integer";
        if ((fm.min && static_cast<double>(*v) < *fm.min) || (fm.max && static_cast<double>(*v) > *fm.max))
            return fmt::format("{} is out of range [{}, {}]", *v, fm.min.value_or(-INFINITY), fm.max.value_or(INFINITY));
        out = static_cast<std::int64_t>(*v);
        return {};
    }
    case field_type::real: {
        auto v = parse_double(text);
        if (!v) return "'" + text + "' is not a number";
        if (!std::isfinite(*v)) return "'" + text + "' is not a finite number";
        if ((fm.min && *v < *fm.min) || (fm.max && *v > *fm.max))
            return fmt::format("{} is out of range [{}, {}]", *v, fm.min.value_or(-INFINITY), fm.max.value_or(INFINITY));
        out = *v;
        return {};
    }
    case field_type::boolean: {
        bool b = false;
        if (!parse_bool(text, b)) return "'" + text + "' is not a yes/no value";
        out = b;
        return {};
    }
    }
    return {};
}

namespace {

// The mapped columns found in the header (-1: an optional column that is absent) and the lon/lat columns.
struct column_plan {
    std::vector<int> fields;
    int lon = -1, lat = -1;
};

// Every mapped column must exist (header row = row 1); a missing one is an error naming the column,
// with a suggestion and, for a one-column CSV header, the likely delimiter.
column_plan resolve_columns(const mapping& map, const std::vector<std::string>& header, bool is_csv, const std::string& fname) {
    auto column_index = [&](const std::string& field, const std::string& column) {
        const auto it = std::find(header.begin(), header.end(), column);
        if (it != header.end()) return static_cast<int>(it - header.begin());
        std::string why = "column '" + column + "' is not in the " + (is_csv ? "header" : "properties") +
                          " (mapping " + map.mapping_file.filename().string() + ")";
        if (auto s = suggest(column, header, 1); !s.empty()) why += "; did you mean '" + s[0] + "'?";
        if (is_csv && header.size() == 1) {
            const std::string& h = header[0];
            if (h.find(';') != std::string::npos) why += "; the header has one column: is the delimiter ';' instead of ','?";
            else if (h.find('\t') != std::string::npos) why += "; the header has one column: is the file tab-separated?";
            else if (h.find('|') != std::string::npos) why += "; the header has one column: is the delimiter '|'?";
        }
        throw input_error(fname, is_csv ? 1 : 0, field, why);
    };
    column_plan cols;
    // For GeoJSON a property that no feature has is not a column; allow optional fields to be absent.
    // Fields marked optional_column may be absent from a CSV header too (e.g. the WPI columns of a user table).
    for (const auto& f : map.fields) {
        const auto it = std::find(header.begin(), header.end(), f.column);
        if (it == header.end() && (f.optional_column || (!is_csv && !f.required))) {
            cols.fields.push_back(-1);
            continue;
        }
        cols.fields.push_back(column_index(f.name, f.column));
    }
    if (map.geometry == geometry_source::lon_lat_columns) {
        cols.lon = column_index(map.lon_column, map.lon_column);
        cols.lat = column_index(map.lat_column, map.lat_column);
    }
    return cols;
}

// The errors of one read, in the order found (at most opts.max_errors).
struct error_list {
    std::string file;
    std::size_t max = 0;
    std::vector<input_error> errors;
    void add(std::int64_t row, const std::string& field, const std::string& why) {
        if (errors.size() < max) errors.emplace_back(file, row, field, why);
    }
};

// The mapped fields of a record converted to their types; false if one is bad.
bool read_fields(OGRFeatureH f, const mapping& map, const column_plan& cols, feature& ft, error_list& errs) {
    bool ok = true;
    for (std::size_t i = 0; i < map.fields.size(); ++i) {
        const auto& fm = map.fields[i];
        std::string text;
        if (cols.fields[i] >= 0 && OGR_F_IsFieldSetAndNotNull(f, cols.fields[i])) text = trim(OGR_F_GetFieldAsString(f, cols.fields[i]));
        value v;
        if (auto why = convert_value(text, fm, v); !why.empty()) {
            errs.add(ft.row, fm.name, why);
            ok = false;
        }
        ft.properties.emplace_back(fm.name, std::move(v));
    }
    return ok;
}

// A point from the lon/lat columns (both empty: no geometry, an error if the mapping requires one).
bool read_lon_lat(OGRFeatureH f, const mapping& map, const column_plan& cols, feature& ft, error_list& errs) {
    const std::int64_t row = ft.row;
    const std::string lon_t = trim(OGR_F_GetFieldAsString(f, cols.lon));
    const std::string lat_t = trim(OGR_F_GetFieldAsString(f, cols.lat));
    if (lon_t.empty() && lat_t.empty()) {
        if (!map.geometry_required) return true;
        errs.add(row, map.lat_column, "coordinates are missing");
        return false;
    }
    auto lon = parse_double(lon_t);
    auto lat = parse_double(lat_t);
    if (lon_t.empty() || lat_t.empty()) {
        errs.add(row, lon_t.empty() ? map.lon_column : map.lat_column, "value is empty (longitude and latitude must both be given)");
        return false;
    }
    if (!lon) {
        errs.add(row, map.lon_column, "'" + lon_t + "' is not a number");
        return false;
    }
    if (!lat) {
        errs.add(row, map.lat_column, "'" + lat_t + "' is not a number");
        return false;
    }
    if (auto why = check_lon_lat(*lon, *lat)) {
        const bool lon_bad = !std::isfinite(*lon) || (std::fabs(*lon) > 180 && std::isfinite(*lat) && std::fabs(*lat) <= 90);
        errs.add(row, lon_bad ? map.lon_column : map.lat_column, *why);
        return false;
    }
    ft.geom = geometry::make_point({*lon, *lat});
    return true;
}

// The feature's own geometry: of the mapping's type, finite coordinates, valid polygons.
bool read_native_geometry(OGRFeatureH f, const mapping& map, feature& ft, error_list& errs,
                          std::unique_ptr<geos::context>& geos_ctx) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!g || OGR_G_IsEmpty(g)) {
        errs.add(ft.row, "geometry", "feature has no geometry");
        return false;
    }
    std::string why;
    collect_points(g, ft.geom, why);
    if (why.empty()) why = check_geometry_coords(ft.geom);
    if (why.empty() && map.native_type != geometry_type::none && ft.geom.type != map.native_type)
        why = "geometry is a " + type_name(ft.geom.type) + ", expected a " + type_name(map.native_type);
    if (why.empty() && ft.geom.type == geometry_type::polygon) {
        if (!geos_ctx) geos_ctx = std::make_unique<geos::context>();
        for (const auto& p : ft.geom.polygons)
            if (auto r = geos::invalid_reason(*geos_ctx, p); !r.empty()) {
                why = "invalid polygon: " + r;
                break;
            }
    }
    if (why.empty()) return true;
    errs.add(ft.row, "geometry", why);
    return false;
}

// The mapping's key must be unique: a repeat is an error, or a warning when duplicates are allowed.
bool check_unique_key(const mapping& map, std::size_t key_index, const feature& ft, std::map<std::string, std::int64_t>& keys,
                      error_list& errs, std::vector<std::string>& warnings) {
    if (key_index >= map.fields.size()) return true;
    const std::string k = value_to_string(ft.properties[key_index].second);
    if (k.empty()) return true;
    auto [it, inserted] = keys.emplace(k, ft.row);
    if (inserted) return true;
    const std::string why = fmt::format("duplicate {} '{}' (first at row {})", map.key, k, it->second);
    if (map.duplicate_keys_allowed) {
        warnings.push_back(format_location(errs.file, ft.row, map.key, why));
        return true;
    }
    errs.add(ft.row, map.key, why);
    return false;
}

} // namespace

source_table read_source(const mapping& map, const fs::path& data_dir, const fs::path& file_override,
                         const read_options& opts) {
    const fs::path file = file_override.empty() ? data_dir / map.path : file_override;
    const std::string fname = file.string();
    ds_ptr ds = open_vector(file);
    OGRLayerH layer = GDALDatasetGetLayer(ds.get(), 0);
    if (!layer) throw input_error(fname, 0, "", "no layer in file");
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    const bool is_csv = std::string(GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()))) == "CSV";

    std::vector<std::string> header;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) header.emplace_back(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    if (!is_csv && OGR_L_GetFeatureCount(layer, TRUE) == 0) throw input_error(fname, 0, "", "no features");
    const column_plan cols = resolve_columns(map, header, is_csv, fname);

    source_table out;
    out.map = map;
    out.file = fname;
    out.layer.name = map.source;
    out.layer.geom_type = map.geometry == geometry_source::lon_lat_columns ? geometry_type::point : map.native_type;
    for (const auto& f : map.fields) out.layer.fields.push_back({f.name, f.type});

    error_list errs{fname, opts.max_errors, {}};
    std::map<std::string, std::int64_t> keys;
    const std::size_t key_index = [&] {
        for (std::size_t i = 0; i < map.fields.size(); ++i)
            if (map.fields[i].name == map.key) return i;
        return map.fields.size();
    }();
    std::unique_ptr<geos::context> geos_ctx;
    const auto record_problems = is_csv ? csv_record_problems(file, header) : decltype(csv_record_problems(file, header)){};
    for (const auto& [row, problem] : record_problems) errs.add(row, problem.first, problem.second);

    OGR_L_ResetReading(layer);
    std::int64_t ordinal = 0;
    gdal_error_capture capture;
    while (feature_ptr f{OGR_L_GetNextFeature(layer)}) {
        ++ordinal;
        // CSV: GDAL numbers data records from 1; with the header as row 1 the record is row FID+1.
        const std::int64_t row = is_csv ? static_cast<std::int64_t>(OGR_F_GetFID(f.get())) + 1 : ordinal;
        if (record_problems.count(row)) continue; // reported above
        feature ft;
        ft.id = ordinal;
        ft.row = row;
        bool ok = read_fields(f.get(), map, cols, ft, errs);
        if (map.geometry == geometry_source::lon_lat_columns) ok = read_lon_lat(f.get(), map, cols, ft, errs) && ok;
        else if (map.geometry == geometry_source::native) ok = read_native_geometry(f.get(), map, ft, errs, geos_ctx) && ok;
        if (ok) ok = check_unique_key(map, key_index, ft, keys, errs, out.warnings);
        if (ok) out.layer.features.push_back(std::move(ft));
    }
    std::vector<input_error>& errors = errs.errors;
    if (!capture.last().empty() && errors.empty()) throw input_error(fname, ordinal + 1, "", "read failed: " + capture.last());
    std::stable_sort(errors.begin(), errors.end(), [](const input_error& a, const input_error& b) { return a.row() < b.row(); });
    if (!errors.empty()) throw input_errors(std::move(errors));
    if (ordinal == 0) throw input_error(fname, 0, "", is_csv ? "no records (the file has a header only)" : "no features");
    return out;
}


} // namespace harbormap::layers
