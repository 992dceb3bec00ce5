#pragma once
// One zoom level of the generator (generator.cpp): eligibility, grid thinning, per-tile records
// in passes over tile-id ranges, parallel encoding, ordered writing to the sinks.
#include "tiles/generator.hpp"

#include <functional>
#include <vector>

namespace harbormap::tiles::detail {

struct zoom_job {
    const tile_input& input;
    const generate_options& opt;
    unsigned threads = 1;
    const std::vector<tile_sink*>& sinks;
};

// Every zoom of job.opt (min_zoom..max_zoom) in order; on_zoom(z) is called as zoom z starts.
// One thread: pass after pass on the calling thread.  More: the calling thread thins and makes the
// records of the next pass while job.threads workers encode the previous one and a writer thread
// hands the batches to the sinks in order (the output does not depend on the thread count).
std::vector<zoom_stats> run_zooms(const zoom_job& job, const std::function<void(std::uint32_t)>& on_zoom);

} // namespace harbormap::tiles::detail
