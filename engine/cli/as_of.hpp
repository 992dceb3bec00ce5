#pragma once
// `--as-of YEAR` on build, report, render, ports list, ports show and deps: one option and one
// preparation shared by every command.  The as-of footprint is fused from the data with the curated
// tables filtered to the facts valid that year (fusion/validity.hpp) and written to
// <out>/as-of-YEAR/harbormap.gpkg; ctx.gpkg() then names it, so each command reads it as it reads
// the present footprint.
#include "engine/cli/command.hpp"

#include <optional>

namespace harbormap::cli {

struct as_of_option {
    std::optional<int> year;
    void add(CLI::App& app);
    // usage_error (exit 2) unless 1900 <= YEAR <= the current year.
    void check() const;
    // For GeoPackage readers: builds the as-of footprint and points ctx.gpkg() at it (no-op without --as-of).
    void apply(context& ctx) const;
    // Where an as-of command writes its products (report, maps): <out>/as-of-YEAR, else <out>.
    std::filesystem::path out_dir(const context& ctx) const;
};

} // namespace harbormap::cli
