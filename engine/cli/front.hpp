#pragma once
// One `harbormap` command, two executables.  `harbormap` (the front, engine/cli/main.cpp) runs the
// queries -- route, near, matrix, deps, ports show, ports list -- in-process from the mapped sea graph
// and port catalog, with no GDAL, PROJ, GEOS or SQLite in the process (a cold query is a few
// milliseconds).  Any other command (build, layers, graph build, tiles, render, report, coa, diff,
// export, serve, help) it hands to `harbormap-full` beside it (engine/cli/main_full.cpp: every command,
// GDAL) by exec, same arguments, same process id, so callers and signals see one program.
#include "engine/cli/command.hpp"
#include "engine/core/geometry.hpp"

#include <exception>
#include <filesystem>

namespace harbormap::cli {

// Thrown on the front when a query needs what only the full program has (e.g. building the sea graph
// from data/ when out/seagraph.hmg is missing).  Nothing has been written when it is thrown.
class needs_full_program : public std::exception {
public:
    const char* what() const noexcept override { return "needs harbormap-full"; }
};

// `ports list --format gpkg -o FILE`: the one query output written with GDAL (engine/cli/full_only.cpp;
// the front's own definition, engine/cli/main.cpp, throws needs_full_program before anything is written).
void write_ports_gpkg(const std::filesystem::path& file, const feature_layer& ports, bool overwrite);

// `--as-of YEAR` on a query (as_of.hpp): fuses the as-of footprint from the data (GDAL) into `target` and
// the port catalog beside it; the front's definition throws needs_full_program before anything is written.
void write_as_of_footprint(const context& ctx, int year, const std::filesystem::path& target);

// The query commands the front runs (engine/cli/query_commands.cpp).
command_list make_query_commands();

// True when `args` (without argv[0]) select one of `commands`: the first words after the global
// options are the command's path.
bool selects_one_of(const std::vector<std::string>& args, const command_list& commands);

// main() of the front and of harbormap-full.
int front_main(int argc, char** argv);
int full_main(int argc, char** argv);

} // namespace harbormap::cli
