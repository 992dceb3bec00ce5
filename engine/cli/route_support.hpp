#pragma once
// Shared setup of the routing commands (route, near, matrix, deps): the sea graph and, when it exists
// or is needed, the fused ports catalog.
#include "engine/cli/command.hpp"
#include "engine/query/port_lookup.hpp"
#include "engine/query/sea_router.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::cli {

std::vector<std::string> split_list(const std::string& text); // "a,b" -> {"a","b"}; trims, drops empties

class routing_session {
public:
    // args: the port arguments; the catalog is loaded if the gpkg exists, and required when an argument
    // is not a lon,lat position or need_catalog is set.
    routing_session(const context& ctx, const std::vector<std::string>& args, bool need_catalog);
    query::sea_router& router() { return *m_router; }
    const query::port_catalog* catalog() const { return m_catalog ? &*m_catalog : nullptr; }
    const query::port_catalog& require_catalog() const;

private:
    std::unique_ptr<query::sea_router> m_router;
    std::optional<query::port_catalog> m_catalog;
    std::filesystem::path m_gpkg;
};

} // namespace harbormap::cli
