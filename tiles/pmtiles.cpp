#include "tiles/pmtiles.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "tiles/compress.hpp"
#include "tiles/formats.hpp"
#include "tiles/spill.hpp"

#include <protozero/varint.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <unordered_map>

namespace harbormap::tiles {
namespace pmtiles {
namespace {

void put_u64(std::string& s, std::size_t at, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_i32(std::string& s, std::size_t at, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    for (int i = 0; i < 4; ++i) s[at + static_cast<std::size_t>(i)] = static_cast<char>((u >> (8 * i)) & 0xff);
}
std::uint64_t get_u64(std::string_view s, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    return v;
}
std::int32_t get_i32(std::string_view s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]);
    return static_cast<std::int32_t>(v);
}
void put_varint(std::string& s, std::uint64_t v) {
    while (v >= 0x80) {
        s.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    s.push_back(static_cast<char>(v));
}
std::uint64_t get_varint(const char*& p, const char* end) {
    try {
        return protozero::decode_varint(&p, end);
    } catch (const std::exception&) {
        throw std::runtime_error("PMTiles directory truncated");
    }
}

} // namespace

std::string serialize_header(const header& h) {
    std::string s(header_size, '\0');
    std::memcpy(s.data(), "PMTiles", 7);
    s[7] = 3;
    put_u64(s, 8, h.root_offset);
    put_u64(s, 16, h.root_length);
    put_u64(s, 24, h.metadata_offset);
    put_u64(s, 32, h.metadata_length);
    put_u64(s, 40, h.leaf_offset);
    put_u64(s, 48, h.leaf_length);
    put_u64(s, 56, h.data_offset);
    put_u64(s, 64, h.data_length);
    put_u64(s, 72, h.addressed_tiles);
    put_u64(s, 80, h.tile_entries);
    put_u64(s, 88, h.tile_contents);
    s[96] = h.clustered ? 1 : 0;
    s[97] = static_cast<char>(h.internal_compression);
    s[98] = static_cast<char>(h.tile_compression);
    s[99] = static_cast<char>(h.tile_type);
    s[100] = static_cast<char>(h.min_zoom);
    s[101] = static_cast<char>(h.max_zoom);
    put_i32(s, 102, h.min_lon_e7);
    put_i32(s, 106, h.min_lat_e7);
    put_i32(s, 110, h.max_lon_e7);
    put_i32(s, 114, h.max_lat_e7);
    s[118] = static_cast<char>(h.center_zoom);
    put_i32(s, 119, h.center_lon_e7);
    put_i32(s, 123, h.center_lat_e7);
    return s;
}

header parse_header(std::string_view s) {
    if (s.size() < header_size || s.substr(0, 7) != "PMTiles") throw std::runtime_error("not a PMTiles archive");
    if (s[7] != 3) throw std::runtime_error("PMTiles version " + std::to_string(static_cast<int>(s[7])) + " (only 3 is read)");
    header h;
    h.root_offset = get_u64(s, 8);
    h.root_length = get_u64(s, 16);
    h.metadata_offset = get_u64(s, 24);
    h.metadata_length = get_u64(s, 32);
    h.leaf_offset = get_u64(s, 40);
    h.leaf_length = get_u64(s, 48);
    h.data_offset = get_u64(s, 56);
    h.data_length = get_u64(s, 64);
    h.addressed_tiles = get_u64(s, 72);
    h.tile_entries = get_u64(s, 80);
    h.tile_contents = get_u64(s, 88);
    h.clustered = s[96] == 1;
    h.internal_compression = static_cast<std::uint8_t>(s[97]);
    h.tile_compression = static_cast<std::uint8_t>(s[98]);
    h.tile_type = static_cast<std::uint8_t>(s[99]);
    h.min_zoom = static_cast<std::uint8_t>(s[100]);
    h.max_zoom = static_cast<std::uint8_t>(s[101]);
    h.min_lon_e7 = get_i32(s, 102);
    h.min_lat_e7 = get_i32(s, 106);
    h.max_lon_e7 = get_i32(s, 110);
    h.max_lat_e7 = get_i32(s, 114);
    h.center_zoom = static_cast<std::uint8_t>(s[118]);
    h.center_lon_e7 = get_i32(s, 119);
    h.center_lat_e7 = get_i32(s, 123);
    return h;
}

std::string serialize_directory(const std::vector<entry>& entries) {
    std::string s;
    put_varint(s, entries.size());
    std::uint64_t last = 0;
    for (const auto& e : entries) {
        put_varint(s, e.tile_id - last);
        last = e.tile_id;
    }
    for (const auto& e : entries) put_varint(s, e.run_length);
    for (const auto& e : entries) put_varint(s, e.length);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i > 0 && entries[i].offset == entries[i - 1].offset + entries[i - 1].length) put_varint(s, 0);
        else put_varint(s, entries[i].offset + 1);
    }
    return s;
}

