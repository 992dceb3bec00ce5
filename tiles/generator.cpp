#include "tiles/generator.hpp"

#include "tiles/zoom.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

namespace harbormap::tiles {
namespace {


// vector_layers (TileJSON) of the layers as written.
nlohmann::json vector_layers_json(const tile_input& in, const generate_options& opt) {
    nlohmann::json arr = nlohmann::json::array();
    for (std::size_t li = 0; li < in.layer_count(); ++li) {
        const auto& l = in.layer(li);
        nlohmann::json fields = nlohmann::json::object();
        for (const auto& f : l.fields) {
            if (!layer_writes(l.spec, f.name)) continue;
            fields[f.name] = f.type == field_type::text ? "String" : f.type == field_type::boolean ? "Boolean" : "Number";
        }
        arr.push_back({{"id", l.spec.name},
                       {"description", l.spec.description},
                       {"minzoom", std::max(l.spec.min_zoom, opt.min_zoom)},
                       {"maxzoom", std::min(l.spec.max_zoom, opt.max_zoom)},
                       {"fields", fields}});
    }
    return arr;
}

} // namespace

unsigned effective_threads(unsigned requested) {
    if (requested) return requested;
    return std::max(1u, std::thread::hardware_concurrency());
}

generate_result generate(tile_input& in, const generate_options& opt, const std::vector<tile_sink*>& sinks,
                         tileset_metadata meta) {
    if (opt.min_zoom > opt.max_zoom || opt.max_zoom > 24)
        throw std::invalid_argument(fmt::format("bad zoom range {}..{} (0 <= min <= max <= 24)", opt.min_zoom, opt.max_zoom));
    in.seal();
    const detail::zoom_job job{in, opt, effective_threads(opt.threads), sinks};
    generate_result result;
    const std::uint32_t nz = opt.max_zoom - opt.min_zoom + 1;
    result.zooms = detail::run_zooms(job, [&](std::uint32_t z) {
        if (opt.prog) opt.prog->tick(fmt::format("tiles z{}", z), z - opt.min_zoom, nz);
    });
    bbox b = in.bounds();
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
    meta.vector_layers = vector_layers_json(in, opt);
    nlohmann::json stats{{"layerCount", in.layer_count()}, {"layers", nlohmann::json::array()}};
    for (std::size_t li = 0; li < in.layer_count(); ++li) {
        const auto& l = in.layer(li);
        stats["layers"].push_back(l.stats.json(l.spec.name, l.count, l.type));
    }
    meta.tilestats = stats;
    for (tile_sink* s : sinks) s->finish(meta);
    result.metadata = meta;
    if (opt.prog) opt.prog->done();
    return result;
}

generate_result generate(const std::vector<layer_spec>& specs, const generate_options& opt,
                         const std::vector<tile_sink*>& sinks, tileset_metadata meta) {
    tile_input in(opt.max_memory ? opt.max_memory : tile_input::default_max_memory);
    for (const auto& s : specs) {
        const std::size_t li = in.add_layer(s, s.source->fields, s.source->geom_type);
        for (const auto& f : s.source->features) in.add(li, f);
    }
    return generate(in, opt, sinks, std::move(meta));
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
