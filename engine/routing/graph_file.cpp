#include "engine/routing/graph_file.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <bit>
#include <cerrno>
#include <fcntl.h>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>

namespace harbormap::routing {
namespace {

static_assert(std::endian::native == std::endian::little, "the graph file is little-endian");

constexpr char magic[8] = {'H', 'M', 'S', 'E', 'A', 'G', 'R', 'F'};
constexpr std::uint32_t byte_order_mark = 0x01020304u;
constexpr std::size_t header_size = 64;

struct header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t bom;
    std::uint64_t nodes;
    std::uint64_t edges;
    std::uint64_t gates;
    std::uint64_t payload_size;
    std::uint64_t checksum;
    std::uint64_t reserved;
};
static_assert(sizeof(header) == header_size);

// XXH3 (64-bit), header-only: ~10 GB/s, word-wise (the byte-wise FNV-1a of version 3 took ~12% of a cold query).
std::uint64_t checksum(const char* p, std::size_t n) { return XXH3_64bits(p, n); }

template <class T> void put(std::string& out, const std::vector<T>& v) {
    out.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}
template <class T> void put(std::string& out, const file_array<T>& a) {
    out.append(reinterpret_cast<const char*>(a.data()), a.size() * sizeof(T));
}
void put_u32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
// Zero bytes up to the next multiple of 8 of the file offset (the header is 64 bytes): the arrays the loader
// views in the mapping start aligned.
void pad8(std::string& payload) { payload.append((8 - payload.size() % 8) % 8, '\0'); }
template <class T> void put_aligned(std::string& out, const file_array<T>& a) {
    pad8(out);
    put(out, a);
}
void put_str(std::string& out, const std::string& s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

class reader {
public:
    // keep: the mapping `bytes` lie in (view() points into it), or null (view() copies)
    reader(std::string_view bytes, std::size_t pos, const std::string& what, std::shared_ptr<const void> keep)
        : m_b(bytes), m_pos(pos), m_what(what), m_keep(std::move(keep)) {}
    template <class T> void get(std::vector<T>& v, std::size_t n, const char* field) {
        need(n * sizeof(T), field);
        v.resize(n);
        if (n) std::memcpy(v.data(), m_b.data() + m_pos, n * sizeof(T));
        m_pos += n * sizeof(T);
    }
    // An array after pad8(): viewed in the mapping when there is one, else copied.
    template <class T> void view(file_array<T>& a, std::size_t n, const char* field) {
        const std::size_t pad = (8 - m_pos % 8) % 8;
        need(pad, field);
        m_pos += pad;
        need(n * sizeof(T), field);
        const char* p = m_b.data() + m_pos;
        if (m_keep && reinterpret_cast<std::uintptr_t>(p) % alignof(T) == 0) {
            a = file_array<T>::view(reinterpret_cast<const T*>(p), n, m_keep);
        } else {
            std::vector<T> v(n);
            if (n) std::memcpy(v.data(), p, n * sizeof(T));
            a = std::move(v);
        }
        m_pos += n * sizeof(T);
    }
    std::uint32_t u32(const char* field) {
        need(4, field);
        std::uint32_t v = 0;
        std::memcpy(&v, m_b.data() + m_pos, 4);
        m_pos += 4;
        return v;
    }
    std::string str(const char* field) {
        const std::uint32_t n = u32(field);
        need(n, field);
        std::string s(m_b.substr(m_pos, n));
        m_pos += n;
        return s;
    }
    std::size_t pos() const { return m_pos; }

private:
    void need(std::size_t n, const char* field) {
        if (n > m_b.size() - m_pos)
            throw processing_error(m_what + ": graph file is truncated (reading " + field + "); rebuild it with 'harbormap graph build'");
    }
    std::string_view m_b;
    std::size_t m_pos;
    const std::string& m_what;
    std::shared_ptr<const void> m_keep;
};

} // namespace

void rebuild_csr(sea_graph& g) {
    const std::size_t n = g.nodes.size();
    std::vector<std::uint32_t> offsets(n + 1, 0);
    for (std::size_t e = 0; e < g.edge_a.size(); ++e) {
        ++offsets[g.edge_a[e] + 1];
        ++offsets[g.edge_b[e] + 1];
    }
    for (std::size_t i = 0; i < n; ++i) offsets[i + 1] += offsets[i];
    std::vector<edge_id> edge(offsets[n]);
    std::vector<packed_arc> arcs(offsets[n]);
    std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::size_t e = 0; e < g.edge_a.size(); ++e) {
        const node_id a = g.edge_a[e], b = g.edge_b[e];
        for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, a}}) {
            const std::uint32_t slot = fill[from]++;
            edge[slot] = static_cast<edge_id>(e);
            arcs[slot] = {to, g.edge_gates[e], g.edge_length_m[e]};
        }
    }
    g.offsets = std::move(offsets);
    g.arc_edge = std::move(edge);
    g.arcs = std::move(arcs);
    rebuild_gate_segments(g);
}

