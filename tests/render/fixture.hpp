#pragma once
// A small footprint GPKG written with gpkg_writer: a handful of real ports with the fused schema
// (ports, strategic_seaports, terminals), so presets and the report can be tested without a full build.
#include "engine/core/geometry.hpp"

#include <filesystem>
#include <string>

namespace harbormap::test {

std::filesystem::path source_dir();
std::filesystem::path temp_dir(const std::string& name); // fresh, under the binary dir
// How often `needle` occurs in `hay` (overlapping occurrences counted).
std::size_t count(const std::string& hay, const std::string& needle);

struct fixture_options {
    bool piraeus_prc = true; // flip to check that figures follow the data
    // adds `cranes` and `prc_equipment` layers (rows at fixture ports, an aggregate and a coordinate-less
    // unmatched row in each; see equipment_rows() in fixture.cpp)
    bool equipment = false;
};

// Writes dir/harbormap.gpkg and returns its path.
std::filesystem::path write_fixture_gpkg(const std::filesystem::path& dir, const fixture_options& o = {});

// Compares `actual` with tests/render/golden/<name> (text, exact).  HARBORMAP_UPDATE_GOLDENS=1 (the
// one golden-update variable, as in tests/cli) rewrites the golden instead: review the diff.
void check_golden(const std::string& name, const std::string& actual);
// The same golden file, but numbers (coordinates, sizes) may differ from the golden's by `tolerance`
// (text measured by pango differs by fractions of a point between font versions); everything else exact.
// On a difference, reports the first differing token with its offset.
void check_golden_numbers(const std::string& name, const std::string& actual, double tolerance);
// Runs tests/render/check_html.py on the file (html.parser tag balance, unique ids, in-page links);
// returns its exit code (0 = well-formed); problems go to stderr.
int check_html(const std::filesystem::path& html);

struct rgb {
    int r = 0, g = 0, b = 0, a = 0;
};
rgb png_pixel(const std::filesystem::path& png, int x, int y);
std::pair<int, int> png_size(const std::filesystem::path& png);

} // namespace harbormap::test
