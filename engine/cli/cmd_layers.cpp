#include "engine/cli/command.hpp"
#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/sources.hpp"
#include "layers/mapping.hpp"
#include "layers/reader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace fs = std::filesystem;

namespace harbormap::cli {

void add_position_flags(CLI::App& app, position_flags& flags) {
    app.add_flag("--strict", flags.strict,
                 "Position warnings (a row far from the WPI port it names, outside its country, or on land far from water) "
                 "are errors: exit 1");
    app.add_option("--max-port-km", flags.max_port_km, "Warn when a row is farther than this from the WPI port it names (km)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    app.add_option("--country-tolerance-km", flags.country_tolerance_km,
                   "A row this close to its country's (coarse, 50m) polygons counts as inside (km)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    app.add_option("--inland-km", flags.inland_km,
                   "Warn when a row is on land farther than this from the coast and than its WPI port's own distance to "
                   "the coast plus this (km)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
}

namespace {

std::vector<layers::mapping> selected_mappings(const context& ctx, const std::string& source) {
    auto all = layers::load_mappings(ctx.mappings_dir);
    if (source.empty()) return all;
    std::vector<std::string> names;
    for (auto& m : all) {
        if (m.source == source) return {m};
        names.push_back(m.source);
    }
    std::string msg = "unknown source '" + source + "' (sources: " + join(names, ", ") + ")";
    if (auto s = suggest(source, names, 1); !s.empty()) msg += "; did you mean '" + s[0] + "'?";
    throw usage_error(msg);
}

class layers_info final : public command {
public:
    std::vector<std::string> path() const override { return {"layers", "info"}; }
    std::string summary() const override { return "List the sources with their files, licences, fields and counts"; }
    void setup(CLI::App& app) override {
        app.add_option("source", m_source, "Only this source (mapping id)");
        app.add_flag("--json", m_json, "Machine-readable output");
    }
    int run(context& ctx) override {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& m : selected_mappings(ctx, m_source)) {
            const auto t = layers::read_source(m, ctx.data_dir);
            bbox b;
            for (const auto& f : t.layer.features) b.expand(f.geom.bounds());
            nlohmann::json fields = nlohmann::json::array();
            for (const auto& f : m.fields) fields.push_back({{"name", f.name}, {"column", f.column}, {"type", layers::to_string(f.type)}, {"required", f.required}});
            nlohmann::json j = {{"source", m.source}, {"title", m.title}, {"file", (ctx.data_dir / m.path).string()},
                                {"mapping", m.mapping_file.string()}, {"license", m.license},
                                {"records", t.layer.features.size()}, {"warnings", t.warnings.size()}, {"fields", fields}};
            if (!b.empty()) j["bbox"] = {b.min_lon, b.min_lat, b.max_lon, b.max_lat};
            if (m_json) {
                arr.push_back(j);
                continue;
            }
            ctx.out << fmt::format("{}: {}\n  file: {}\n  mapping: {}\n  license: {}\n  records: {}  fields: {}  warnings: {}\n",
                                   m.source, m.title, (ctx.data_dir / m.path).string(), m.mapping_file.string(), m.license,
                                   t.layer.features.size(), m.fields.size(), t.warnings.size());
            if (!b.empty()) ctx.out << fmt::format("  bbox (lon/lat): {:.4f} {:.4f} {:.4f} {:.4f}\n", b.min_lon, b.min_lat, b.max_lon, b.max_lat);
        }
        if (m_json) ctx.out << arr.dump(2) << "\n";
        return 0;
    }

private:
    std::string m_source;
    bool m_json = false;
};

class layers_check final : public command {
public:
    std::vector<std::string> path() const override { return {"layers", "check"}; }
    std::string summary() const override {
        return "Validate sources through their field mappings (or a file of your own with --file); exit 1 on bad records";
    }
    void setup(CLI::App& app) override {
        app.add_option("source", m_source, "Only this source (mapping id), or a file of your own: the source whose mapping fits its header");
        app.add_option("--file", m_file, "Check this file against the source's mapping instead of the shipped one");
        app.add_option("--mapping", m_mapping, "Use this mapping file");
        add_position_flags(app, m_position);
    }
    int run(context& ctx) override {
        std::vector<layers::mapping> maps;
        if (m_file.empty() && !m_source.empty() && m_mapping.empty() && fs::is_regular_file(m_source) && !is_source(ctx, m_source)) {
            m_file = m_source; // `layers check FILE`: the source whose mapping fits the header
            maps.push_back(fitting_mapping(ctx, m_file));
            ctx.err << "layers check: " << m_file << " read as source '" << maps.back().source << "' (" << maps.back().mapping_file.filename().string()
                    << "), whose mapping fits its header\n";
        } else if (!m_mapping.empty()) maps.push_back(layers::load_mapping(m_mapping));
        else maps = selected_mappings(ctx, m_source);
        if (!m_file.empty() && maps.size() != 1) throw usage_error("--file needs one source (e.g. 'layers check terminals --file my.csv')");
        int bad = 0;
        products::loaded_sources read;
        for (const auto& m : maps) {
            try {
                auto t = layers::read_source(m, ctx.data_dir, m_file);
                for (const auto& w : t.warnings) ctx.err << "warning: " << w << "\n";
                ctx.out << fmt::format("ok {}: {} records ({})\n", m.source, t.layer.features.size(), t.file);
                read.tables.emplace(m.source, std::move(t));
            } catch (const input_error& e) {
                ++bad;
                ctx.out << "FAIL " << m.source << "\n";
                ctx.err << e.what() << "\n";
            }
        }
        const int position_errors = check_positions(ctx, std::move(read));
        return bad > 0 || position_errors > 0 ? 1 : 0;
    }

private:
    // The position checks of the tables read (the same as the build's); the number of errors (--strict).
    int check_positions(context& ctx, products::loaded_sources read) const {
        const auto warnings = products::check_positions(std::move(read), ctx.data_dir, ctx.mappings_dir, m_position.options());
        for (const auto& w : warnings) ctx.err << (m_position.strict ? "error: " : "warning: ") << w.message() << "\n";
        if (!warnings.empty())
            ctx.out << fmt::format("{} {} position {}\n", m_position.strict ? "FAIL" : "warn", warnings.size(),
                                   warnings.size() == 1 ? "warning" : "warnings");
        return m_position.strict ? static_cast<int>(warnings.size()) : 0;
    }

    static bool is_source(const context& ctx, const std::string& name) {
        for (const auto& m : layers::load_mappings(ctx.mappings_dir))
            if (m.source == name) return true;
        return false;
    }

    // The mapping whose columns fit the file's header: every column it needs is present (columns marked
    // optional_column may be absent); among those, the one using most of the header's columns.
    static layers::mapping fitting_mapping(const context& ctx, const std::string& file) {
        const auto layers_in = layers::read_vector_file(file);
        if (layers_in.empty()) throw input_error(file, 0, "", "no layer in file");
        std::set<std::string> header;
        for (const auto& f : layers_in.front().fields) header.insert(f.name);
        std::optional<layers::mapping> best;
        std::size_t best_score = 0;
        bool tie = false;
        std::vector<std::string> near;
        for (auto& m : layers::load_mappings(ctx.mappings_dir)) {
            std::size_t used = 0;
            std::vector<std::string> missing;
            for (const auto& f : m.fields) {
                if (header.count(f.column)) ++used;
                else if (!f.optional_column) missing.push_back(f.column);
            }
            if (m.geometry == layers::geometry_source::lon_lat_columns)
                for (const auto& c : {m.lon_column, m.lat_column}) {
                    if (header.count(c)) ++used;
                    else missing.push_back(c);
                }
            if (!missing.empty()) {
                near.push_back(fmt::format("{} (missing {})", m.source, join(missing, ", ")));
                continue;
            }
            if (used > best_score || !best) {
                tie = best && used == best_score;
                best = std::move(m);
                best_score = used;
            } else if (used == best_score) {
                tie = true;
            }
        }
        if (!best) throw input_error(file, 1, "", "no mapping fits the header: " + join(near, "; "));
        if (tie) throw usage_error(file + ": several mappings fit the header equally; name the source (layers check SOURCE --file " + file + ")");
        return *best;
    }

    std::string m_source, m_file, m_mapping;
    position_flags m_position;
};

} // namespace

std::unique_ptr<command> make_layers_info_command() { return std::make_unique<layers_info>(); }
std::unique_ptr<command> make_layers_check_command() { return std::make_unique<layers_check>(); }

} // namespace harbormap::cli
