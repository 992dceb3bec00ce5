#include "tiles/zoom.hpp"

#include "tiles/compress.hpp"
#include "tiles/parallel.hpp"
#include "tiles/thin.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <deque>
#include <memory>
#include <functional>
#include <map>
#include <mutex>
#include <optional>

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace harbormap::tiles::detail {
namespace {

constexpr std::size_t chunk_rows = 1u << 15;
enum : std::uint8_t { f_eligible = 1, f_before = 2, f_after = 4 };

using parts_t = std::vector<std::vector<ipoint>>;

// One feature's piece in one tile.  Sorted by (tile, layer, index): unique, so the order (and the
// output) does not depend on how the work was split.
struct rec {
    std::uint64_t tile;  // PMTiles tile id
    std::uint32_t layer; // input layer
    std::uint32_t index; // feature row
    std::int32_t x, y;   // single point: tile coordinates
    std::uint64_t blob;  // attributes
    double importance;
    std::uint32_t slot; // other geometries: index into the pass's parts; UINT32_MAX for a single point
    std::uint8_t keep, type;
    bool operator<(const rec& o) const {
        if (tile != o.tile) return tile < o.tile;
        if (layer != o.layer) return layer < o.layer;
        return index < o.index;
    }
};

// Cuts a world geometry into the tiles of zoom z it touches (with the buffer), recursively halving
// the tile range, clipping at each step.
class distributor {
public:
    distributor(std::uint32_t z, std::uint32_t extent, std::uint32_t buffer)
        : m_z(z), m_n(1u << z), m_extent(extent), m_buf(static_cast<double>(buffer) / extent / static_cast<double>(1u << z)) {}

    template <class Emit>
    void run(const wgeom& g, Emit&& emit) {
        if (g.empty()) return;
        const wbox b = bounds(g);
        const auto lo = [&](double v) {
            return static_cast<std::uint32_t>(std::clamp(std::floor((v - m_buf) * m_n), 0.0, double(m_n - 1)));
        };
        const auto hi = [&](double v) {
            return static_cast<std::uint32_t>(std::clamp(std::floor((v + m_buf) * m_n), 0.0, double(m_n - 1)));
        };
        split(g, lo(b.minx), hi(b.maxx), lo(b.miny), hi(b.maxy), emit);
    }

private:
    template <class Emit>
    void split(const wgeom& g, std::uint32_t x0, std::uint32_t x1, std::uint32_t y0, std::uint32_t y1, Emit& emit) {
        const double n = m_n;
        const wbox box{x0 / n - m_buf, y0 / n - m_buf, (x1 + 1) / n + m_buf, (y1 + 1) / n + m_buf};
        const wgeom c = clip(g, box);
        if (c.empty()) return;
        if (x0 == x1 && y0 == y1) {
            const tile_id t{m_z, x0, y0};
            auto parts = quantize(c, t, m_extent);
            if (!parts.empty()) emit(t, std::move(parts));
            return;
        }
        if (x1 - x0 >= y1 - y0) {
            const std::uint32_t mid = x0 + (x1 - x0) / 2;
            split(c, x0, mid, y0, y1, emit);
            split(c, mid + 1, x1, y0, y1, emit);
        } else {
            const std::uint32_t mid = y0 + (y1 - y0) / 2;
            split(c, x0, x1, y0, mid, emit);
            split(c, x0, x1, mid + 1, y1, emit);
        }
    }

    std::uint32_t m_z, m_n, m_extent;
    double m_buf;
};

// Hands memory freed by the pass (in every thread's malloc arena) back to the system, so that the
// peak stays that of one pass.
void release_free_memory() {
#ifdef __GLIBC__
    ::malloc_trim(0);
#endif
}

struct batch_result {
    std::vector<encoded_tile> tiles;
    std::size_t oversize = 0;
};

class zoom_runner;

// One pass's records, cut into batches of whole tiles; alive until every batch is written.
// (the interface of ordered_pipeline, parallel.hpp: batch_count, encode, write, written)
struct pass_work {
    zoom_runner* runner = nullptr;
    std::vector<rec> recs;
    std::vector<parts_t> parts;
    std::vector<std::pair<std::size_t, std::size_t>> batches;
    std::size_t written = 0; // batches handed to the sinks (pipeline: guarded by its mutex)
    std::size_t batch_count() const { return batches.size(); }
    batch_result encode(std::size_t b) const;
    void write(batch_result& r) const;
};

class zoom_runner {
public:
    zoom_runner(const zoom_job& job, std::uint32_t z)
        : m_in(job.input), m_opt(job.opt), m_threads(job.threads), m_sinks(job.sinks), m_z(z), m_n(1u << z),
          m_budget(job.opt.max_memory ? job.opt.max_memory : job.input.max_memory()) {
        for (const tile_sink* s : m_sinks) m_gzip = m_gzip || s->wants_gzip();
        m_base = pmtiles_tile_id({z, 0, 0});
        m_flags.resize(m_in.layer_count());
        m_zs.z = z;
    }

    // Eligibility and grid thinning of every active layer (before the passes).
    void prepare() {
        m_thinned.assign(m_in.layer_count(), 0);
        m_below.assign(m_in.layer_count(), 0);
        for (std::size_t li = 0; li < m_in.layer_count(); ++li) {
            if (!active(li)) continue;
            m_below[li] = mark_eligible(li);
            m_thinned[li] = thin(li);
        }
    }

    // The records of every active layer in [h0, h1), sorted, cut into batches of whole tiles.
    std::unique_ptr<pass_work> make_pass(std::uint64_t h0, std::uint64_t h1);

    batch_result encode_batch(const std::vector<rec>& recs, const std::vector<parts_t>& parts, std::size_t a, std::size_t b) const;
    // Hands a batch to the sinks (in order: one thread at a time) and counts its tiles.
    void write(batch_result& r);

    // The zoom's statistics, once every pass is written.
    zoom_stats stats() {
        for (std::size_t li = 0; li < m_in.layer_count(); ++li) {
            const auto& l = m_in.layer(li);
            layer_zoom_stats ls;
            ls.layer = l.spec.name;
            if (active(li)) {
                const auto& f = m_flags[li];
                ls.input = l.count;
                ls.below_min_zoom = m_below[li];
                ls.thinned = m_thinned[li];
                const auto before = static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [](std::uint8_t v) { return v & f_before; }));
                ls.kept = static_cast<std::size_t>(std::count_if(f.begin(), f.end(), [](std::uint8_t v) { return v & f_after; }));
                ls.dropped_size = before - ls.kept;
                ls.too_small = ls.input - ls.below_min_zoom - ls.thinned - before;
            }
            m_zs.layers.push_back(ls);
        }
        return std::move(m_zs);
    }

    std::uint32_t zoom() const { return m_z; }

private:
    bool active(std::size_t li) const {
        const auto& s = m_in.layer(li).spec;
        return m_z >= s.min_zoom && m_z <= s.max_zoom;
    }
    std::size_t chunks(std::size_t li) const { return (m_in.layer(li).count + chunk_rows - 1) / chunk_rows; }

    // Runs f(rows, first_row, chunk) over the rows of layer li, chunk by chunk, in parallel.
    template <class F>
    void scan(std::size_t li, F&& f) const {
        parallel_chunks(m_threads, chunks(li), [&](std::size_t c) {
            std::vector<feature_row> rows;
            m_in.read_rows(li, c * chunk_rows, chunk_rows, rows);
            f(rows, c * chunk_rows, c);
        });
    }

    std::size_t mark_eligible(std::size_t li) {
        auto& flags = m_flags[li];
        flags.assign(m_in.layer(li).count, 0);
        std::vector<std::size_t> below(chunks(li), 0);
        scan(li, [&](const std::vector<feature_row>& rows, std::size_t first, std::size_t c) {
            for (std::size_t i = 0; i < rows.size(); ++i) {
                if (rows[i].keep || static_cast<int>(m_z) >= rows[i].min_zoom) flags[first + i] = f_eligible;
                else ++below[c];
            }
        });
        std::size_t n = 0;
        for (auto b : below) n += b;
        return n;
    }

    // Grid thinning below the layer's max zoom: per cell the most important point (ties: the lower
    // row) stays.  In bands of cell columns so that the candidates of one band fit the budget.
    std::size_t thin(std::size_t li) {
        const auto& spec = m_in.layer(li).spec;
        if (spec.point_grid == 0 || m_z >= std::min(spec.max_zoom, m_opt.max_zoom)) return 0;
        using cand = thin_candidate;
        const double cells = static_cast<double>(m_n) * spec.point_grid;
        auto& flags = m_flags[li];
        const std::size_t n_cand = m_in.layer(li).count;
        const std::size_t bands = std::max<std::size_t>(1, n_cand * sizeof(cand) / std::max<std::size_t>(1, m_budget / 4) + 1);
        std::size_t thinned = 0;
        for (std::size_t band = 0; band < bands; ++band) {
            const auto cx0 = static_cast<std::uint64_t>(cells * static_cast<double>(band) / static_cast<double>(bands));
            const auto cx1 = static_cast<std::uint64_t>(cells * static_cast<double>(band + 1) / static_cast<double>(bands));
            std::vector<std::vector<cand>> per_chunk(chunks(li));
            scan(li, [&](const std::vector<feature_row>& rows, std::size_t first, std::size_t c) {
                for (std::size_t i = 0; i < rows.size(); ++i) {
                    const auto& r = rows[i];
                    if (!(flags[first + i] & f_eligible) || r.keep || r.type != static_cast<std::uint8_t>(geometry_type::point)) continue;
                    const auto cx = static_cast<std::uint64_t>(std::clamp(std::floor(r.wx * cells), 0.0, cells - 1));
                    if (cx < cx0 || cx >= cx1) continue;
                    const auto cy = static_cast<std::uint64_t>(std::clamp(std::floor(r.wy * cells), 0.0, cells - 1));
                    per_chunk[c].push_back({(cx << 32) | cy, r.importance, static_cast<std::uint32_t>(first + i)});
                }
            });
            std::vector<cand> all;
            std::size_t total = 0;
            for (const auto& v : per_chunk) total += v.size();
            all.reserve(total);
            for (auto& v : per_chunk) {
                all.insert(all.end(), v.begin(), v.end());
                std::vector<cand>().swap(v);
            }
            // a table of the band's cells when it takes at most a quarter of the budget
            thinned += thin_cells(all, cx0, cx1, static_cast<std::uint64_t>(cells), std::max<std::size_t>(4096, m_budget / 4 / sizeof(std::uint32_t)),
                                  m_threads, flags);
        }
        return thinned;
    }

    std::size_t tiles_estimate(const wgeom& g) const {
        const wbox b = bounds(g);
        const double w = std::max(1.0, (b.maxx - b.minx) * m_n + 1), h = std::max(1.0, (b.maxy - b.miny) * m_n + 1);
        return static_cast<std::size_t>(std::min(w * h, 1e6));
    }

    std::uint64_t home_bucket(double wx, double wy, std::uint64_t buckets) const {
        const auto cl = [&](double v) { return static_cast<std::uint32_t>(std::clamp(std::floor(v * m_n), 0.0, double(m_n - 1))); };
        const std::uint64_t local = pmtiles_tile_id({m_z, cl(wx), cl(wy)}) - m_base;
        const std::uint64_t total = 1ull << (2 * m_z);
        return static_cast<std::uint64_t>(static_cast<long double>(local) * buckets / total);
    }

public:
    // Ranges of tile ids whose records fit a quarter of the budget (estimated per bucket of ids).
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges() {
        const std::uint64_t total = 1ull << (2 * m_z);
        const std::size_t cap = std::max<std::size_t>(1024, m_budget / 4 / sizeof(rec));
        std::size_t rows = 0;
        for (std::size_t li = 0; li < m_in.layer_count(); ++li)
            if (active(li)) rows += m_in.layer(li).count;
        if (rows * 5 / 4 <= cap) {
            bool small_geoms = true;
            for (std::size_t li = 0; li < m_in.layer_count(); ++li)
                if (active(li) && !m_in.layer(li).geoms.empty()) small_geoms = false;
            if (small_geoms) return {{m_base, m_base + total}};
        }
        const std::uint64_t buckets = std::min<std::uint64_t>(total, 4096);
        std::vector<std::uint64_t> hist(buckets, 0);
        std::mutex m;
        for (std::size_t li = 0; li < m_in.layer_count(); ++li) {
            if (!active(li)) continue;
            const auto& l = m_in.layer(li);
            scan(li, [&](const std::vector<feature_row>& rs, std::size_t first, std::size_t) {
                std::vector<std::uint64_t> local(buckets, 0);
                for (std::size_t i = 0; i < rs.size(); ++i) {
                    if (!(m_flags[li][first + i] & f_eligible)) continue;
                    const auto& r = rs[i];
                    if (r.geom == feature_row::no_geom || r.type == static_cast<std::uint8_t>(geometry_type::point)) {
                        local[home_bucket(r.wx, r.wy, buckets)] += r.geom == feature_row::no_geom ? 1 : l.geoms[r.geom].points.size();
                    } else {
                        const wbox b = bounds(l.geoms[r.geom]);
                        local[home_bucket((b.minx + b.maxx) / 2, (b.miny + b.maxy) / 2, buckets)] += tiles_estimate(l.geoms[r.geom]);
                    }
                }
                std::lock_guard lock(m);
                for (std::uint64_t b = 0; b < buckets; ++b) hist[b] += local[b];
            });
        }
        std::vector<std::pair<std::uint64_t, std::uint64_t>> out;
        std::uint64_t start = 0, acc = 0;
        for (std::uint64_t b = 0; b < buckets; ++b) {
            const std::uint64_t add = hist[b] * 5 / 4;
            if (acc > 0 && acc + add > cap) {
                const std::uint64_t end = b * total / buckets;
                out.emplace_back(m_base + start, m_base + end);
                start = end;
                acc = 0;
            }
            acc += add;
        }
        out.emplace_back(m_base + start, m_base + total);
        return out;
    }

private:
    void emit_rows(std::size_t li, std::uint64_t h0, std::uint64_t h1, std::vector<rec>& out, std::vector<parts_t>& parts);
    std::optional<encoded_tile> encode_one(const rec* a, const rec* b, const std::vector<parts_t>& parts, bool& oversize) const;

    const tile_input& m_in;
    const generate_options& m_opt;
    unsigned m_threads;
    const std::vector<tile_sink*>& m_sinks;
    std::uint32_t m_z, m_n;
    std::size_t m_budget;
    bool m_gzip = false;
    std::uint64_t m_base = 0;
    std::vector<std::vector<std::uint8_t>> m_flags; // per layer and row: f_eligible | f_before | f_after
    std::vector<std::size_t> m_thinned, m_below;    // per layer
    zoom_stats m_zs;
};

