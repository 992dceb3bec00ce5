// Shared setup of the routing commands (not a command itself; the cmd_ prefix puts it in the cli glob).
#include "engine/cli/route_support.hpp"
#include "engine/core/error.hpp"
#include "engine/core/lon_lat.hpp"
#include "engine/core/text.hpp"

namespace harbormap::cli {

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& p : split(text, ','))
        if (auto t = trim(p); !t.empty()) out.push_back(t);
    return out;
}

routing_session::routing_session(const context& ctx, const std::vector<std::string>& args, bool need_catalog)
    : m_gpkg(ctx.gpkg()) {
    bool needed = need_catalog;
    for (const auto& a : args)
        if (!parse_lon_lat(trim(a))) needed = true;
    if (needed || std::filesystem::exists(m_gpkg)) m_catalog = query::port_catalog::load(m_gpkg);
    m_router = query::sea_router::open(ctx.graph(), ctx.data_dir, ctx.mappings_dir, ctx.err);
}

const query::port_catalog& routing_session::require_catalog() const {
    if (!m_catalog) throw processing_error(m_gpkg.string() + " does not exist: run 'harbormap build' first (or pass --out DIR)");
    return *m_catalog;
}

} // namespace harbormap::cli
