#pragma once
// Geometry preparation for drawing: cut in lon/lat at the antimeridian and at the projection's seam
// (GEOS intersection with the frame's clip boxes), densify so straight lon/lat edges follow the
// projection's curves, then project onto the page.
#include "engine/core/geometry.hpp"
#include "engine/core/geos.hpp"
#include "engine/render/projection.hpp"

#include <vector>

namespace harbormap::render {

using page_path = std::vector<xy>;      // one subpath on the page (pt)
using page_shape = std::vector<page_path>; // polygon rings (fill even-odd) or line parts


// Inserts vertices so no segment is longer than max_deg degrees (in lon/lat).
line_string densify(const line_string& line, double max_deg);

class geo_projector {
public:
    explicit geo_projector(const frame& f, double densify_deg = 1.0) : m_frame(f), m_step(densify_deg) {}

    // Polygons -> one page_shape per clipped polygon piece (rings; first = exterior).
    std::vector<page_shape> polygons(const std::vector<polygon>& polys) const;
    // Lines -> one page_shape of parts.
    page_shape lines(const std::vector<line_string>& lines) const;
    // Clipped lon/lat pieces (for tests and the globe outline).
    std::vector<polygon> clip_polygon(const polygon& poly) const;
    std::vector<line_string> clip_line(const line_string& line) const;
    page_path project(const line_string& pts) const; // densified, unprojectable vertices dropped

private:
    const frame& m_frame;
    double m_step;
    geos::context m_geos;
};

} // namespace harbormap::render
