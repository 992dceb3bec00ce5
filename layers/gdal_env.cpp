#include "layers/gdal_env.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <mutex>
#include <ogr_api.h>

namespace harbormap::layers {
namespace {
thread_local std::string t_last_error;
void CPL_STDCALL capture_handler(CPLErr level, CPLErrorNum, const char* msg) {
    if (level >= CE_Failure && msg) t_last_error = msg;
}
} // namespace

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        CPLSetConfigOption("GDAL_PAM_ENABLED", "NO");
        CPLSetConfigOption("CPL_DEBUG", "OFF");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0"); // no size limit for large GeoJSON objects
        // Deterministic GeoPackages: a fixed timestamp instead of "now" in gpkg_contents.
        CPLSetConfigOption("OGR_CURRENT_DATE", "2000-01-01T00:00:00.000Z");
        GDALAllRegister();
    });
}

gdal_error_capture::gdal_error_capture() {
    t_last_error.clear();
    CPLPushErrorHandler(capture_handler);
}

gdal_error_capture::~gdal_error_capture() { CPLPopErrorHandler(); }

std::string gdal_error_capture::last() const { return t_last_error; }

} // namespace harbormap::layers
