#include "engine/cli/as_of.hpp"
#include "engine/cli/front.hpp"

#include "engine/core/error.hpp"
#include "engine/fusion/validity.hpp"

#include <chrono>

namespace harbormap::cli {

namespace {

int current_year() {
    const auto today = std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    return static_cast<int>(today.year());
}

} // namespace

void as_of_option::add(CLI::App& app) {
    app.add_option("--as-of", year,
                   "The footprint as it stood in this year (facts with valid_from <= YEAR < valid_to; rows with no year "
                   "are left out and counted as 'year unknown'; see README)");
}

void as_of_option::check() const {
    if (year && (*year < fusion::as_of_first_year || *year > current_year()))
        throw usage_error("--as-of " + std::to_string(*year) + ": expected a year from " +
                          std::to_string(fusion::as_of_first_year) + " to " + std::to_string(current_year()));
}

std::filesystem::path as_of_option::out_dir(const context& ctx) const {
    return year ? ctx.out_dir / ("as-of-" + std::to_string(*year)) : ctx.out_dir;
}

void as_of_option::apply(context& ctx) const {
    check();
    if (!year) return;
    const auto target = out_dir(ctx) / "harbormap.gpkg";
    write_as_of_footprint(ctx, *year, target);
    ctx.gpkg_path = target;
}

} // namespace harbormap::cli