std::vector<entry> parse_directory(std::string_view bytes) {
    const char* p = bytes.data();
    const char* end = p + bytes.size();
    const std::uint64_t n = get_varint(p, end);
    if (n > bytes.size()) throw std::runtime_error("PMTiles directory: bad entry count");
    std::vector<entry> out(n);
    std::uint64_t last = 0;
    for (auto& e : out) {
        last += get_varint(p, end);
        e.tile_id = last;
    }
    for (auto& e : out) e.run_length = static_cast<std::uint32_t>(get_varint(p, end));
    for (auto& e : out) e.length = static_cast<std::uint32_t>(get_varint(p, end));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const std::uint64_t v = get_varint(p, end);
        if (v == 0) {
            if (i == 0) throw std::runtime_error("PMTiles directory: first offset is relative");
            out[i].offset = out[i - 1].offset + out[i - 1].length;
        } else {
            out[i].offset = v - 1;
        }
    }
    return out;
}

} // namespace pmtiles

namespace {

std::int32_t e7(double deg) { return static_cast<std::int32_t>(std::llround(deg * 1e7)); }

class pmtiles_sink : public tile_sink {
public:
    pmtiles_sink(const std::filesystem::path& out, bool overwrite, std::size_t root_limit)
        : m_file(out, overwrite), m_root_limit(root_limit) {}

    bool wants_gzip() const override { return true; }
    // Tile data goes to a spill store (memory, then a temporary file); identical tiles are stored
    // once (found by a 64-bit hash, confirmed byte by byte).
    void add_tiles(std::uint32_t, const std::vector<encoded_tile>& tiles) override {
        for (const encoded_tile& t : tiles) {
            const std::uint64_t id = pmtiles_tile_id(t.id);
            if (!m_entries.empty() && id <= m_entries.back().tile_id) throw std::logic_error("pmtiles: tiles out of order");
            ++m_addressed;
            const std::string& gz = t.gz;
            const std::uint64_t h = std::hash<std::string>{}(gz) ^ (gz.size() * 0x9e3779b97f4a7c15ull);
            std::optional<blob> found;
            for (auto [it, end] = m_blobs.equal_range(h); it != end && !found; ++it) {
                if (it->second.length != gz.size()) continue;
                m_data.seal();
                m_data.read(it->second.offset, gz.size(), m_scratch);
                if (m_scratch == gz) found = it->second;
            }
            if (!found) {
                found = blob{m_data.append(gz), static_cast<std::uint32_t>(gz.size())};
                m_blobs.emplace(h, *found);
                ++m_contents;
            }
            const blob b = *found;
            if (!m_entries.empty()) {
                auto& last = m_entries.back();
                if (last.offset == b.offset && last.tile_id + last.run_length == id) {
                    ++last.run_length;
                    continue;
                }
            }
            m_entries.push_back({id, b.offset, b.length, 1});
        }
    }

    void finish(const tileset_metadata& m) override {
        using namespace pmtiles;
        nlohmann::json j = m.json();
        j["name"] = m.name;
        j["description"] = m.description;
        j["attribution"] = m.attribution;
        j["version"] = m.version;
        j["type"] = "overlay";
        j["format"] = "pbf";
        const std::string meta = gzip_compress(j.dump());
        std::string root, leaves;
        build_directories(root, leaves);

        header h;
        h.root_offset = header_size;
        h.root_length = root.size();
        h.metadata_offset = h.root_offset + h.root_length;
        h.metadata_length = meta.size();
        h.leaf_offset = h.metadata_offset + h.metadata_length;
        h.leaf_length = leaves.size();
        h.data_offset = h.leaf_offset + h.leaf_length;
        h.data_length = m_data.size();
        h.addressed_tiles = m_addressed;
        h.tile_entries = m_entries.size();
        h.tile_contents = m_contents;
        h.clustered = true;
        h.internal_compression = gzip;
        h.tile_compression = gzip;
        h.tile_type = 1;
        h.min_zoom = static_cast<std::uint8_t>(m.minzoom);
        h.max_zoom = static_cast<std::uint8_t>(m.maxzoom);
        h.min_lon_e7 = e7(m.bounds.min_lon);
        h.min_lat_e7 = e7(m.bounds.min_lat);
        h.max_lon_e7 = e7(m.bounds.max_lon);
        h.max_lat_e7 = e7(m.bounds.max_lat);
        h.center_zoom = static_cast<std::uint8_t>(m.center_zoom);
        h.center_lon_e7 = e7(m.center.lon);
        h.center_lat_e7 = e7(m.center.lat);

        auto& out = m_file.stream();
        const std::string hb = serialize_header(h);
        for (const std::string* part : std::initializer_list<const std::string*>{&hb, &root, &meta, &leaves})
            out.write(part->data(), static_cast<std::streamsize>(part->size()));
        m_data.seal();
        m_data.copy_to(out);
        m_file.commit();
    }

private:
    struct blob {
        std::uint64_t offset;
        std::uint32_t length;
    };