// Records of layer li's eligible rows in tiles with ids in [h0, h1); chunk by chunk in parallel,
// then concatenated in chunk order (the sort makes the order irrelevant anyway).
void zoom_runner::emit_rows(std::size_t li, std::uint64_t h0, std::uint64_t h1, std::vector<rec>& out,
                            std::vector<parts_t>& parts) {
    const auto& l = m_in.layer(li);
    auto& flags = m_flags[li];
    const std::size_t nc = chunks(li);
    std::vector<std::vector<rec>> recs(nc);
    std::vector<std::vector<parts_t>> pparts(nc);
    const double buf = static_cast<double>(m_opt.buffer) / m_opt.extent;
    const double n = m_n;
    const double tol = l.spec.simplify / m_opt.extent / n;
    const auto extent = static_cast<double>(m_opt.extent);
    scan(li, [&](const std::vector<feature_row>& rows, std::size_t first, std::size_t c) {
        distributor d(m_z, m_opt.extent, m_opt.buffer);
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto idx = static_cast<std::uint32_t>(first + i);
            // atomic: the workers may be setting f_after of an earlier pass of this zoom meanwhile
            std::atomic_ref<std::uint8_t> flag(flags[idx]);
            if (!(flag.load(std::memory_order_relaxed) & f_eligible)) continue;
            const feature_row& r = rows[i];
            const rec base{0, static_cast<std::uint32_t>(li), idx, 0, 0, r.blob, r.importance, 0, r.keep, r.type};
            auto add = [&](const tile_id& t, std::int32_t x, std::int32_t y, parts_t* p) {
                const std::uint64_t h = pmtiles_tile_id(t);
                if (h < h0 || h >= h1) return;
                rec e = base;
                e.tile = h;
                e.x = x;
                e.y = y;
                e.slot = UINT32_MAX;
                if (p) {
                    e.slot = static_cast<std::uint32_t>(pparts[c].size());
                    pparts[c].push_back(std::move(*p));
                }
                recs[c].push_back(e);
                flag.fetch_or(f_before, std::memory_order_relaxed);
            };
            if (r.type == static_cast<std::uint8_t>(geometry_type::point)) {
                // each point goes to its tile and to the neighbours whose buffer holds it
                const std::vector<world_point> single{{r.wx, r.wy}};
                const auto& pts = r.geom == feature_row::no_geom ? single : l.geoms[r.geom].points;
                std::map<std::uint64_t, std::vector<ipoint>> per_tile;
                for (const auto& p : pts) {
                    const double fx = p.x * n, fy = p.y * n;
                    const auto tx = static_cast<std::int64_t>(std::floor(fx)), ty = static_cast<std::int64_t>(std::floor(fy));
                    for (std::int64_t dx = -1; dx <= 1; ++dx)
                        for (std::int64_t dy = -1; dy <= 1; ++dy) {
                            const std::int64_t x = tx + dx, y = ty + dy;
                            if (x < 0 || y < 0 || x >= m_n || y >= m_n) continue;
                            const double lx = fx - static_cast<double>(x), ly = fy - static_cast<double>(y);
                            if (lx < -buf || lx > 1 + buf || ly < -buf || ly > 1 + buf) continue;
                            per_tile[(static_cast<std::uint64_t>(x) << 32) | static_cast<std::uint64_t>(y)].push_back(
                                {static_cast<std::int32_t>(std::llround(lx * extent)), static_cast<std::int32_t>(std::llround(ly * extent))});
                        }
                }
                for (auto& [k, v] : per_tile) {
                    const tile_id t{m_z, static_cast<std::uint32_t>(k >> 32), static_cast<std::uint32_t>(k & 0xffffffffu)};
                    if (r.geom == feature_row::no_geom) {
                        add(t, v[0].x, v[0].y, nullptr);
                    } else {
                        parts_t p{std::move(v)};
                        add(t, 0, 0, &p);
                    }
                }
            } else {
                const wgeom g = simplify(l.geoms[r.geom], tol);
                d.run(g, [&](const tile_id& t, parts_t&& p) { add(t, 0, 0, &p); });
            }
        }
    });
    std::size_t total = out.size();
    for (const auto& v : recs) total += v.size();
    out.reserve(total);
    for (std::size_t c = 0; c < nc; ++c) {
        const auto shift = static_cast<std::uint32_t>(parts.size());
        for (auto& e : recs[c]) {
            if (e.slot != UINT32_MAX) e.slot += shift;
            out.push_back(e);
        }
        std::vector<rec>().swap(recs[c]);
        for (auto& p : pparts[c]) parts.push_back(std::move(p));
        std::vector<parts_t>().swap(pparts[c]);
    }
}

