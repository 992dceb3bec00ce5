#include "engine/query/catalog_file.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace fs = std::filesystem;

namespace harbormap::query {
namespace {

static_assert(std::endian::native == std::endian::little, "the catalog file is little-endian");

constexpr char magic[8] = {'H', 'M', 'C', 'A', 'T', 'A', 'L', 'G'};
constexpr std::uint32_t byte_order_mark = 0x01020304u;

struct header {
    char magic[8];
    std::uint32_t version;
    std::uint32_t bom;
    std::uint32_t layers;
    std::uint32_t reserved0;
    std::uint64_t payload_size;
    std::uint64_t checksum;
    std::uint64_t reserved[3];
};
static_assert(sizeof(header) == 64);

enum tag : std::uint8_t { t_null = 0, t_false = 1, t_true = 2, t_int = 3, t_real = 4, t_text = 5 };

// ---------------------------------------------------------------- writing
class writer {
public:
    std::string out;
    template <class T> void pod(T v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
    void str(const std::string& s) {
        pod(static_cast<std::uint32_t>(s.size()));
        out += s;
    }
    void coords(const std::vector<lon_lat>& pts) {
        pod(static_cast<std::uint32_t>(pts.size()));
        for (const auto& p : pts) {
            pod(p.lon);
            pod(p.lat);
        }
    }
};

// A value as the GeoPackage gives it back for a field of type `t` (GDAL's conversions on write).
value as_field_type(const value& v, field_type t) {
    if (std::holds_alternative<std::monostate>(v)) return v;
    switch (t) {
    case field_type::text:
        if (auto b = std::get_if<bool>(&v)) return std::string(*b ? "1" : "0");
        return std::holds_alternative<std::string>(v) ? v : value(value_to_string(v));
    case field_type::integer:
        if (auto b = std::get_if<bool>(&v)) return std::int64_t{*b ? 1 : 0};
        if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
        if (auto s = std::get_if<std::string>(&v)) return static_cast<std::int64_t>(std::strtoll(s->c_str(), nullptr, 10));
        return v;
    case field_type::real:
        if (auto b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
        if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
        if (auto s = std::get_if<std::string>(&v)) return std::strtod(s->c_str(), nullptr);
        return v;
    case field_type::boolean:
        if (auto i = std::get_if<std::int64_t>(&v)) return *i != 0;
        if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d) != 0;
        if (auto s = std::get_if<std::string>(&v)) return std::strtoll(s->c_str(), nullptr, 10) != 0;
        return v;
    }
    return v;
}

void put_value(writer& w, const value& v) {
    if (auto b = std::get_if<bool>(&v)) {
        w.pod(*b ? t_true : t_false);
    } else if (auto i = std::get_if<std::int64_t>(&v)) {
        w.pod(t_int);
        w.pod(*i);
    } else if (auto d = std::get_if<double>(&v)) {
        w.pod(t_real);
        w.pod(*d);
    } else if (auto s = std::get_if<std::string>(&v)) {
        w.pod(t_text);
        w.str(*s);
    } else {
        w.pod(t_null);
    }
}

void put_geometry(writer& w, const geometry& g) {
    w.pod(static_cast<std::uint8_t>(g.type));
    w.coords(g.points);
    w.pod(static_cast<std::uint32_t>(g.lines.size()));
    for (const auto& l : g.lines) w.coords(l);
    w.pod(static_cast<std::uint32_t>(g.polygons.size()));
    for (const auto& p : g.polygons) {
        w.pod(static_cast<std::uint32_t>(p.rings.size()));
        for (const auto& r : p.rings) w.coords(r);
    }
}

std::string serialize_layer(const feature_layer& l) {
    writer w;
    w.pod(static_cast<std::uint8_t>(l.geom_type));
    w.pod(static_cast<std::uint32_t>(l.fields.size()));
    for (const auto& f : l.fields) {
        w.str(f.name);
        w.pod(static_cast<std::uint8_t>(f.type));
    }
    w.pod(static_cast<std::uint64_t>(l.features.size()));
    // version 2: the offset of every row from the end of this table, and one past the last row
    writer rows;
    std::vector<std::uint64_t> starts;
    starts.reserve(l.features.size() + 1);
    for (const auto& f : l.features) {
        starts.push_back(rows.out.size());
        put_geometry(rows, f.geom);
        for (std::size_t k = 0; k < l.fields.size(); ++k) {
            const auto& fd = l.fields[k];
            const value* v = f.find(fd.name, k);
            put_value(rows, v ? as_field_type(*v, fd.type) : value{});
        }
    }
    starts.push_back(rows.out.size());
    for (auto o : starts) w.pod(o);
    w.out += rows.out;
    return std::move(w.out);
}

// ---------------------------------------------------------------- reading
class reader {
public:
    reader(const char* p, std::size_t n, const std::string& what) : m_p(p), m_end(p + n), m_what(what) {}
    template <class T> T pod(const char* field) {
        need(sizeof(T), field);
        T v;
        std::memcpy(&v, m_p, sizeof v);
        m_p += sizeof v;
        return v;
    }
    std::string str(const char* field) {
        const auto n = pod<std::uint32_t>(field);
        need(n, field);
        std::string s(m_p, n);
        m_p += n;
        return s;
    }
    const char* at() const { return m_p; }
    void skip(std::uint64_t n, const char* field) {
        need(n, field);
        m_p += n;
    }
    std::uint32_t count(const char* field, std::size_t min_item_size) {
        const auto n = pod<std::uint32_t>(field);
        need(static_cast<std::uint64_t>(n) * min_item_size, field);
        return n;
    }
    void coords(std::vector<lon_lat>& pts, const char* field) {
        const auto n = count(field, 16);
        pts.resize(n);
        for (auto& p : pts) {
            std::memcpy(&p.lon, m_p, 8);
            std::memcpy(&p.lat, m_p + 8, 8);
            m_p += 16;
        }
    }
    [[noreturn]] void bad(const std::string& why) const {
        throw processing_error(m_what + ": " + why + "; rebuild it with 'harbormap build'");
    }

private:
    void need(std::uint64_t n, const char* field) const {
        if (n > static_cast<std::uint64_t>(m_end - m_p)) bad(std::string("the catalog is truncated (reading ") + field + ")");
    }
    const char* m_p;
    const char* m_end;
    const std::string& m_what;
};

geometry get_geometry(reader& r) {
    geometry g;
    const auto t = r.pod<std::uint8_t>("geometry type");
    if (t > static_cast<std::uint8_t>(geometry_type::polygon)) r.bad("bad geometry type " + std::to_string(t));
    g.type = static_cast<geometry_type>(t);
    r.coords(g.points, "points");
    g.lines.resize(r.count("lines", 4));
    for (auto& l : g.lines) r.coords(l, "line");
    g.polygons.resize(r.count("polygons", 4));
    for (auto& p : g.polygons) {
        p.rings.resize(r.count("rings", 4));
        for (auto& ring : p.rings) r.coords(ring, "ring");
    }
    return g;
}

// Steps over a geometry, checking it, allocating nothing.
void skip_geometry(reader& r) {
    const auto t = r.pod<std::uint8_t>("geometry type");
    if (t > static_cast<std::uint8_t>(geometry_type::polygon)) r.bad("bad geometry type " + std::to_string(t));
    r.skip(16ull * r.count("points", 16), "points");
    for (auto n = r.count("lines", 4); n; --n) r.skip(16ull * r.count("line", 16), "line");
    for (auto n = r.count("polygons", 4); n; --n)
        for (auto k = r.count("rings", 4); k; --k) r.skip(16ull * r.count("ring", 16), "ring");
}

value get_value(reader& r, bool keep = true) {
    const auto t = r.pod<std::uint8_t>("value tag");
    if (!keep) { // a field not asked for: checked and stepped over, nothing allocated
        if (t == t_int || t == t_real) r.skip(8, "number");
        else if (t == t_text) r.skip(r.pod<std::uint32_t>("text"), "text");
        else if (t > t_text) r.bad("bad value tag");
        return {};
    }
    switch (t) {
    case t_null: return {};
    case t_false: return false;
    case t_true: return true;
    case t_int: return r.pod<std::int64_t>("integer");
    case t_real: return r.pod<double>("real");
    case t_text: return r.str("text");
    default: r.bad("bad value tag");
    }
}

// A layer's head: geometry type and schema into `l`; returns the feature count and leaves `r` after the
// row offset table (at the first row), whose offsets are checked to rise within the layer.
std::uint64_t read_head(reader& r, feature_layer& l, std::size_t n, const char** table) {
    const auto gt = r.pod<std::uint8_t>("layer geometry type");
    if (gt > static_cast<std::uint8_t>(geometry_type::polygon)) r.bad("bad layer geometry type");
    l.geom_type = static_cast<geometry_type>(gt);
    l.fields.resize(r.count("fields", 5));
    for (auto& f : l.fields) {
        f.name = r.str("field name");
        const auto t = r.pod<std::uint8_t>("field type");
        if (t > static_cast<std::uint8_t>(field_type::boolean)) r.bad("bad field type");
        f.type = static_cast<field_type>(t);
    }
    const auto nf = r.pod<std::uint64_t>("feature count");
    if (nf > n) r.bad("bad feature count");
    *table = r.at();
    r.skip((nf + 1) * 8, "row offsets");
    std::uint64_t prev = 0, last = 0;
    for (std::uint64_t i = 0; i <= nf; ++i) {
        std::memcpy(&last, *table + i * 8, 8);
        if (last < prev) r.bad("row offsets out of order");
        prev = last;
    }
    reader rest = r;
    rest.skip(last, "rows");
    return nf;
}

// One row into `f`: its geometry and the kept fields' values (`kept`: the schema of the kept fields).
void decode_row(reader& r, const std::vector<field_def>& kept, const std::vector<bool>& keep, std::int64_t ordinal, feature& f) {
    f.id = f.row = ordinal;
    f.geom = get_geometry(r);
    f.properties.reserve(kept.size());
    std::size_t k = 0;
    for (std::size_t i = 0; i < keep.size(); ++i) {
        value v = get_value(r, keep[i]);
        if (keep[i]) f.properties.emplace_back(kept[k++].name, std::move(v));
    }
}

// only: the fields to decode (empty: all); the others are left out of the layer's schema and features.
feature_layer decode_layer(const std::string& name, const char* p, std::size_t n, const std::string& what,
                           const std::vector<std::string>& only) {
    reader r(p, n, what);
    feature_layer l;
    l.name = name;
    const char* table = nullptr;
    const auto nf = read_head(r, l, n, &table);
    std::vector<bool> keep(l.fields.size(), true);
    if (!only.empty()) {
        std::vector<field_def> kept;
        for (std::size_t i = 0; i < l.fields.size(); ++i) {
            keep[i] = std::find(only.begin(), only.end(), l.fields[i].name) != only.end();
            if (keep[i]) kept.push_back(l.fields[i]);
        }
        l.fields.swap(kept);
    }
    l.features.resize(nf);
    std::int64_t ordinal = 0;
    const char* rows = r.at();
    for (auto& f : l.features) {
        std::uint64_t start = 0;
        std::memcpy(&start, table + static_cast<std::size_t>(ordinal) * 8, 8);
        if (r.at() != rows + start) r.bad("row offset table does not match the rows");
        decode_row(r, l.fields, keep, ++ordinal, f);
    }
    return l;
}

} // namespace

// ---------------------------------------------------------------- file
struct catalog_file::impl {
    // a table-of-contents entry (a member type: the anonymous namespace's types may not be fields)
    struct toc_entry {
        std::string name;
        std::uint64_t offset = 0, size = 0;
    };
    std::string what;
    std::string owned;         // from_bytes
    void* map = nullptr;       // open(): the mapping
    std::size_t map_size = 0;
    const char* payload = nullptr;
    std::size_t payload_size = 0;
    std::vector<toc_entry> toc;

