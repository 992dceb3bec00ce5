// Shared setup of the routing commands (not a command itself; the cmd_ prefix puts it in the cli glob).
#include "engine/cli/route_support.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
#include "engine/core/lon_lat.hpp"
#include "engine/core/text.hpp"
#include "engine/query/route_query.hpp"

#include <algorithm>

namespace harbormap::cli {

void output_options::add(CLI::App& app, std::vector<std::string> formats) {
    m_formats = std::move(formats);
    app.add_option("--format", m_format, "Output format: " + join(m_formats, ", ") + " (default " + m_formats.front() + ")")
        ->check(CLI::IsMember(m_formats));
    const auto has = [&](const char* f) { return std::find(m_formats.begin(), m_formats.end(), f) != m_formats.end(); };
    if (has("json")) app.add_flag("--json", m_json, "Same as --format json");
    if (has("geojson")) app.add_flag("--geojson", m_geojson, "Same as --format geojson");
    app.add_option("-o,--output", m_file, "Write to this file (atomically) instead of stdout");
    app.add_flag("--overwrite", m_overwrite, "Replace an existing -o file");
}

output_format output_options::format() const {
    std::string f = m_format;
    for (const auto& [flag, name] : {std::pair{m_json, "json"}, std::pair{m_geojson, "geojson"}}) {
        if (!flag) continue;
        if (!f.empty() && f != name) throw usage_error("--" + std::string(name) + " and --format " + f + " disagree");
        f = name;
    }
    if (f.empty()) f = m_formats.front();
    if (f == "json") return output_format::json;
    if (f == "geojson") return output_format::geojson;
    if (f == "csv") return output_format::csv;
    if (f == "gpkg") return output_format::gpkg;
    return output_format::text;
}

void output_options::check_target() const {
    if (!m_file.empty() && std::filesystem::is_directory(m_file)) // before the query, not at its write
        throw usage_error(m_file + " is a folder: -o names the file to write");
    if (!m_file.empty() && std::filesystem::exists(m_file) && !m_overwrite)
        throw usage_error(m_file + " exists: use --overwrite to replace it");
}

void output_options::write(context& ctx, const std::string& data) const {
    if (m_file.empty()) ctx.out << data;
    else write_file_atomic(m_file, data, m_overwrite);
}

routing_session::routing_session(const context& ctx, const std::vector<std::string>& args, bool need_catalog, bool use_catalog)
    : m_gpkg(ctx.gpkg()) {
    bool needed = need_catalog;
    for (const auto& a : args)
        if (!parse_lon_lat(trim(a))) needed = true;
    // the front decodes only the fields the routing queries read (test_front checks them against the full decode)
    if (needed || (use_catalog && std::filesystem::exists(m_gpkg)))
        m_catalog = std::make_unique<query::port_catalog>(
            query::port_catalog::load(m_gpkg, ctx.lean_catalog ? query::routing_port_fields() : std::vector<std::string>{}));
    m_router = query::sea_router::open(ctx.graph(), ctx.data_dir, ctx.mappings_dir, ctx.err);
}

namespace {
bool s_free_at_exit_only = false;
} // namespace

void free_sessions_at_exit_only() { s_free_at_exit_only = true; }

routing_session::~routing_session() {
    if (!s_free_at_exit_only) return;
    // deliberately not freed: the process ends with std::_Exit right after the command (front_main)
    (void)m_router.release();
    (void)m_catalog.release();
}

const query::port_catalog& routing_session::require_catalog() const {
    if (!m_catalog) throw processing_error(m_gpkg.string() + " does not exist: run 'harbormap build' first (or pass --out DIR)");
    return *m_catalog;
}

} // namespace harbormap::cli
