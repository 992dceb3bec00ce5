#include "tiles/generator.hpp"

#include "tiles/clip.hpp"
#include "tiles/mvt.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

namespace harbormap::tiles {
namespace {

struct prepared_layer {
    const layer_spec* spec;
    std::vector<wgeom> geoms;
    std::vector<char> keep;
    std::vector<double> importance;
    std::vector<int> min_zoom;
    std::vector<std::vector<prop_ref>> props;
};

struct tile_feature {
    std::uint32_t index;
    std::vector<std::vector<ipoint>> parts;
};

using tile_key = std::uint64_t;
tile_key key_of(std::uint32_t x, std::uint32_t y) { return (static_cast<std::uint64_t>(x) << 32) | y; }

struct tile_acc {
    std::vector<std::vector<tile_feature>> layers; // per prepared layer
};

double attribute_number(const feature& f, const std::string& key) {
    const value* v = f.find(key);
    if (!v) return 0;
    if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(v)) return *d;
    if (const auto* b = std::get_if<bool>(v)) return *b ? 1 : 0;
    if (const auto* s = std::get_if<std::string>(v)) {
        try {
            return std::stod(*s);
        } catch (...) {
            return 0;
        }
    }
    return 0;
}

prepared_layer prepare(const layer_spec& spec) {
    prepared_layer p{&spec, {}, {}, {}, {}, {}};
    const auto& feats = spec.source->features;
    p.geoms.reserve(feats.size());
    const std::unordered_set<std::string> only(spec.fields.begin(), spec.fields.end());
    const std::unordered_set<std::string> excl(spec.exclude_fields.begin(), spec.exclude_fields.end());
    for (const auto& f : feats) {
        p.geoms.push_back(project(f.geom));
        const bool k = spec.keep ? spec.keep(f) : false;
        p.keep.push_back(k);
        p.importance.push_back(spec.importance ? spec.importance(f)
                               : !spec.importance_attribute.empty() ? attribute_number(f, spec.importance_attribute)
                                                                     : 0.0);
        p.min_zoom.push_back(k || !spec.feature_min_zoom ? 0 : spec.feature_min_zoom(f));
        std::vector<prop_ref> props;
        for (const auto& [key, v] : f.properties) {
            if (std::holds_alternative<std::monostate>(v)) continue;
            if (!only.empty() && !only.count(key)) continue;
            if (excl.count(key)) continue;
            props.push_back({&key, &v});
        }
        p.props.push_back(std::move(props));
    }
    return p;
}

std::string encode(const std::vector<prepared_layer>& layers, const tile_acc& acc, std::uint32_t extent) {
    std::vector<layer_builder> builders;
    for (std::size_t li = 0; li < layers.size(); ++li) {
        if (acc.layers[li].empty()) continue;
        const auto& pl = layers[li];
        layer_builder b(pl.spec->name, extent);
        for (const auto& tf : acc.layers[li]) {
            const feature& f = pl.spec->source->features[tf.index];
            std::optional<std::uint64_t> id;
            if (f.id >= 0) id = static_cast<std::uint64_t>(f.id);
            b.add_feature(id, pl.spec->source->geom_type == geometry_type::none ? f.geom.type : f.geom.type, tf.parts,
                          pl.props[tf.index]);
        }
        builders.push_back(std::move(b));
    }
    return encode_tile(builders);
}

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

} // namespace