    ~impl() {
        if (map) ::munmap(map, map_size);
    }

    void check(const char* data, std::size_t size) {
        auto bad = [&](const std::string& why) -> void {
            throw processing_error(what + ": " + why + "; rebuild it with 'harbormap build'");
        };
        header h{};
        if (size < sizeof h || std::memcmp(data, magic, sizeof magic) != 0) bad("not a harbormap port catalog");
        std::memcpy(&h, data, sizeof h);
        if (h.bom != byte_order_mark) bad("wrong byte order");
        if (h.payload_size != size - sizeof h) bad("the catalog is truncated or has trailing bytes");
        if (h.version != catalog_file_version)
            bad("stale catalog (format version " + std::to_string(h.version) + ", this harbormap reads version " +
                std::to_string(catalog_file_version) + ")");
        payload = data + sizeof h;
        payload_size = size - sizeof h;
        if (XXH3_64bits(payload, payload_size) != h.checksum) bad("checksum mismatch (the catalog is corrupt)");
        reader r(payload, payload_size, what);
        toc.resize(h.layers);
        for (auto& e : toc) {
            e.name = r.str("table of contents");
            e.offset = r.pod<std::uint64_t>("layer offset");
            e.size = r.pod<std::uint64_t>("layer size");
            if (e.offset > payload_size || e.size > payload_size - e.offset) bad("layer '" + e.name + "' lies outside the file");
        }
    }
};

catalog_file::catalog_file(std::unique_ptr<impl> p) : m(std::move(p)) {}
catalog_file::catalog_file(catalog_file&&) noexcept = default;
catalog_file& catalog_file::operator=(catalog_file&&) noexcept = default;
catalog_file::~catalog_file() = default;

fs::path catalog_path(const fs::path& out_dir) { return out_dir / catalog_file_name; }

std::string serialize_catalog(const std::vector<const feature_layer*>& layers) {
    std::vector<std::string> blobs;
    std::size_t toc_size = 0;
    for (const auto* l : layers) {
        blobs.push_back(serialize_layer(*l));
        toc_size += 4 + l->name.size() + 16;
    }
    writer payload;
    std::uint64_t offset = toc_size;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        payload.str(layers[i]->name);
        payload.pod(offset);
        payload.pod(static_cast<std::uint64_t>(blobs[i].size()));
        offset += blobs[i].size();
    }
    for (const auto& b : blobs) payload.out += b;
    header h{};
    std::memcpy(h.magic, magic, sizeof magic);
    h.version = catalog_file_version;
    h.bom = byte_order_mark;
    h.layers = static_cast<std::uint32_t>(layers.size());
    h.payload_size = payload.out.size();
    h.checksum = XXH3_64bits(payload.out.data(), payload.out.size());
    std::string out(reinterpret_cast<const char*>(&h), sizeof h);
    out += payload.out;
    return out;
}

void write_catalog_file(const fs::path& file, const std::vector<const feature_layer*>& layers) {
    write_file_atomic(file, serialize_catalog(layers));
}

catalog_file catalog_file::open(const fs::path& file) {
    auto p = std::make_unique<impl>();
    p->what = file.string();
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            const bool gpkg = fs::exists(file.parent_path() / "harbormap.gpkg");
            throw processing_error(file.string() + " does not exist: " +
                                   (gpkg ? std::string("the output was made by an older harbormap; rebuild it with 'harbormap build'")
                                         : std::string("run 'harbormap build' first (or pass --out DIR)")));
        }
        throw processing_error("cannot open " + file.string() + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        ::close(fd);
        throw processing_error("cannot stat " + file.string() + ": " + std::strerror(errno));
    }
    p->map_size = static_cast<std::size_t>(st.st_size);
    if (p->map_size > 0) {
        p->map = ::mmap(nullptr, p->map_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p->map == MAP_FAILED) {
            p->map = nullptr;
            ::close(fd);
            throw processing_error("cannot map " + file.string() + ": " + std::strerror(errno));
        }
    }
    ::close(fd);
    p->check(static_cast<const char*>(p->map), p->map_size);
    return catalog_file(std::move(p));
}