std::string serialize_graph(const sea_graph& g) {
    // every array the loader views in the mapping starts at a multiple of 8 (put_aligned)
    std::string payload;
    put_aligned(payload, g.nodes);
    put_aligned(payload, g.edge_a);
    put_aligned(payload, g.edge_b);
    put_aligned(payload, g.edge_length_m);
    put_aligned(payload, g.edge_gates);
    put_aligned(payload, g.offsets);
    put_aligned(payload, g.arc_edge);
    put_aligned(payload, g.arcs);
    for (const auto& gt : g.gates) {
        put_str(payload, gt.id);
        put_str(payload, gt.name);
        put_u32(payload, gt.closed_by_default ? 1u : 0u);
        put_u32(payload, static_cast<std::uint32_t>(gt.lines.size()));
        for (const auto& l : gt.lines) put_u32(payload, static_cast<std::uint32_t>(l.size())), put(payload, l);
        put_u32(payload, static_cast<std::uint32_t>(gt.areas.size()));
        for (const auto& r : gt.areas) put_u32(payload, static_cast<std::uint32_t>(r.size())), put(payload, r);
    }
    put_u32(payload, static_cast<std::uint32_t>(g.landmark_tables.size()));
    for (const auto& t : g.landmark_tables) {
        put_u32(payload, t.closed);
        put_u32(payload, static_cast<std::uint32_t>(t.landmarks.size()));
        put(payload, t.landmarks);
        put_aligned(payload, t.dist_m);
    }
    const auto& ch = g.ch;
    put_u32(payload, ch.empty() ? 0u : 1u);
    if (!ch.empty()) {
        put_u32(payload, ch.closed);
        put_u32(payload, static_cast<std::uint32_t>(ch.up_target.size()));
        put_aligned(payload, ch.rank);
        put_aligned(payload, ch.up_offsets);
        put_aligned(payload, ch.up_target);
        put_aligned(payload, ch.up_length_m);
        put_aligned(payload, ch.up_gates);
        put_aligned(payload, ch.up_middle);
        put_aligned(payload, ch.up_edge);
        put_aligned(payload, ch.up_arcs);
        put_aligned(payload, ch.up_half);
    }
    put_u32(payload, g.land.empty() ? 0u : 1u);
    if (!g.land.empty()) {
        put_aligned(payload, g.land.tiles);
        put_aligned(payload, g.land.radius);
        put_u32(payload, static_cast<std::uint32_t>(g.land.blocks.size()));
        put_aligned(payload, g.land.blocks);
    }
    header h{};
    std::memcpy(h.magic, magic, 8);
    h.version = graph_file_version;
    h.bom = byte_order_mark;
    h.nodes = g.nodes.size();
    h.edges = g.edge_a.size();
    h.gates = g.gates.size();
    h.payload_size = payload.size();
    h.checksum = checksum(payload.data(), payload.size());
    std::string out(reinterpret_cast<const char*>(&h), sizeof h);
    out += payload;
    return out;
}

