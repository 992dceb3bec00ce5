#pragma once
// One zoom level of the generator (generator.cpp): eligibility, grid thinning, per-tile records
// in passes over tile-id ranges, parallel encoding, ordered writing to the sinks.
#include "tiles/generator.hpp"

namespace harbormap::tiles::detail {

struct zoom_job {
    const tile_input& input;
    const generate_options& opt;
    unsigned threads = 1;
    const std::vector<tile_sink*>& sinks;
};

zoom_stats run_zoom(const zoom_job& job, std::uint32_t z);

} // namespace harbormap::tiles::detail
