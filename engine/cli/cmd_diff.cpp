// harbormap diff OLD NEW: what changed between two footprints (GeoPackages from build, or data folders).
#include "engine/cli/command.hpp"
#include "engine/core/atomic_file.hpp"
#include "engine/core/error.hpp"
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
        app.add_option("--format", m_format, "text, json or geojson")->check(CLI::IsMember({"text", "json", "geojson"}));
        app.add_option("-o,--output", m_output, "Write to this file (atomically) instead of stdout");
        app.add_flag("--overwrite", m_overwrite, "Replace an existing output file");
    }
    int run(context& ctx) override {
        if (!m_output.empty() && std::filesystem::exists(m_output) && !m_overwrite)
            throw usage_error(m_output + " exists: use --overwrite to replace it");
        const auto before = products::load_snapshot(m_old, ctx.mappings_dir);
        const auto after = products::load_snapshot(m_new, ctx.mappings_dir);
        const auto d = products::diff_snapshots(before, after);
        const std::string text = m_format == "json"      ? products::diff_json(d)
                                 : m_format == "geojson" ? products::diff_geojson(d)
                                                         : products::diff_text(d);
        if (m_output.empty()) ctx.out << text;
        else write_file_atomic(m_output, text);
        return 0; // with or without changes
    }

private:
    std::string m_old, m_new, m_format = "text", m_output;
    bool m_overwrite = false;
};

} // namespace

std::unique_ptr<command> make_diff_command() { return std::make_unique<diff_command>(); }

} // namespace harbormap::cli
