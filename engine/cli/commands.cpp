// The command registry: one line per subcommand.  Each command lives in its own cmd_*.cpp.
#include "engine/cli/command.hpp"
#include "engine/cli/front.hpp"

#include <iostream>

namespace harbormap::cli {

// The factories, one per cmd_*.cpp: a new command is its file plus its two lines here.

std::unique_ptr<command> make_build_command();
std::unique_ptr<command> make_layers_info_command();
std::unique_ptr<command> make_layers_check_command();
std::unique_ptr<command> make_ports_show_command();
std::unique_ptr<command> make_ports_list_command();
// routing (issue 4)
std::unique_ptr<command> make_graph_build_command(), make_route_command(), make_near_command(), make_matrix_command(), make_deps_command();
// tiles (issue 3)
std::unique_ptr<command> make_tiles_build_command(); std::unique_ptr<command> make_tiles_show_command();
std::unique_ptr<command> make_tiles_glyphs_command(); // issue 15: the style's label glyphs
// render (issue 5)
std::unique_ptr<command> make_render_command();
std::unique_ptr<command> make_report_command();
// courses of action (issue 20)
std::unique_ptr<command> make_coa_command();
// footprint through time (issue 16)
std::unique_ptr<command> make_diff_command();
std::unique_ptr<command> make_export_postgis_command(); // issue 18
// web map (issue 17)
std::unique_ptr<command> make_serve_command(), make_export_web_command();


command_list make_commands() {
    command_list c;
    c.push_back(make_build_command());
    c.push_back(make_layers_info_command());
    c.push_back(make_layers_check_command());
    c.push_back(make_ports_show_command());
    c.push_back(make_ports_list_command());
    // routing (issue 4): graph build, route, near, matrix, deps
    for (auto* f : {make_graph_build_command, make_route_command, make_near_command, make_matrix_command, make_deps_command}) c.push_back(f());
    // tiles (issue 3): tiles build, tiles show
    c.push_back(make_tiles_build_command()); c.push_back(make_tiles_show_command());
    c.push_back(make_tiles_glyphs_command());
    // render (issue 5): render, report
    c.push_back(make_render_command());
    c.push_back(make_report_command());
    c.push_back(make_coa_command());
    c.push_back(make_diff_command());
    c.push_back(make_export_postgis_command()); // PostGIS export (issue 18)
    // web map (issue 17): serve, export web
    c.push_back(make_serve_command()); c.push_back(make_export_web_command());
    return c;
}

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    return run(args, out, err, make_commands());
}

int full_main(int argc, char** argv) {
    return run(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
}

} // namespace harbormap::cli
