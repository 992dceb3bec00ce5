#pragma once
// gzip (deflate, level 6 by default, mtime 0) for tiles and PMTiles directories; deterministic bytes.
#include <string>
#include <string_view>

namespace harbormap::tiles {

std::string gzip_compress(std::string_view data, int level = 6);
// Inflates gzip or zlib data; throws std::runtime_error on corrupt input.
std::string gzip_decompress(std::string_view data);
inline bool is_gzip(std::string_view d) {
    return d.size() >= 2 && static_cast<unsigned char>(d[0]) == 0x1f && static_cast<unsigned char>(d[1]) == 0x8b;
}

} // namespace harbormap::tiles
