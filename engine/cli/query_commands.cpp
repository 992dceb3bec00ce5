// The commands of the `harbormap` front (front.hpp): queries that read only out/seagraph.hmg and
// out/catalog.hmc.  Each must link without GDAL (checked by the `front_links_no_gdal` test).
#include "engine/cli/front.hpp"
#include "engine/cli/route_support.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <unistd.h>

namespace harbormap::cli {

// The query commands' factories (their cmd_*.cpp; all commands are registered in commands.cpp).
std::unique_ptr<command> make_ports_show_command(), make_ports_list_command();
std::unique_ptr<command> make_route_command(), make_near_command(), make_matrix_command(), make_deps_command();

command_list make_query_commands() {
    command_list c;
    c.push_back(make_ports_show_command());
    c.push_back(make_ports_list_command());
    for (auto* f : {make_route_command, make_near_command, make_matrix_command, make_deps_command}) c.push_back(f());
    return c;
}

bool selects_one_of(const std::vector<std::string>& args, const command_list& commands) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < args.size() && words.size() < 2; ++i) {
        const std::string& a = args[i];
        if (a == "--data" || a == "--out" || a == "--mappings") {
            ++i; // the option's value
            continue;
        }
        if (!a.empty() && a[0] == '-') {
            if (words.empty()) continue; // a global flag (--progress, -q, --data=DIR ...)
            break;                       // the command's own options
        }
        words.push_back(a);
    }
    return std::any_of(commands.begin(), commands.end(), [&](const std::unique_ptr<command>& c) {
        const auto path = c->path();
        return path.size() <= words.size() && std::equal(path.begin(), path.end(), words.begin());
    });
}

namespace {

[[noreturn]] void exec_full(char** argv) {
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    std::string full = "harbormap-full";
    if (n > 0) {
        std::string dir(self, static_cast<std::size_t>(n));
        full = dir.substr(0, dir.rfind('/') + 1) + full;
    }
    std::cout.flush();
    std::cerr.flush();
    ::execv(full.c_str(), argv);
    std::cerr << "harbormap: cannot run " << full << ": " << std::strerror(errno) << "\n";
    std::_Exit(1);
}

} // namespace

int front_main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    command_list commands = make_query_commands();
    if (selects_one_of(args, commands)) {
        try {
            free_sessions_at_exit_only();
            const int code = run(args, std::cout, std::cerr, std::move(commands), true);
            // The answer is complete: every output file was written atomically (closed, then renamed), and
            // the streams are flushed here (std::cout writes through C stdio: fflush flushes both).  End the
            // process without running destructors: freeing the graph and the catalog would cost more than
            // the query.
            std::cout.flush();
            std::cerr.flush();
            std::fflush(nullptr);
            std::_Exit(code);
        } catch (const needs_full_program&) {
        }
    }
    // Tests: prove an answer came from this process (no hand-over).
    if (const char* only = std::getenv("HARBORMAP_FRONT_ONLY"); only && *only == '1') {
        std::cerr << "harbormap: HARBORMAP_FRONT_ONLY=1 and this run needs harbormap-full\n";
        return 3;
    }
    exec_full(argv);
}

} // namespace harbormap::cli