std::optional<encoded_tile> zoom_runner::encode_one(const rec* a, const rec* b, const std::vector<parts_t>& parts,
                                                   bool& oversize) const {
    const std::size_t n = static_cast<std::size_t>(b - a);
    std::vector<decoded_props> props(n);
    std::string scratch;
    for (std::size_t i = 0; i < n; ++i) m_in.read_props(a[i].blob, props[i], scratch);
    std::vector<char> gone(n, 0);
    const tile_id t = pmtiles_tile_from_id(a->tile);
    auto build = [&] {
        std::vector<layer_builder> builders;
        parts_t single(1, std::vector<ipoint>(1));
        std::vector<prop_ref> refs;
        for (std::size_t i = 0; i < n;) {
            const auto& l = m_in.layer(a[i].layer);
            layer_builder lb(l.spec.name, m_opt.extent);
            std::size_t j = i;
            for (; j < n && a[j].layer == a[i].layer; ++j) {
                if (gone[j]) continue;
                const rec& e = a[j];
                refs.clear();
                for (const auto& [k, v] : props[j].props) refs.push_back({&l.keys[k], &v});
                const bool is_single = e.slot == UINT32_MAX; // a single point: coordinates in the record
                if (is_single) single[0][0] = {e.x, e.y};
                lb.add_feature(props[j].id, static_cast<geometry_type>(e.type), is_single ? single : parts[e.slot], refs);
            }
            builders.push_back(std::move(lb));
            i = j;
        }
        return encode_tile(builders);
    };
    std::string data = build();
    while (data.size() > m_opt.max_tile_bytes) {
        std::vector<std::size_t> c;
        for (std::size_t i = 0; i < n; ++i)
            if (!gone[i] && !a[i].keep) c.push_back(i);
        if (c.empty()) {
            oversize = true;
            break;
        }
        std::sort(c.begin(), c.end(), [&](std::size_t x, std::size_t y) {
            if (a[x].importance != a[y].importance) return a[x].importance < a[y].importance;
            if (a[x].index != a[y].index) return a[x].index > a[y].index;
            return a[x].layer > a[y].layer;
        });
        const std::size_t drop = std::max<std::size_t>(1, c.size() / 5);
        for (std::size_t k = 0; k < drop; ++k) gone[c[k]] = 1;
        data = build();
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!gone[i]) std::atomic_ref<std::uint8_t>(const_cast<std::uint8_t&>(m_flags[a[i].layer][a[i].index])).fetch_or(f_after, std::memory_order_relaxed);
    if (data.empty()) return std::nullopt;
    encoded_tile out{t, std::move(data), {}};
    if (m_gzip) out.gz = gzip_compress(out.mvt);
    return out;
}

