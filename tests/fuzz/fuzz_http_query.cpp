// The web server's query strings (harbormap serve, /api/ports?...): any bytes after the '?' are decoded as
// cpp-httplib decodes a request's query (percent-decoding, '&'/'=' splitting), bounded as the server bounds
// them, and read as the `ports list` filters; every value gives a filter or a usage_error naming the
// parameter, never a crash or undefined behaviour, and the filter then runs over a few ports.
#include "engine/core/error.hpp"
#include "engine/products/serve/api.hpp"
#include "engine/query/port_groups.hpp"

#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <set>
#include <string>

namespace {

harbormap::feature port(const char* id, const char* cc, double lon, double lat, bool prc, const char* groups) {
    harbormap::feature f;
    f.properties = {{"port_id", std::string(id)},   {"country_iso2", std::string(cc)}, {"prc_operated", prc},
                    {"prc_groups", std::string(groups)}, {"hk_operated", false},        {"bri", true},
                    {"logink", false},                 {"zpmc", prc},                  {"strategic", false},
                    {"provenance", std::string("[{\"status\":\"active\",\"confidence\":\"high\"}]")}};
    f.geom.type = harbormap::geometry_type::point;
    f.geom.points = {{lon, lat}};
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace serve = harbormap::products::serve;
    const std::string text(reinterpret_cast<const char*>(data), size);
    httplib::Params raw;
    httplib::detail::parse_query_text(text, raw);
    // the server's bounds (server.cpp): beyond them a request is a 400 before any parameter is read
    if (raw.size() > serve::max_params) return 0;
    for (const auto& [k, v] : raw)
        if (v.size() > serve::max_param_length) return 0;
    static const harbormap::feature ports[] = {port("wpi:42230", "GR", 23.65, 37.93, true, "COSCO"),
                                               port("wpi:1", "US", -118.2, 33.7, false, ""),
                                               port("cur:KZ:aktau", "KZ", 51.2, 43.6, true, "CMPort;COSCO")};
    try {
        serve::port_filter f = serve::parse_port_filter(serve::query_params(raw.begin(), raw.end()));
        if (!f.group.empty()) { // as api::ports: the keys the group stands for, resolved before matching
            static const std::set<std::string> known = harbormap::query::group_keys_in({std::begin(ports), std::end(ports)});
            f.group_keys = harbormap::query::group_keys_for(f.group, known);
            if (f.group_keys.empty()) return 0; // a usage error there
        }
        for (const auto& p : ports) (void)f.matches(p, {"active"});
    } catch (const harbormap::usage_error&) {
    }
    return 0;
}
