// harbormap diff OLD NEW: what changed between two footprints (GeoPackages from build, or data folders).
#include "engine/cli/command.hpp"
#include "engine/cli/route_support.hpp"
#include "engine/products/diff/diff.hpp"

namespace harbormap::cli {
namespace {

class diff_command final : public command {
public:
    std::vector<std::string> path() const override { return {"diff"}; }
    std::string summary() const override {
        return "What changed between two footprints: facts added, removed, changed; ports entering or leaving each class";
    }
    void setup(CLI::App& app) override {
        app.add_option("old", m_old, "The earlier footprint: a GeoPackage from 'harbormap build', or a data folder")->required();
        app.add_option("new", m_new, "The later footprint (same kinds)")->required();
        m_out.add(app, {"text", "json", "geojson"});
    }
    int run(context& ctx) override {
        const auto fmt = m_out.format();
        m_out.check_target();
        const auto before = products::load_snapshot(m_old, ctx.mappings_dir);
        const auto after = products::load_snapshot(m_new, ctx.mappings_dir);
        const auto d = products::diff_snapshots(before, after);
        m_out.write(ctx, fmt == output_format::json      ? products::diff_json(d)
                         : fmt == output_format::geojson ? products::diff_geojson(d)
                                                         : products::diff_text(d));
        return 0; // with or without changes
    }

private:
    std::string m_old, m_new;
    output_options m_out;
};

} // namespace

std::unique_ptr<command> make_diff_command() { return std::make_unique<diff_command>(); }

} // namespace harbormap::cli