batch_result zoom_runner::encode_batch(const std::vector<rec>& recs, const std::vector<parts_t>& parts, std::size_t a,
                                       std::size_t b) const {
    batch_result r;
    for (std::size_t i = a; i < b;) {
        std::size_t j = i;
        while (j < b && recs[j].tile == recs[i].tile) ++j;
        bool over = false;
        if (auto t = encode_one(recs.data() + i, recs.data() + j, parts, over)) r.tiles.push_back(std::move(*t));
        r.oversize += over;
        i = j;
    }
    return r;
}

void zoom_runner::write(batch_result& r) {
    for (const auto& t : r.tiles) {
        ++m_zs.tiles;
        m_zs.bytes += t.mvt.size();
        if (t.mvt.size() > m_zs.max_bytes) {
            m_zs.max_bytes = t.mvt.size();
            m_zs.largest = t.id;
        }
    }
    m_zs.oversize += r.oversize;
    if (!r.tiles.empty())
        for (tile_sink* s : m_sinks) s->add_tiles(m_z, r.tiles);
    r = {};
}

std::unique_ptr<pass_work> zoom_runner::make_pass(std::uint64_t h0, std::uint64_t h1) {
    auto p = std::make_unique<pass_work>();
    p->runner = this;
    auto& recs = p->recs;
    for (std::size_t li = 0; li < m_in.layer_count(); ++li)
        if (active(li)) emit_rows(li, h0, h1, recs, p->parts);
    parallel_sort(recs, m_threads, std::less<rec>());
    for (std::size_t i = 0; i < recs.size();) {
        std::size_t j = i, tiles = 0;
        while (j < recs.size() && tiles < 64 && j - i < 8192) {
            const auto t = recs[j].tile;
            while (j < recs.size() && recs[j].tile == t) ++j;
            ++tiles;
        }
        p->batches.emplace_back(i, j);
        i = j;
    }
    ++m_zs.passes;
    return p;
}

