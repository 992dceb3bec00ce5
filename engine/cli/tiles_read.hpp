#pragma once
// `tiles build --layer NAME=FILE`: a file's features streamed to callbacks on the calling thread, in
// file order (cmd_tiles_read.cpp).  `preferred`: the layers to read, or every layer when the file has
// none of them (layers::stream_vector_part, part 0).
#include "engine/core/geometry.hpp"

#include <functional>
#include <string>
#include <vector>

namespace harbormap::cli {

// With reader threads: GDAL parses on them while the calling thread takes the features; a CSV of
// layers::min_split_size or more is parsed in two parts at once (layers::plan_vector_read).  An
// exception on any thread stops every thread and is rethrown here.
void stream_overlapped(const std::string& file, const std::vector<std::string>& preferred,
                       const std::function<void(const feature_layer&)>& on_layer, const std::function<void(feature&&)>& on_feature);

// Everything on the calling thread (--threads 1).
void stream_inline(const std::string& file, const std::vector<std::string>& preferred,
                   const std::function<void(const feature_layer&)>& on_layer, const std::function<void(feature&&)>& on_feature);

} // namespace harbormap::cli
