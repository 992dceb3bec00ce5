// Preset `region`: the full footprint (as the world map) in a named region or any --bbox, titled and
// counted for that region.
#include "engine/products/presets/common.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"

namespace harbormap::products {
namespace {

struct named_region {
    const char* id;
    const char* title;
    bbox extent; // lon/lat; min_lon > max_lon would cross 180
};

const std::vector<named_region>& named_regions() {
    static const std::vector<named_region> r = {
        {"europe", "Europe and the Mediterranean", {-25, 27, 45, 71.5}},
        {"malacca", "The Strait of Malacca and Singapore", {92, -9, 112, 12}},
        {"gulf", "The Persian Gulf and the Gulf of Oman", {45, 21, 62, 31.5}},
        {"west-africa", "West Africa", {-26, -12, 16, 28}},
        {"panama", "Panama and the Caribbean", {-92, 2, -58, 24}},
    };
    return r;
}

} // namespace

std::pair<bbox, std::string> region_extent(const render_params& p) {
    if (!p.region.empty()) {
        std::vector<std::string> ids;
        for (const auto& r : named_regions()) {
            if (to_lower(trim(p.region)) == r.id) return {r.extent, r.title};
            ids.push_back(r.id);
        }
        auto s = suggest(to_lower(p.region), ids);
        throw usage_error("--region '" + p.region + "': unknown region (" + join(ids, ", ") + ", or --bbox)" +
                          (s.empty() ? "" : "; did you mean " + s[0] + "?"));
    }
    if (p.extent) return {*p.extent, ""};
    throw usage_error("--preset region needs --region NAME (europe, malacca, gulf, west-africa, panama) or --bbox minlon,minlat,maxlon,maxlat");
}

render::map_document region_map(const map_layers& fp, const std::vector<polygon>& basemap, const render_params& p) {
    const auto [extent, name] = region_extent(p);
    render_params q = p;
    q.extent = extent;
    if (q.title.empty()) q.title = "PRC-operated port terminals: " + (name.empty() ? "region " + format_general(extent.min_lon) + "," +
                                                                                 format_general(extent.min_lat) + "," + format_general(extent.max_lon) +
                                                                                 "," + format_general(extent.max_lat)
                                                                           : name);
    return world_map(fp, basemap, q);
}

} // namespace harbormap::products
