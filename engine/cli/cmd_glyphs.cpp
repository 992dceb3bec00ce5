// `harbormap tiles glyphs`: the MapLibre style's label glyphs (<out>/glyphs/{fontstack}/{range}.pbf) from
// the installed Noto fonts, for the label texts of the fused footprint (also a part of `harbormap build`).
#include "engine/cli/command.hpp"
#include "engine/products/tiles_build.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace harbormap::cli {
namespace {

class tiles_glyphs final : public command {
public:
    std::vector<std::string> path() const override { return {"tiles", "glyphs"}; }
    std::string summary() const override {
        return "Write the style's label glyphs (<out>/glyphs/{fontstack}/{range}.pbf, SDF) from the installed Noto fonts";
    }
    void setup(CLI::App& app) override {
        app.add_option("--gpkg", m_gpkg, "Fused GeoPackage whose label texts set the ranges (default: <out>/harbormap.gpkg)");
        app.add_flag("--json", m_json, "Print what was written as JSON on stdout");
    }
    int run(context& ctx) override {
        const fs::path gpkg = m_gpkg.empty() ? ctx.gpkg() : fs::path(m_gpkg);
        const auto r = products::write_label_glyphs(ctx.out_dir, gpkg, ctx.data_dir);
        if (m_json)
            ctx.out << nlohmann::json{{"dir", (ctx.out_dir / "glyphs").string()}, {"fontstacks", r.fontstacks}, {"ranges", r.ranges},
                                      {"texts", r.texts}, {"files", r.written.files}, {"glyphs", r.written.glyphs},
                                      {"bytes", r.written.bytes}}
                           .dump(1)
                    << "\n";
        if (!ctx.quiet)
            ctx.err << fmt::format("glyphs: {} fontstacks x {} ranges from {} label texts -> {} files, {} glyphs, {} bytes in {}\n",
                                   r.fontstacks.size(), r.ranges.size(), r.texts, r.written.files, r.written.glyphs, r.written.bytes,
                                   (ctx.out_dir / "glyphs").string());
        return 0;
    }

private:
    std::string m_gpkg;
    bool m_json = false;
};

} // namespace

std::unique_ptr<command> make_tiles_glyphs_command() { return std::make_unique<tiles_glyphs>(); }

} // namespace harbormap::cli
