#include "layers/gpkg_writer.hpp"

#include "engine/core/error.hpp"
#include "layers/gdal_env.hpp"

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

namespace fs = std::filesystem;

namespace harbormap::layers {

struct gpkg_writer::impl {
    atomic_file file;
    GDALDatasetH ds = nullptr;
    OGRSpatialReferenceH srs = nullptr;
    impl(const fs::path& target, bool overwrite) : file(target, overwrite) {}
};

gpkg_writer::gpkg_writer(const fs::path& target, bool overwrite) : m(std::make_unique<impl>(target, overwrite)) {
    ensure_gdal();
    gdal_error_capture capture;
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    if (!drv) throw processing_error("GDAL has no GPKG driver");
    m->ds = GDALCreate(drv, m->file.temp_path().c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!m->ds) throw processing_error("cannot create " + m->file.temp_path().string() + ": " + capture.last());
    m->srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(m->srs, 4326);
    OSRSetAxisMappingStrategy(m->srs, OAMS_TRADITIONAL_GIS_ORDER);
}

gpkg_writer::~gpkg_writer() {
    if (m->ds) GDALClose(m->ds);
    if (m->srs) OSRDestroySpatialReference(m->srs);
}

namespace {
OGRwkbGeometryType ogr_type(geometry_type t) {
    switch (t) {
    case geometry_type::point: return wkbPoint;
    case geometry_type::line: return wkbMultiLineString;
    case geometry_type::polygon: return wkbMultiPolygon;
    default: return wkbNone;
    }
}

OGRGeometryH make_ring(const ring& r, bool as_ring) {
    OGRGeometryH g = OGR_G_CreateGeometry(as_ring ? wkbLinearRing : wkbLineString);
    for (const auto& p : r) OGR_G_AddPoint_2D(g, p.lon, p.lat);
    return g;
}

OGRGeometryH make_geometry(const geometry& geom, geometry_type layer_type) {
    if (geom.empty()) return nullptr;
    switch (layer_type) {
    case geometry_type::point: {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbPoint);
        OGR_G_SetPoint_2D(g, 0, geom.points.front().lon, geom.points.front().lat);
        return g;
    }
    case geometry_type::line: {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbMultiLineString);
        for (const auto& l : geom.lines) OGR_G_AddGeometryDirectly(g, make_ring(l, false));
        return g;
    }
    case geometry_type::polygon: {
        OGRGeometryH g = OGR_G_CreateGeometry(wkbMultiPolygon);
        for (const auto& poly : geom.polygons) {
            OGRGeometryH pg = OGR_G_CreateGeometry(wkbPolygon);
            for (const auto& r : poly.rings) {
                OGRGeometryH ring_g = make_ring(r, true);
                OGR_G_CloseRings(ring_g);
                OGR_G_AddGeometryDirectly(pg, ring_g);
            }
            OGR_G_AddGeometryDirectly(g, pg);
        }
        return g;
    }
    default: return nullptr;
    }
}
} // namespace

void gpkg_writer::write_layer(const feature_layer& layer, const std::string& description) {
    gdal_error_capture capture;
    char** opts = nullptr;
    opts = CSLSetNameValue(opts, "SPATIAL_INDEX", layer.geom_type == geometry_type::none ? "NO" : "YES");
    if (layer.geom_type == geometry_type::none) opts = CSLSetNameValue(opts, "ASPATIAL_VARIANT", "GPKG_ATTRIBUTES");
    if (!description.empty()) opts = CSLSetNameValue(opts, "DESCRIPTION", description.c_str());
    opts = CSLSetNameValue(opts, "FID", "fid");
    OGRLayerH l = GDALDatasetCreateLayer(m->ds, layer.name.c_str(), layer.geom_type == geometry_type::none ? nullptr : m->srs,
                                         ogr_type(layer.geom_type), opts);
    CSLDestroy(opts);
    if (!l) throw processing_error("cannot create layer " + layer.name + ": " + capture.last());
    for (const auto& f : layer.fields) {
        OGRFieldType t = OFTString;
        OGRFieldSubType st = OFSTNone;
        switch (f.type) {
        case field_type::text: t = OFTString; break;
        case field_type::integer: t = OFTInteger64; break;
        case field_type::real: t = OFTReal; break;
        case field_type::boolean: t = OFTInteger; st = OFSTBoolean; break;
        }
        OGRFieldDefnH fd = OGR_Fld_Create(f.name.c_str(), t);
        OGR_Fld_SetSubType(fd, st);
        if (OGR_L_CreateField(l, fd, TRUE) != OGRERR_NONE) {
            OGR_Fld_Destroy(fd);
            throw processing_error("cannot create field " + f.name + " in " + layer.name + ": " + capture.last());
        }
        OGR_Fld_Destroy(fd);
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    if (OGR_L_StartTransaction(l) != OGRERR_NONE) throw processing_error("cannot start transaction: " + capture.last());
    for (const auto& feat : layer.features) {
        OGRFeatureH f = OGR_F_Create(defn);
        for (std::size_t i = 0; i < layer.fields.size(); ++i) {
            const value* v = feat.find(layer.fields[i].name, i);
            const int fi = static_cast<int>(i);
            if (!v || std::holds_alternative<std::monostate>(*v)) {
                OGR_F_SetFieldNull(f, fi);
                continue;
            }
            if (auto b = std::get_if<bool>(v)) OGR_F_SetFieldInteger(f, fi, *b ? 1 : 0);
            else if (auto n = std::get_if<std::int64_t>(v)) OGR_F_SetFieldInteger64(f, fi, *n);
            else if (auto d = std::get_if<double>(v)) OGR_F_SetFieldDouble(f, fi, *d);
            else if (auto s = std::get_if<std::string>(v)) OGR_F_SetFieldString(f, fi, s->c_str());
        }
        if (OGRGeometryH g = make_geometry(feat.geom, layer.geom_type)) {
            OGR_G_AssignSpatialReference(g, m->srs);
            OGR_F_SetGeometryDirectly(f, g);
        }
        const OGRErr err = OGR_L_CreateFeature(l, f);
        OGR_F_Destroy(f);
        if (err != OGRERR_NONE) throw processing_error("cannot write feature to " + layer.name + ": " + capture.last());
    }
    if (OGR_L_CommitTransaction(l) != OGRERR_NONE) throw processing_error("cannot commit " + layer.name + ": " + capture.last());
}

void gpkg_writer::execute_sql(const std::string& sql) {
    gdal_error_capture capture;
    OGRLayerH r = GDALDatasetExecuteSQL(m->ds, sql.c_str(), nullptr, nullptr);
    if (r) GDALDatasetReleaseResultSet(m->ds, r);
    if (!capture.last().empty()) throw processing_error("SQL failed: " + capture.last());
}

void gpkg_writer::commit() {
    gdal_error_capture capture;
    GDALClose(m->ds);
    m->ds = nullptr;
    if (!capture.last().empty()) throw processing_error("cannot finish " + m->file.temp_path().string() + ": " + capture.last());
    m->file.commit();
}

} // namespace harbormap::layers
