#pragma once
// Projection (PROJ) and the frame that maps lon/lat onto a rectangle of the page.
#include "engine/core/lon_lat.hpp"
#include "engine/render/map.hpp"

#include <memory>
#include <optional>
#include <string>

namespace harbormap::render {

struct xy {
    double x = 0, y = 0;
};

// A forward projection from WGS84 lon/lat (degrees) to projected metres.  Accepts a PROJ string
// ("+proj=eqearth", "+proj=aea +lat_1=29.5 +lat_2=45.5 +lon_0=-96"), or a CRS ("EPSG:3857").
// Throws usage_error naming the string when PROJ rejects it.
class projection {
public:
    explicit projection(const std::string& definition);
    ~projection();
    projection(const projection&) = delete;
    projection& operator=(const projection&) = delete;
    projection(projection&&) noexcept;
    projection& operator=(projection&&) noexcept;

    // nullopt where the projection is not defined (e.g. the poles in Mercator).
    std::optional<xy> forward(const lon_lat& p) const;
    const std::string& definition() const { return m_definition; }
    double central_meridian() const { return m_lon0; } // +lon_0 (0 if absent)
    bool is_mercator() const { return m_mercator; }
    std::string name() const; // human name for the credit line ("Equal Earth")

private:
    struct impl;
    std::unique_ptr<impl> m;
    std::string m_definition;
    double m_lon0 = 0;
    bool m_mercator = false;
};

// projection + lon/lat extent + page rectangle.  Fits the projected extent into the rectangle
// (aspect preserved, centred).
class frame {
public:
    frame(const std::string& proj_definition, const bbox& extent, const rect& area);

    std::optional<xy> to_page(const lon_lat& p) const;  // pt on the page
    xy page_from_projected(const xy& m) const { return {m_ox + (m.x - m_minx) * m_scale, m_oy + (m_maxy - m.y) * m_scale}; }
    const projection& proj() const { return m_proj; }
    const bbox& extent() const { return m_extent; }
    const rect& area() const { return m_area; }
    double pt_per_metre() const { return m_scale; } // projected metres -> pt
    bool whole_world() const { return m_world; }

    // lon ranges (unwrapped to [-180, 180]) that the panel shows, split at the antimeridian and at
    // the projection's seam (central meridian + 180).  Geometry is clipped to these boxes in lon/lat
    // before projecting, so nothing smears across the map.
    const std::vector<bbox>& clip_boxes() const { return m_clip_boxes; }

private:
    projection m_proj;
    bbox m_extent;
    rect m_area;
    bool m_world = false;
    double m_minx = 0, m_maxy = 0, m_scale = 1, m_ox = 0, m_oy = 0;
    std::vector<bbox> m_clip_boxes;
};

} // namespace harbormap::render