catalog_file catalog_file::from_bytes(std::string bytes, const std::string& what) {
    auto p = std::make_unique<impl>();
    p->what = what;
    p->owned = std::move(bytes);
    p->check(p->owned.data(), p->owned.size());
    return catalog_file(std::move(p));
}

std::vector<std::string> catalog_file::layer_names() const {
    std::vector<std::string> v;
    for (const auto& e : m->toc) v.push_back(e.name);
    return v;
}

bool catalog_file::has_layer(const std::string& name) const {
    return std::any_of(m->toc.begin(), m->toc.end(), [&](const impl::toc_entry& e) { return e.name == name; });
}

feature_layer catalog_file::layer(const std::string& name, const std::vector<std::string>& fields) const {
    for (const auto& e : m->toc)
        if (e.name == name) return decode_layer(name, m->payload + e.offset, e.size, m->what, fields);
    throw processing_error(m->what + ": no '" + name + "' layer; rebuild it with 'harbormap build'");
}

// ---------------------------------------------------------------- rows
struct catalog_rows::impl {
    std::string what;
    feature_layer head;                // name, geometry type and schema (no features)
    const char* table = nullptr;       // row offsets (count + 1), relative to `rows`
    const char* rows = nullptr;
    std::size_t count = 0;
    // per field, built on its first use: each row's cell offset from `rows`
    std::unique_ptr<std::once_flag[]> once;
    std::unique_ptr<std::vector<std::uint64_t>[]> cells;