generate_result generate(const std::vector<layer_spec>& specs, const generate_options& opt,
                         const std::vector<tile_sink*>& sinks, tileset_metadata meta) {
    if (opt.min_zoom > opt.max_zoom || opt.max_zoom > 24)
        throw std::invalid_argument(fmt::format("bad zoom range {}..{} (0 <= min <= max <= 24)", opt.min_zoom, opt.max_zoom));
    std::vector<prepared_layer> layers;
    for (const auto& s : specs) layers.push_back(prepare(s));

    generate_result result;
    const std::uint32_t nz = opt.max_zoom - opt.min_zoom + 1;
    for (std::uint32_t z = opt.min_zoom; z <= opt.max_zoom; ++z) {
        if (opt.prog) opt.prog->tick(fmt::format("tiles z{}", z), z - opt.min_zoom, nz);
        const std::uint32_t n = 1u << z;
        std::map<tile_key, tile_acc> tiles;
        auto acc_for = [&](std::uint32_t x, std::uint32_t y) -> tile_acc& {
            auto [it, inserted] = tiles.try_emplace(key_of(x, y));
            if (inserted) it->second.layers.resize(layers.size());
            return it->second;
        };
        zoom_stats zs;
        zs.z = z;
        std::vector<std::vector<char>> seen_before(layers.size());

        for (std::size_t li = 0; li < layers.size(); ++li) {
            const auto& pl = layers[li];
            const auto& spec = *pl.spec;
            layer_zoom_stats ls;
            ls.layer = spec.name;
            const std::size_t nf = pl.geoms.size();
            seen_before[li].assign(nf, 0);
            if (z < spec.min_zoom || z > spec.max_zoom) {
                zs.layers.push_back(ls);
                continue;
            }
            ls.input = nf;
            std::vector<char> eligible(nf, 0);
            for (std::size_t i = 0; i < nf; ++i) {
                if (!pl.keep[i] && static_cast<int>(z) < pl.min_zoom[i]) ++ls.below_min_zoom;
                else eligible[i] = 1;
            }
            const bool is_points = spec.source->geom_type == geometry_type::point;
            if (is_points) {
                // grid thinning below the layer's max zoom
                const bool thin = spec.point_grid > 0 && z < std::min(spec.max_zoom, opt.max_zoom);
                if (thin) {
                    const double cells = static_cast<double>(n) * spec.point_grid;
                    std::unordered_map<std::uint64_t, std::uint32_t> winner;
                    for (std::size_t i = 0; i < nf; ++i) {
                        if (!eligible[i] || pl.keep[i] || pl.geoms[i].points.empty()) continue;
                        const auto& p = pl.geoms[i].points[0];
                        const auto cx = static_cast<std::uint64_t>(std::clamp(std::floor(p.x * cells), 0.0, cells - 1));
                        const auto cy = static_cast<std::uint64_t>(std::clamp(std::floor(p.y * cells), 0.0, cells - 1));
                        auto [it, inserted] = winner.try_emplace((cx << 32) | cy, static_cast<std::uint32_t>(i));
                        if (!inserted) {
                            const std::uint32_t j = it->second;
                            if (pl.importance[i] > pl.importance[j]) {
                                eligible[j] = 0;
                                it->second = static_cast<std::uint32_t>(i);
                            } else {
                                eligible[i] = 0;
                            }
                            ++ls.thinned;
                        }
                    }
                }
                const double buf = static_cast<double>(opt.buffer) / opt.extent;
                for (std::size_t i = 0; i < nf; ++i) {
                    if (!eligible[i]) continue;
                    // each point goes to its tile and to neighbours whose buffer holds it
                    std::map<tile_key, std::vector<ipoint>> parts;
                    for (const auto& p : pl.geoms[i].points) {
                        const double fx = p.x * n, fy = p.y * n;
                        const auto tx = static_cast<std::int64_t>(std::floor(fx));
                        const auto ty = static_cast<std::int64_t>(std::floor(fy));
                        for (std::int64_t dx = -1; dx <= 1; ++dx)
                            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                                const std::int64_t x = tx + dx, y = ty + dy;
                                if (x < 0 || y < 0 || x >= n || y >= n) continue;
                                const double lx = fx - static_cast<double>(x), ly = fy - static_cast<double>(y);
                                if (lx < -buf || lx > 1 + buf || ly < -buf || ly > 1 + buf) continue;
                                parts[key_of(static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y))].push_back(
                                    {static_cast<std::int32_t>(std::llround(lx * opt.extent)),
                                     static_cast<std::int32_t>(std::llround(ly * opt.extent))});
                            }
                    }
                    for (auto& [k, pts] : parts) {
                        acc_for(static_cast<std::uint32_t>(k >> 32), static_cast<std::uint32_t>(k & 0xffffffffu))
                            .layers[li]
                            .push_back({static_cast<std::uint32_t>(i), {std::move(pts)}});
                    }
                    if (!parts.empty()) seen_before[li][i] = 1;
                }
            } else {
                distributor d(z, opt.extent, opt.buffer);
                const double tol = spec.simplify / opt.extent / static_cast<double>(n);
                for (std::size_t i = 0; i < nf; ++i) {
                    if (!eligible[i]) continue;
                    const wgeom g = simplify(pl.geoms[i], tol);
                    d.run(g, [&](const tile_id& t, std::vector<std::vector<ipoint>>&& parts) {
                        acc_for(t.x, t.y).layers[li].push_back({static_cast<std::uint32_t>(i), std::move(parts)});
                        seen_before[li][i] = 1;
                    });
                }
            }
            zs.layers.push_back(ls);
        }

        // encode, enforcing the size limit
        std::vector<tile_blob> blobs;
        blobs.reserve(tiles.size());
        std::vector<std::vector<char>> seen_after(layers.size());
        for (std::size_t li = 0; li < layers.size(); ++li) seen_after[li].assign(layers[li].geoms.size(), 0);
        for (auto& [key, acc] : tiles) {
            const tile_id t{z, static_cast<std::uint32_t>(key >> 32), static_cast<std::uint32_t>(key & 0xffffffffu)};
            std::string data = encode(layers, acc, opt.extent);
            while (data.size() > opt.max_tile_bytes) {
                struct cand {
                    double importance;
                    std::size_t layer, pos, index;
                };
                std::vector<cand> c;
                for (std::size_t li = 0; li < layers.size(); ++li)
                    for (std::size_t pos = 0; pos < acc.layers[li].size(); ++pos) {
                        const auto idx = acc.layers[li][pos].index;
                        if (!layers[li].keep[idx]) c.push_back({layers[li].importance[idx], li, pos, idx});
                    }
                if (c.empty()) {
                    ++zs.oversize;
                    break;
                }
                std::sort(c.begin(), c.end(), [](const cand& a, const cand& b) {
                    if (a.importance != b.importance) return a.importance < b.importance;
                    return a.index > b.index;
                });
                const std::size_t drop = std::max<std::size_t>(1, c.size() / 5);
                std::vector<std::vector<char>> gone(layers.size());
                for (std::size_t li = 0; li < layers.size(); ++li) gone[li].assign(acc.layers[li].size(), 0);
                for (std::size_t k = 0; k < drop; ++k) gone[c[k].layer][c[k].pos] = 1;
                for (std::size_t li = 0; li < layers.size(); ++li) {
                    std::vector<tile_feature> rest;
                    for (std::size_t pos = 0; pos < acc.layers[li].size(); ++pos)
                        if (!gone[li][pos]) rest.push_back(std::move(acc.layers[li][pos]));
                    acc.layers[li] = std::move(rest);
                }
                data = encode(layers, acc, opt.extent);
            }
            for (std::size_t li = 0; li < layers.size(); ++li)
                for (const auto& tf : acc.layers[li]) seen_after[li][tf.index] = 1;
            if (data.empty()) continue;
            zs.bytes += data.size();
            if (data.size() > zs.max_bytes) {
                zs.max_bytes = data.size();
                zs.largest = t;
            }
            blobs.emplace_back(t, std::move(data));
        }
        zs.tiles = blobs.size();
        for (std::size_t li = 0; li < layers.size(); ++li) {
            auto& ls = zs.layers[li];
            if (ls.input == 0) continue;
            const std::size_t before = static_cast<std::size_t>(std::count(seen_before[li].begin(), seen_before[li].end(), 1));
            ls.kept = static_cast<std::size_t>(std::count(seen_after[li].begin(), seen_after[li].end(), 1));
            ls.dropped_size = before - ls.kept;
            ls.too_small = ls.input - ls.below_min_zoom - ls.thinned - before;
        }
        tiles.clear();
        for (tile_sink* s : sinks) s->add_zoom(z, blobs);
        result.zooms.push_back(std::move(zs));
    }

    // metadata
    bbox b;
    for (const auto& s : specs)
        for (const auto& f : s.source->features) b.expand(f.geom.bounds());
    if (b.empty()) b = {-180, -85.0511, 180, 85.0511};
    b.min_lon = std::max(b.min_lon, -180.0);
    b.max_lon = std::min(b.max_lon, 180.0);
    b.min_lat = std::max(b.min_lat, -85.0511);
    b.max_lat = std::min(b.max_lat, 85.0511);
    meta.minzoom = static_cast<int>(opt.min_zoom);
    meta.maxzoom = static_cast<int>(opt.max_zoom);
    meta.bounds = b;
    meta.center = {(b.min_lon + b.max_lon) / 2, (b.min_lat + b.max_lat) / 2};
    meta.center_zoom = static_cast<int>(std::clamp<std::uint32_t>(2, opt.min_zoom, opt.max_zoom));
    meta.vector_layers = vector_layers_json(specs, opt);
    meta.tilestats = tilestats_json(specs);
    for (tile_sink* s : sinks) s->finish(meta);
    result.metadata = meta;
    if (opt.prog) opt.prog->done();
    return result;
}

