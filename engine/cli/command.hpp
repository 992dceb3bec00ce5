#pragma once
// One class per subcommand (the osmium-tool model): setup() declares options and does no I/O;
// run() does the work.  Commands write data to ctx.out and logs/progress to ctx.err, and report
// failures by throwing (input_error / processing_error -> exit 1, usage_error -> exit 2).
#include "engine/fusion/position_check.hpp"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace harbormap::cli {

// Global options and streams shared by every command.
struct context {
    std::ostream& out;
    std::ostream& err;
    std::filesystem::path data_dir;     // --data (default: <repo>/data, or HARBORMAP_DATA)
    std::filesystem::path out_dir;      // --out  (default: out)
    std::filesystem::path mappings_dir; // --mappings (default: <repo>/layers/mappings)
    bool progress = false;              // --progress forces progress output on non-TTY stderr
    bool quiet = false;                 // --quiet: no summary on stderr
    bool lean_catalog = false;          // the `harbormap` front: routing queries decode only the port fields they read

    std::filesystem::path gpkg_path{};  // set by --as-of (as_of.hpp): the as-of footprint
    std::filesystem::path gpkg() const { return gpkg_path.empty() ? out_dir / "harbormap.gpkg" : gpkg_path; }
    std::filesystem::path graph() const { return out_dir / "seagraph.hmg"; }
};

class command {
public:
    virtual ~command() = default;
    // Path of the command, e.g. {"ports", "show"}; groups ("ports") are created automatically.
    virtual std::vector<std::string> path() const = 0;
    virtual std::string summary() const = 0;
    virtual void setup(CLI::App& app) = 0;
    virtual int run(context& ctx) = 0;
};

using command_list = std::vector<std::unique_ptr<command>>;

// --strict, --max-port-km, --country-tolerance-km and --inland-km of `layers check` and `build` (cmd_layers.cpp).
struct position_flags {
    bool strict = false;
    double max_port_km = 50.0, country_tolerance_km = 25.0, inland_km = 25.0;
    fusion::position_options options() const { return {max_port_km, country_tolerance_km, inland_km}; }
};
void add_position_flags(CLI::App& app, position_flags& flags);

// All commands (engine/cli/commands.cpp): one line per command.
command_list make_commands();

// The whole CLI: parses args (without argv[0]), dispatches, maps exceptions to exit codes
// 0 ok / 1 data or processing error / 2 usage error.  Callable from tests.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// The same with a given set of commands (app.cpp).  query_only: the `harbormap` front (front.hpp), which
// hands the run to harbormap-full (throws needs_full_program) when the sea graph file is missing.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, command_list commands,
        bool query_only = false);

} // namespace harbormap::cli
