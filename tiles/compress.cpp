#include "tiles/compress.hpp"

#include <zlib.h>

#include <stdexcept>

namespace harbormap::tiles {

namespace {

// One deflate state per thread, reset between calls: deflateInit2 allocates and clears about
// 270 KB, which for small tiles cost more than the compression itself.  Same bytes either way.
struct deflater {
    z_stream zs{};
    int level = -1;
    deflater() = default;
    deflater(const deflater&) = delete;
    deflater& operator=(const deflater&) = delete;
    ~deflater() {
        if (level >= 0) deflateEnd(&zs);
    }
    z_stream& get(int lvl) {
        if (level == lvl) {
            if (deflateReset(&zs) != Z_OK) throw std::runtime_error("deflateReset failed");
            return zs;
        }
        if (level >= 0) deflateEnd(&zs);
        level = -1;
        zs = z_stream{};
        // windowBits 15 + 16: gzip wrapper with a zeroed header (no name, mtime 0): same bytes every run
        if (deflateInit2(&zs, lvl, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflateInit2 failed");
        level = lvl;
        return zs;
    }
};

} // namespace

std::string gzip_compress(std::string_view data, int level) {
    thread_local deflater d;
    z_stream& zs = d.get(level);
    std::string out;
    out.resize(deflateBound(&zs, static_cast<uLong>(data.size())) + 32);
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const auto n = zs.total_out;
    if (rc != Z_STREAM_END) {
        d.level = -1;
        deflateEnd(&zs);
        throw std::runtime_error("gzip compression failed");
    }
    out.resize(n);
    return out;
}

std::string gzip_decompress(std::string_view data) {
    z_stream zs{};
    if (inflateInit2(&zs, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buf[65536];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        zs.next_out = reinterpret_cast<Bytef*>(buf);
        zs.avail_out = sizeof buf;
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&zs);
            throw std::runtime_error("corrupt gzip data");
        }
        out.append(buf, sizeof buf - zs.avail_out);
        if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
            inflateEnd(&zs);
            throw std::runtime_error("truncated gzip data");
        }
    }
    inflateEnd(&zs);
    return out;
}

} // namespace harbormap::tiles
