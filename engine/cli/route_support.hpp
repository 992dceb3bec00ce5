#pragma once
// Shared setup of the routing commands (route, near, matrix, deps): the sea graph and, when it exists
// or is needed, the fused ports catalog; and the output options of every command that writes data
// (route, near, matrix, deps, coa, diff).
#include "engine/cli/command.hpp"
#include "engine/query/port_lookup.hpp"
#include "engine/query/sea_router.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace harbormap::cli {

// --format text|json|geojson|csv (the formats a command offers), the --json/--geojson aliases, and
// -o FILE (written atomically; an existing file is refused without --overwrite).
enum class output_format { text, json, geojson, csv, gpkg }; // gpkg: ports list only, needs -o
class output_options {
public:
    // formats: those the command offers, the first is the default.
    void add(CLI::App& app, std::vector<std::string> formats);
    // The format asked for; throws usage_error when --format and an alias disagree.
    output_format format() const;
    // Throws usage_error when -o names an existing file and --overwrite is not given (call before the work).
    void check_target() const;
    // The data to stdout, or atomically to the -o file.
    void write(context& ctx, const std::string& data) const;
    bool to_file() const { return !m_file.empty(); }
    // For a writer of its own (ports list --format gpkg): the -o file and whether it may be replaced.
    const std::string& file() const { return m_file; }
    bool overwrite() const { return m_overwrite; }

private:
    std::vector<std::string> m_formats;
    std::string m_format, m_file;
    bool m_json = false, m_geojson = false, m_overwrite = false;
};

class routing_session {
public:
    // args: the port arguments; the catalog is required when an argument is not a lon,lat position or
    // need_catalog is set, else loaded only if use_catalog and the build's output has one (a route
    // between two positions without --corridor never maps it).
    routing_session(const context& ctx, const std::vector<std::string>& args, bool need_catalog, bool use_catalog = true);
    ~routing_session();
    routing_session(const routing_session&) = delete;
    routing_session& operator=(const routing_session&) = delete;
    query::sea_router& router() { return *m_router; }
    const query::port_catalog* catalog() const { return m_catalog ? &*m_catalog : nullptr; }
    const query::port_catalog& require_catalog() const;

private:
    std::unique_ptr<query::sea_router> m_router;
    std::unique_ptr<query::port_catalog> m_catalog;
    std::filesystem::path m_gpkg;
};

// For the front's main (front_main) only, which ends the process with std::_Exit right after the command:
// from then on sessions leave the graph, its indexes and the catalog to the end of the process instead of
// freeing them piece by piece (a few ms of a cold query).  Never for a caller that goes on (tests, serve).
void free_sessions_at_exit_only();

// When a place was named by a port complex ("Shenzhen"), the command says which member it used, on stderr.
inline void note_complex(context& ctx, const query::lookup_result& lookup) {
    if (!ctx.quiet && !lookup.members.empty() && !lookup.note.empty()) ctx.err << "note: " << lookup.note << "\n";
}

} // namespace harbormap::cli
