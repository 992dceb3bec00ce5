// The command registry: one line per subcommand.  Each command lives in its own cmd_*.cpp.
#include "engine/cli/command.hpp"
#include "engine/cli/commands_fwd.hpp"
#include "engine/cli/front.hpp"

#include <iostream>

namespace harbormap::cli {

command_list make_commands() {
    command_list c;
    c.push_back(make_build_command());
    c.push_back(make_layers_info_command());
    c.push_back(make_layers_check_command());
    c.push_back(make_ports_show_command());
    // routing (issue 4): graph build, route, near, matrix, deps
    for (auto* f : {make_graph_build_command, make_route_command, make_near_command, make_matrix_command, make_deps_command}) c.push_back(f());
    // tiles (issue 3): tiles build, tiles show
    c.push_back(make_tiles_build_command()); c.push_back(make_tiles_show_command());
    // render (issue 5): render, report
    c.push_back(make_render_command());
    c.push_back(make_report_command());
    c.push_back(make_coa_command());
    c.push_back(make_diff_command());
    return c;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return run(args, out, err, make_commands());
}

int full_main(int argc, char** argv) {
    return run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}

} // namespace harbormap::cli