    std::uint64_t row_start(std::size_t row) const {
        std::uint64_t v = 0;
        std::memcpy(&v, table + row * 8, 8);
        return v;
    }
    // A reader over one row (bounded by the next row's start).
    reader row_reader(std::size_t row, std::uint64_t from) const {
        const std::uint64_t end = row_start(row + 1);
        return reader(rows + from, static_cast<std::size_t>(end - std::min(from, end)), what);
    }
    const std::vector<std::uint64_t>& column(int field) const {
        const auto f = static_cast<std::size_t>(field);
        std::call_once(once[f], [&] {
            auto& col = cells[f];
            col.resize(count);
            for (std::size_t i = 0; i < count; ++i) {
                reader r = row_reader(i, row_start(i));
                skip_geometry(r);
                for (std::size_t k = 0; k < f; ++k) get_value(r, false);
                col[i] = static_cast<std::uint64_t>(r.at() - rows);
            }
        });
        return cells[f];
    }
};

catalog_rows::catalog_rows(std::unique_ptr<impl> p) : m(std::move(p)) {}
catalog_rows::catalog_rows(catalog_rows&&) noexcept = default;
catalog_rows::~catalog_rows() = default;
std::size_t catalog_rows::size() const { return m->count; }
const std::vector<field_def>& catalog_rows::fields() const { return m->head.fields; }

