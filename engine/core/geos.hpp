#pragma once
// RAII wrapper of the GEOS C API (reentrant _r functions): one context per thread/owner,
// geometries as unique_ptrs that know their context.
#include "engine/core/geometry.hpp"

#include <geos_c.h>
#include <memory>
#include <string>

namespace harbormap::geos {

class context {
public:
    context();
    ~context();
    context(const context&) = delete;
    context& operator=(const context&) = delete;
    GEOSContextHandle_t handle() const { return m_handle; }
    const std::string& last_error() const { return m_error; }

private:
    static void on_message(const char* message, void* userdata);
    GEOSContextHandle_t m_handle;
    std::string m_error;
};

struct geom_deleter {
    GEOSContextHandle_t ctx = nullptr;
    void operator()(GEOSGeometry* g) const {
        if (g) GEOSGeom_destroy_r(ctx, g);
    }
};
using geom_ptr = std::unique_ptr<GEOSGeometry, geom_deleter>;

geom_ptr to_geos(const context& ctx, const polygon& poly);
geom_ptr to_geos(const context& ctx, const line_string& line);
// Polygons of a GEOS (multi)polygon geometry; other types are ignored.
std::vector<polygon> polygons_from_geos(const context& ctx, const GEOSGeometry* g);

// Why a polygon is invalid (GEOSisValidReason), or empty if valid.
std::string invalid_reason(const context& ctx, const polygon& poly);
// GEOSMakeValid of a polygon, as polygons.
std::vector<polygon> make_valid(const context& ctx, const polygon& poly);

// A polygon whose rings cross the antimeridian as a jump (an edge from lon ~180 to ~-180, which in the
// lon/lat plane runs across the whole world) cut into pieces on either side of it, each within
// [-180, 180]; other polygons (and rings that circle a pole, which cannot be unwrapped) come back as they are.
std::vector<polygon> split_at_antimeridian(const context& ctx, const polygon& poly);

} // namespace harbormap::geos