namespace {

sea_graph deserialize(std::string_view bytes, const std::string& what, std::shared_ptr<const void> mapping) {
    const std::string rebuild = "; rebuild it with 'harbormap graph build'";
    if (bytes.size() < 8 || std::memcmp(bytes.data(), magic, 8) != 0)
        throw processing_error(what + ": not a harbormap sea graph file (bad magic)" + rebuild);
    if (bytes.size() < header_size) throw processing_error(what + ": graph file is truncated (header)" + rebuild);
    header h{};
    std::memcpy(&h, bytes.data(), sizeof h);
    if (h.bom != byte_order_mark) throw processing_error(what + ": graph file has a foreign byte order" + rebuild);
    if (bytes.size() - header_size < h.payload_size)
        throw processing_error(what + ": graph file is truncated (" + std::to_string(bytes.size()) + " bytes, header says " +
                               std::to_string(header_size + h.payload_size) + ")" + rebuild);
    if (bytes.size() - header_size > h.payload_size)
        throw processing_error(what + ": graph file has " + std::to_string(bytes.size() - header_size - h.payload_size) +
                               " trailing bytes" + rebuild);
    if (h.version != graph_file_version)
        throw processing_error(what + ": graph file version " + std::to_string(h.version) + ", this harbormap reads version " +
                               std::to_string(graph_file_version) + rebuild);
    if (checksum(bytes.data() + header_size, h.payload_size) != h.checksum)
        throw processing_error(what + ": graph file checksum mismatch (corrupt file)" + rebuild);
    if (h.gates > max_gates || h.nodes > 0xfffffffeull || h.edges > 0x7fffffffull)
        throw processing_error(what + ": graph file counts out of range" + rebuild);
    sea_graph g;
    reader r(bytes, header_size, what, std::move(mapping));
    const std::size_t arc_count = 2 * h.edges;
    r.view(g.nodes, h.nodes, "nodes");
    r.view(g.edge_a, h.edges, "edge ends");
    r.view(g.edge_b, h.edges, "edge ends");
    r.view(g.edge_length_m, h.edges, "edge lengths");
    r.view(g.edge_gates, h.edges, "edge gates");
    r.view(g.offsets, h.nodes + 1, "arc offsets");
    r.view(g.arc_edge, arc_count, "arc edges");
    r.view(g.arcs, arc_count, "packed arcs");
    for (std::uint64_t i = 0; i < h.gates; ++i) {
        gate_info gi;
        gi.id = r.str("gate id");
        gi.name = r.str("gate name");
        gi.closed_by_default = (r.u32("gate flags") & 1u) != 0;
        for (auto* shapes : {&gi.lines, &gi.areas}) {
            const std::uint32_t count = r.u32("gate shape count");
            if (count > 1024) throw processing_error(what + ": graph file gate '" + gi.id + "' has " + std::to_string(count) + " shapes" + rebuild);
            for (std::uint32_t k = 0; k < count; ++k) {
                std::vector<lon_lat> pts;
                r.get(pts, r.u32("gate point count"), "gate points");
                shapes->push_back(std::move(pts));
            }
        }
        g.gates.push_back(std::move(gi));
    }
    const std::uint32_t tables = r.u32("landmark table count");
    if (tables > 8) throw processing_error(what + ": graph file has " + std::to_string(tables) + " landmark tables (at most 8)" + rebuild);
    for (std::uint32_t i = 0; i < tables; ++i) {
        landmark_table t;
        t.closed = r.u32("landmark closures");
        const std::uint32_t count = r.u32("landmark count");
        if (count > 256) throw processing_error(what + ": graph file landmark count " + std::to_string(count) + " out of range" + rebuild);
        r.get(t.landmarks, count, "landmarks");
        r.view(t.dist_m, static_cast<std::size_t>(count) * h.nodes, "landmark distances");
        g.landmark_tables.push_back(std::move(t));
    }
    const std::uint32_t has_ch = r.u32("contraction hierarchy flag");
    if (has_ch > 1) throw processing_error(what + ": graph file contraction hierarchy flag out of range" + rebuild);
    if (has_ch) {
        auto& ch = g.ch;
        ch.closed = r.u32("contraction hierarchy closures");
        const std::uint32_t arcs = r.u32("contraction hierarchy arc count");
        if (arcs > 0x7fffffffu) throw processing_error(what + ": graph file contraction hierarchy arc count out of range" + rebuild);
        r.view(ch.rank, h.nodes, "contraction hierarchy ranks");
        r.view(ch.up_offsets, h.nodes + 1, "contraction hierarchy offsets");
        r.view(ch.up_target, arcs, "contraction hierarchy targets");
        r.view(ch.up_length_m, arcs, "contraction hierarchy lengths");
        r.view(ch.up_gates, arcs, "contraction hierarchy gates");
        r.view(ch.up_middle, arcs, "contraction hierarchy middle nodes");
        r.view(ch.up_edge, arcs, "contraction hierarchy edges");
        r.view(ch.up_arcs, arcs, "contraction hierarchy packed arcs");
        r.view(ch.up_half, 2 * static_cast<std::size_t>(arcs), "contraction hierarchy shortcut halves");
    }
    const std::uint32_t has_land = r.u32("land index flag");
    if (has_land > 1) throw processing_error(what + ": graph file land index flag out of range" + rebuild);
    if (has_land) {
        auto& li = g.land;
        const std::size_t tiles = static_cast<std::size_t>(land_index::tile_rows) * land_index::tile_cols;
        r.view(li.tiles, tiles, "land index tiles");
        r.view(li.radius, tiles, "land index radii");
        const std::uint32_t words = r.u32("land index block words");
        if (words % land_index::block_words != 0) throw processing_error(what + ": graph file land index blocks are not whole" + rebuild);
        r.view(li.blocks, words, "land index blocks");
        for (auto t : li.tiles)
            if (t < land_index::tile_blocked && std::size_t{t} * land_index::block_words >= words)
                throw processing_error(what + ": graph file land index names a block out of range" + rebuild);
    }
    if (r.pos() != bytes.size()) throw processing_error(what + ": graph file payload size does not match its counts" + rebuild);
    rebuild_gate_segments(g);
    if (auto why = g.validate(); !why.empty()) throw processing_error(what + ": invalid graph: " + why + rebuild);
    return g;
}

} // namespace