std::string format_stats(const generate_result& r) {
    std::string out = fmt::format("{:>4} {:>7} {:>11} {:>9}  {:<20} {:>8} {:>8} {:>9} {:>8} {:>9} {:>8}\n", "zoom", "tiles",
                                  "bytes", "max_tile", "layer", "input", "kept", "min_zoom", "thinned", "too_small",
                                  "size_lim");
    for (const auto& z : r.zooms) {
        bool first = true;
        for (const auto& l : z.layers) {
            if (l.input == 0) continue;
            if (first)
                out += fmt::format("{:>4} {:>7} {:>11} {:>9}  ", z.z, z.tiles, z.bytes, z.max_bytes);
            else
                out += fmt::format("{:>4} {:>7} {:>11} {:>9}  ", "", "", "", "");
            first = false;
            out += fmt::format("{:<20} {:>8} {:>8} {:>9} {:>8} {:>9} {:>8}\n", l.layer, l.input, l.kept, l.below_min_zoom,
                               l.thinned, l.too_small, l.dropped_size);
        }
        if (z.oversize) out += fmt::format("     warning: {} tile(s) at z{} exceed the size limit with only keep features\n", z.oversize, z.z);
    }
    return out;
}

nlohmann::json stats_json(const generate_result& r) {
    nlohmann::json j = nlohmann::json::array();
    for (const auto& z : r.zooms) {
        nlohmann::json zj{{"zoom", z.z}, {"tiles", z.tiles}, {"bytes", z.bytes}, {"max_tile_bytes", z.max_bytes},
                          {"largest_tile", z.largest.str()}, {"oversize_tiles", z.oversize}};
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& l : z.layers)
            layers.push_back({{"layer", l.layer}, {"input", l.input}, {"kept", l.kept}, {"below_min_zoom", l.below_min_zoom},
                              {"thinned", l.thinned}, {"too_small", l.too_small}, {"dropped_size", l.dropped_size}});
        zj["layers"] = layers;
        j.push_back(zj);
    }
    return j;
}

} // namespace harbormap::tiles