int catalog_rows::field_index(const std::string& name) const {
    for (std::size_t i = 0; i < m->head.fields.size(); ++i)
        if (m->head.fields[i].name == name) return static_cast<int>(i);
    return -1;
}

value catalog_rows::cell(std::size_t row, int field) const {
    if (field < 0 || row >= m->count) return {};
    reader r = m->row_reader(row, m->column(field)[row]);
    return get_value(r);
}

std::optional<std::string_view> catalog_rows::text_view(std::size_t row, int field) const {
    if (field < 0 || row >= m->count) return std::nullopt;
    reader r = m->row_reader(row, m->column(field)[row]);
    if (r.pod<std::uint8_t>("value tag") != t_text) return std::nullopt;
    const auto n = r.pod<std::uint32_t>("text");
    const char* p = r.at();
    r.skip(n, "text");
    return std::string_view(p, n);
}

feature catalog_rows::row(std::size_t row) const {
    if (row >= m->count) throw std::out_of_range("catalog_rows::row: no row " + std::to_string(row));
    reader r = m->row_reader(row, m->row_start(row));
    feature f;
    decode_row(r, m->head.fields, std::vector<bool>(m->head.fields.size(), true), static_cast<std::int64_t>(row) + 1, f);
    return f;
}

std::optional<lon_lat> catalog_rows::first_point(std::size_t row) const {
    if (row >= m->count) return std::nullopt;
    reader r = m->row_reader(row, m->row_start(row));
    r.pod<std::uint8_t>("geometry type");
    if (r.count("points", 16) == 0) return std::nullopt;
    const double lon = r.pod<double>("point"), lat = r.pod<double>("point");
    return lon_lat{lon, lat};
}

catalog_rows catalog_file::rows(const std::string& name) const {
    for (const auto& e : m->toc) {
        if (e.name != name) continue;
        auto p = std::make_unique<catalog_rows::impl>();
        p->what = m->what;
        reader r(m->payload + e.offset, e.size, m->what);
        p->head.name = name;
        p->count = static_cast<std::size_t>(read_head(r, p->head, e.size, &p->table));
        p->rows = r.at();
        p->once = std::make_unique<std::once_flag[]>(p->head.fields.size());
        p->cells = std::make_unique<std::vector<std::uint64_t>[]>(p->head.fields.size());
        return catalog_rows(std::move(p));
    }
    throw processing_error(m->what + ": no '" + name + "' layer; rebuild it with 'harbormap build'");
}

std::vector<feature_layer> read_catalog_layers(const fs::path& out_dir, const std::vector<std::string>& only) {
    const auto cat = catalog_file::open(catalog_path(out_dir));
    std::vector<feature_layer> out;
    for (const auto& name : cat.layer_names())
        if (only.empty() || std::find(only.begin(), only.end(), name) != only.end()) out.push_back(cat.layer(name));
    return out;
}

} // namespace harbormap::query