batch_result pass_work::encode(std::size_t b) const { return runner->encode_batch(recs, parts, batches[b].first, batches[b].second); }
void pass_work::write(batch_result& r) const { runner->write(r); }

} // namespace

std::vector<zoom_stats> run_zooms(const zoom_job& job, const std::function<void(std::uint32_t)>& on_zoom) {
    const std::uint32_t z0 = job.opt.min_zoom, z1 = job.opt.max_zoom;
    std::vector<zoom_stats> out;
    if (job.threads <= 1) { // everything on this thread, pass after pass
        for (std::uint32_t z = z0; z <= z1; ++z) {
            if (on_zoom) on_zoom(z);
            zoom_runner r(job, z);
            r.prepare();
            for (const auto& [h0, h1] : r.ranges()) {
                auto p = r.make_pass(h0, h1);
                for (std::size_t b = 0; b < p->batch_count(); ++b) {
                    auto res = p->encode(b);
                    p->write(res);
                }
                p.reset();
                release_free_memory();
            }
            out.push_back(r.stats());
        }
        return out;
    }
    // Several threads: this thread prepares the zooms and makes the passes while the pipeline
    // encodes and writes the previous pass (at most one pass in flight while the next is made, so
    // the records of two passes at most are in memory).
    struct zoom_state {
        std::unique_ptr<zoom_runner> runner;
        std::size_t open = 0;   // passes submitted, not yet written
        bool submitted = false; // every pass of the zoom submitted
    };
    std::vector<zoom_state> zooms(z1 - z0 + 1);
    out.resize(zooms.size());
    std::deque<std::unique_ptr<pass_work>> inflight;
    ordered_pipeline<pass_work> pipe(job.threads); // declared last: its threads stop before the passes and runners go
    auto retire = [&] {
        pipe.wait(*inflight.front());
        const std::uint32_t z = inflight.front()->runner->zoom();
        inflight.pop_front();
        release_free_memory();
        auto& st = zooms[z - z0];
        if (--st.open == 0 && st.submitted) {
            out[z - z0] = st.runner->stats();
            st.runner.reset();
        }
    };
    for (std::uint32_t z = z0; z <= z1; ++z) {
        if (on_zoom) on_zoom(z);
        auto& st = zooms[z - z0];
        st.runner = std::make_unique<zoom_runner>(job, z);
        st.runner->prepare();
        for (const auto& [h0, h1] : st.runner->ranges()) {
            while (!inflight.empty() && (inflight.size() >= 2 || pipe.done(*inflight.front()))) retire();
            inflight.push_back(st.runner->make_pass(h0, h1));
            ++st.open;
            pipe.submit(*inflight.back());
        }
        st.submitted = true;
    }
    while (!inflight.empty()) retire();
    pipe.close();
    return out;
}

} // namespace harbormap::tiles::detail
