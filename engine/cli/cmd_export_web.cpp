// harbormap export web DIR: the viewer as static files (page, JS, style, PMTiles) for any static server.
#include "engine/cli/command.hpp"
#include "engine/cli/serve_paths.hpp"
#include "engine/core/text.hpp"
#include "engine/products/serve/api.hpp"
#include "engine/products/serve/web_bundle.hpp"

#include <fmt/format.h>

namespace harbormap::cli {
namespace {

class export_web_command final : public command {
public:
    std::vector<std::string> path() const override { return {"export", "web"}; }
    std::string summary() const override {
        return "Write the web map as static files (index.html, JS, style, PMTiles) that any static file server can host";
    }
    void setup(CLI::App& app) override {
        app.add_option("dir", m_dir, "Target folder")->required();
        app.add_flag("--overwrite", m_overwrite, "Replace an existing folder");
        app.add_option("--web", m_web, "Viewer files (default: the source tree's engine/products/serve/web, or HARBORMAP_WEB)");
        app.add_option("--vendor", m_vendor, "node_modules with maplibre-gl and pmtiles (default: HARBORMAP_WEB_VENDOR or ~/.cache/harbormap-web/node_modules)");
    }
    int run(context& ctx) override {
        const products::serve::port_facts ports(ctx.gpkg());
        const auto r = products::serve::export_web(ctx.out_dir, m_web.empty() ? default_web_dir() : std::filesystem::path(m_web),
                                                   m_vendor.empty() ? default_vendor_dir() : std::filesystem::path(m_vendor),
                                                   products::serve::port_facets(ports.catalog()).dump() + "\n",
                                                   ports.all_with_facts().dump() + "\n", m_dir, m_overwrite);
        if (!ctx.quiet) {
            // any static server will do: the viewer reads the tiles by HTTP range requests where the server answers
            // them, else it loads the whole archive once and says so in its status line (app.js, RangeOrWholeSource)
            std::error_code ec;
            const auto archive = std::filesystem::file_size(std::filesystem::path(m_dir) / "harbormap.pmtiles", ec);
            ctx.err << fmt::format("export web: {} files, {} bytes -> {} (host it with any static server: one with HTTP range "
                                   "requests (nginx, Apache, caddy, GitHub Pages, S3) serves only the tiles shown; on one "
                                   "without (python3 -m http.server) the viewer loads the whole tile archive{} once and says so)\n",
                                   r.files, format_thousands(static_cast<double>(r.bytes)), m_dir,
                                   ec ? "" : fmt::format(" ({:.1f} MB)", static_cast<double>(archive) / 1048576.0));
        }
        return 0;
    }

private:
    std::string m_dir, m_web, m_vendor;
    bool m_overwrite = false;
};

} // namespace

std::unique_ptr<command> make_export_web_command() { return std::make_unique<export_web_command>(); }

} // namespace harbormap::cli