sea_graph deserialize_graph(std::string_view bytes, const std::string& what) { return deserialize(bytes, what, nullptr); }

void write_graph_file(const std::filesystem::path& path, const sea_graph& g) {
    write_file_atomic(path, serialize_graph(g));
}

namespace {

// A read-only private mapping of a whole file (POSIX mmap), unmapped on destruction.
class mapped_file {
public:
    explicit mapped_file(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) throw processing_error("cannot open " + path.string() + ": " + std::strerror(errno));
        struct stat st {};
        if (::fstat(fd, &st) != 0) {
            ::close(fd);
            throw processing_error("cannot stat " + path.string() + ": " + std::strerror(errno));
        }
        m_size = static_cast<std::size_t>(st.st_size);
        if (m_size > 0) {
            m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
            if (m_data == MAP_FAILED) {
                ::close(fd);
                throw processing_error("cannot map " + path.string() + ": " + std::strerror(errno));
            }
            ::madvise(m_data, m_size, MADV_SEQUENTIAL | MADV_WILLNEED);
        }
        ::close(fd);
    }
    ~mapped_file() {
        if (m_data && m_data != MAP_FAILED) ::munmap(m_data, m_size);
    }
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    std::string_view bytes() const { return m_size ? std::string_view(static_cast<const char*>(m_data), m_size) : std::string_view(); }

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace

sea_graph read_graph_file(const std::filesystem::path& path) {
    if (!std::filesystem::exists(path))
        throw processing_error(path.string() + ": graph file not found; build it with 'harbormap graph build' (or 'harbormap build')");
    // mapped: the checksum runs on the mapping; the landmark tables and the land index stay in it (views
    // sharing the mapping), the other arrays are copied once, straight into place
    const auto f = std::make_shared<const mapped_file>(path);
    return deserialize(f->bytes(), path.string(), f);
}

} // namespace harbormap::routing