    // Root only when header + root fit in 16 KiB; otherwise leaves of n entries, n growing by 1.2x
    // until the root of leaf pointers fits.
    void build_directories(std::string& root, std::string& leaves) const {
        using namespace pmtiles;
        root = gzip_compress(serialize_directory(m_entries));
        if (header_size + root.size() <= m_root_limit) return;
        for (std::size_t leaf_size = std::min<std::size_t>(4096, m_entries.size() / 8 + 1);; leaf_size = leaf_size * 6 / 5 + 1) {
            leaves.clear();
            std::vector<entry> root_entries;
            for (std::size_t i = 0; i < m_entries.size(); i += leaf_size) {
                const std::size_t n = std::min(leaf_size, m_entries.size() - i);
                std::vector<entry> chunk(m_entries.begin() + static_cast<std::ptrdiff_t>(i),
                                         m_entries.begin() + static_cast<std::ptrdiff_t>(i + n));
                const std::string leaf = gzip_compress(serialize_directory(chunk));
                root_entries.push_back({chunk.front().tile_id, leaves.size(), static_cast<std::uint32_t>(leaf.size()), 0});
                leaves += leaf;
            }
            root = gzip_compress(serialize_directory(root_entries));
            if (header_size + root.size() <= m_root_limit) return;
        }
    }

    atomic_file m_file;
    std::size_t m_root_limit;
    spill_store m_data{16u << 20};                      // tile data section
    std::unordered_multimap<std::uint64_t, blob> m_blobs; // content hash -> stored blob
    std::string m_scratch;
    std::vector<pmtiles::entry> m_entries;
    std::uint64_t m_addressed = 0, m_contents = 0;
};

class pmtiles_source : public tile_source {
public:
    explicit pmtiles_source(const std::filesystem::path& p) : m_path(p.string()), m_bytes(read_file(p)) {
        try {
            m_header = pmtiles::parse_header(m_bytes);
        } catch (const std::runtime_error& e) {
            throw processing_error(m_path + ": " + e.what());
        }
    }
    const pmtiles::header& header() const { return m_header; }

    std::vector<tile_id> list() override {
        std::vector<tile_id> out;
        walk(section(m_header.root_offset, m_header.root_length), out, 0);
        std::sort(out.begin(), out.end());
        return out;
    }

    std::optional<std::string> get(const tile_id& t) override {
        const std::uint64_t id = pmtiles_tile_id(t);
        std::string_view dir = section(m_header.root_offset, m_header.root_length);
        for (int depth = 0; depth < 4; ++depth) {
            const auto entries = directory(dir);
            auto it = std::upper_bound(entries.begin(), entries.end(), id,
                                       [](std::uint64_t v, const pmtiles::entry& e) { return v < e.tile_id; });
            if (it == entries.begin()) return std::nullopt;
            const auto& e = *(it - 1);
            if (e.run_length == 0) {
                dir = section(m_header.leaf_offset + e.offset, e.length);
                continue;
            }
            if (id >= e.tile_id + e.run_length) return std::nullopt;
            std::string_view data = section(m_header.data_offset + e.offset, e.length);
            return m_header.tile_compression == pmtiles::gzip ? gzip_decompress(data) : std::string(data);
        }
        throw processing_error(m_path + ": PMTiles directories nested too deep");
    }

    nlohmann::json metadata() override {
        std::string_view raw = section(m_header.metadata_offset, m_header.metadata_length);
        const std::string text = m_header.internal_compression == pmtiles::gzip ? gzip_decompress(raw) : std::string(raw);
        try {
            return nlohmann::json::parse(text);
        } catch (const nlohmann::json::exception& e) {
            throw input_error(m_path, 0, "metadata", std::string("not valid JSON: ") + e.what());
        }
    }

private:
    std::string_view section(std::uint64_t offset, std::uint64_t length) const {
        if (offset > m_bytes.size() || length > m_bytes.size() - offset)
            throw processing_error(m_path + ": PMTiles section beyond the end of the file");
        return std::string_view(m_bytes).substr(offset, length);
    }
    std::vector<pmtiles::entry> directory(std::string_view raw) const {
        try {
            return pmtiles::parse_directory(m_header.internal_compression == pmtiles::gzip ? gzip_decompress(raw)
                                                                                           : std::string(raw));
        } catch (const std::runtime_error& e) {
            throw processing_error(m_path + ": " + e.what());
        }
    }
    void walk(std::string_view dir, std::vector<tile_id>& out, int depth) const {
        if (depth > 3) throw processing_error(m_path + ": PMTiles directories nested too deep");
        for (const auto& e : directory(dir)) {
            if (e.run_length == 0) walk(section(m_header.leaf_offset + e.offset, e.length), out, depth + 1);
            else
                for (std::uint64_t k = 0; k < e.run_length; ++k) out.push_back(pmtiles_tile_from_id(e.tile_id + k));
        }
    }

    std::string m_path;
    std::string m_bytes;
    pmtiles::header m_header;
};

} // namespace

std::unique_ptr<tile_sink> make_pmtiles_sink(const std::filesystem::path& out, bool overwrite, std::size_t root_limit) {
    return std::make_unique<pmtiles_sink>(out, overwrite, root_limit);
}
std::unique_ptr<tile_source> open_pmtiles(const std::filesystem::path& path) {
    return std::make_unique<pmtiles_source>(path);
}

} // namespace harbormap::tiles
