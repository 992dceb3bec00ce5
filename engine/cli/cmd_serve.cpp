// harbormap serve [OUT]: the web map of a build over HTTP until SIGINT/SIGTERM.
#include "engine/cli/command.hpp"
#include "engine/cli/serve_paths.hpp"
#include "engine/core/error.hpp"
#include "engine/products/serve/server.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

namespace harbormap::cli {
namespace {

// --bind: an address of this machine (or a name of one), checked before the build is opened; a value that is
// none is a usage error (exit 2), as a bad --port, not "cannot listen" (exit 1) after the tiles were read.
// A port in use stays a processing error (server::bind).
void check_bind_address(const std::string& bind) {
    const std::string usage = "(e.g. 127.0.0.1, 0.0.0.0 for every interface, ::1, localhost)";
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    addrinfo* found = nullptr;
    if (bind.empty() || getaddrinfo(bind.c_str(), "0", &hints, &found) != 0)
        throw usage_error("--bind '" + bind + "': not an IP address or host name " + usage);
    bool local = false;
    for (const addrinfo* a = found; a && !local; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        local = ::bind(fd, a->ai_addr, a->ai_addrlen) == 0 || errno != EADDRNOTAVAIL; // port 0: any free one
        ::close(fd);
    }
    freeaddrinfo(found);
    if (!local) throw usage_error("--bind '" + bind + "': not an address of this machine " + usage);
}

class serve_command final : public command {
public:
    std::vector<std::string> path() const override { return {"serve"}; }
    std::string summary() const override {
        return "Serve the web map of a build (viewer, tiles, PMTiles, style, JSON APIs) on http://BIND:PORT/";
    }
    void setup(CLI::App& app) override {
        app.add_option("out", m_out, "Output folder of 'harbormap build' (default: --out, i.e. out)");
        app.add_option("--port", m_opt.port, "TCP port (default 8080; 0 = any free port, printed on stderr)")->check(CLI::Range(0, 65535));
        app.add_option("--bind", m_opt.bind, "Address to listen on (default 127.0.0.1; 0.0.0.0 = every interface)");
        app.add_option("--threads", m_opt.threads, "Worker threads (default 32)")->check(CLI::Range(2, 1024));
        app.add_option("--web", m_web, "Viewer files (default: the source tree's engine/products/serve/web, or HARBORMAP_WEB)");
        app.add_option("--vendor", m_vendor, "node_modules with maplibre-gl and pmtiles (default: HARBORMAP_WEB_VENDOR or ~/.cache/harbormap-web/node_modules)");
        app.add_option("--memory-mb", m_memory_mb, "Serve the MBTiles from memory when it is at most this large (default 256; 0 = read every tile from SQLite)");
        app.add_flag("--no-access-log", m_no_access_log, "No line per request on stderr (errors are still logged)");
    }
    int run(context& ctx) override {
        check_bind_address(m_opt.bind);
        m_opt.out_dir = m_out.empty() ? ctx.out_dir : std::filesystem::path(m_out);
        m_opt.web_dir = m_web.empty() ? default_web_dir() : std::filesystem::path(m_web);
        m_opt.vendor_dir = m_vendor.empty() ? default_vendor_dir() : std::filesystem::path(m_vendor);
        m_opt.data_dir = ctx.data_dir;
        m_opt.mappings_dir = ctx.mappings_dir;
        m_opt.access_log = !m_no_access_log && !ctx.quiet;
        if (m_memory_mb < 0) throw usage_error("--memory-mb must be >= 0");
        m_opt.preload_bytes = static_cast<std::uintmax_t>(m_memory_mb) << 20;
        products::serve::server s(m_opt, ctx.err);
        const int port = s.bind();
        // an IPv6 address in brackets, as a URL has it (http://[::1]:8080/)
        const std::string host = m_opt.bind.find(':') == std::string::npos ? m_opt.bind : "[" + m_opt.bind + "]";
        ctx.err << fmt::format("serve: {} on http://{}:{}/ (Ctrl-C to stop)\n", m_opt.out_dir.string(), host, port) << std::flush;
        const int sig = products::serve::serve_until_signal(s, ctx.err);
        ctx.err << "serve: stopped\n";
        (void)sig;
        return 0;
    }

private:
    products::serve::server_options m_opt;
    std::string m_out, m_web, m_vendor;
    long m_memory_mb = 256;
    bool m_no_access_log = false;
};

} // namespace

std::unique_ptr<command> make_serve_command() { return std::make_unique<serve_command>(); }

} // namespace harbormap::cli
