#include "engine/products/build_steps.hpp"

namespace harbormap::products {

const std::vector<build_step>& build_steps() {
    static const std::vector<build_step> steps = {
        {"fusion", "read every source, fuse, write harbormap.gpkg", build_fusion_step, true},
        {"graph", "sea graph with chokepoint gates (seagraph.hmg)", build_graph_step, false},
        {"tiles", "vector tiles (MBTiles, PMTiles, XYZ), styles, QGIS project", build_tiles_step, false},
        {"report", "preset maps and the footprint report", build_report_step, false},
    };
    return steps;
}

} // namespace harbormap::products
