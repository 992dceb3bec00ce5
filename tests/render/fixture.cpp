#include "tests/render/fixture.hpp"

#include "engine/core/atomic_file.hpp"
#include "layers/gpkg_writer.hpp"

#include <catch2/catch.hpp>

#include <cairo.h>

#include <cstdlib>
#include <sys/wait.h>
#include <stdexcept>

namespace fs = std::filesystem;

namespace harbormap::test {

fs::path source_dir() {
    if (const char* s = std::getenv("HARBORMAP_SOURCE_DIR")) return s;
    return HARBORMAP_SOURCE_DIR;
}

fs::path temp_dir(const std::string& name) {
    const char* b = std::getenv("HARBORMAP_BINARY_DIR");
    fs::path d = fs::path(b ? b : fs::temp_directory_path().string()) / "test-render-tmp" / name;
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
}

void check_golden(const std::string& name, const std::string& actual) {
    const fs::path golden = source_dir() / "tests" / "render" / "golden" / name;
    if (std::getenv("HARBORMAP_UPDATE_GOLDENS")) {
        fs::create_directories(golden.parent_path());
        write_file_atomic(golden, actual);
        WARN("updated " << golden.string() << ": review the diff before committing");
        return;
    }
    REQUIRE(fs::exists(golden));
    INFO("golden " << golden.string() << " (HARBORMAP_UPDATE_GOLDENS=1 to rewrite it)");
    CHECK(actual == read_file(golden));
}

int check_html(const fs::path& html) {
    const std::string cmd = "python3 '" + (source_dir() / "tests" / "render" / "check_html.py").string() + "' '" + html.string() + "'";
    const int rc = std::system(cmd.c_str());
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

namespace {

struct port_row {
    const char* id;
    const char* name;
    const char* iso2;
    double lon, lat;
    bool prc;
    const char* groups;
    int terminals;
    bool hk, bri, logink, zpmc;
    int cranes;
    bool strategic;
    int importance;
    const char* source;
};

} // namespace

fs::path write_fixture_gpkg(const fs::path& dir, const fixture_options& o) {
    const port_row rows[] = {
        {"wpi:42230", "Piraievs", "GR", 23.65, 37.933333, o.piraeus_prc, "COSCO", 1, false, true, false, false, 0, false, 4, "https://example.org/piraeus"},
        {"wpi:49255", "Hambantota", "LK", 81.133333, 6.116667, true, "CMPort", 1, false, true, false, false, 0, false, 2, "https://example.org/hambantota"},
        {"wpi:9730", "Kingston", "JM", -76.8, 17.966667, true, "CMPort-TerminalLink", 1, false, false, false, false, 0, false, 3, "https://example.org/kingston"},
        {"wpi:47020", "Rotterdam", "NL", 4.283333, 51.9, true, "COSCO;Hutchison", 2, true, false, true, false, 0, false, 4, "https://example.org/rotterdam"},
        {"wpi:61010", "Chancay", "PE", -77.27, -11.59, true, "COSCO", 1, false, true, false, false, 0, false, 2, "https://example.org/chancay"},
        {"wpi:16070", "Long Beach", "US", -118.216667, 33.75, false, "", 0, false, false, false, true, 14, true, 4, "https://example.org/longbeach"},
        {"wpi:8530", "Savannah", "US", -81.1, 32.083333, false, "", 0, false, false, false, true, 6, true, 4, "https://example.org/savannah"},
        {"wpi:17700", "Tacoma", "US", -122.416667, 47.266667, false, "", 0, false, false, false, false, 0, true, 3, "https://example.org/tacoma"},
        {"wpi:19800", "Anchorage", "US", -149.9, 61.216667, false, "", 0, false, false, false, false, 0, true, 2, "https://example.org/anchorage"},
        {"wpi:56550", "Apra Harbor", "GU", 144.65, 13.45, false, "", 0, false, false, false, false, 0, true, 2, "https://example.org/guam"},
        {"wpi:49160", "Kyaukpyu", "MM", 93.55, 19.43, false, "", 0, false, true, false, false, 0, false, 1, "https://example.org/kyaukpyu"},
        {"wpi:48278", "Abu Zaby", "AE", 54.333333, 24.5, false, "", 0, false, false, true, false, 0, false, 3, "https://example.org/abudhabi"},
    };
    feature_layer ports;
    ports.name = "ports";
    ports.geom_type = geometry_type::point;
    ports.fields = {{"port_id", field_type::text},         {"name", field_type::text},          {"country_iso2", field_type::text},
                    {"country_name", field_type::text},    {"prc_operated", field_type::boolean}, {"prc_groups", field_type::text},
                    {"prc_terminals", field_type::integer}, {"hk_operated", field_type::boolean}, {"bri", field_type::boolean},
                    {"logink", field_type::boolean},       {"zpmc", field_type::boolean},         {"zpmc_sts_count", field_type::integer},
                    {"strategic", field_type::boolean},    {"importance", field_type::integer},   {"sources", field_type::text}};
    std::int64_t id = 0;
    for (const auto& r : rows) {
        feature f;
        f.id = ++id;
        f.geom = geometry::make_point({r.lon, r.lat});
        f.properties = {{"port_id", std::string(r.id)},
                        {"name", std::string(r.name)},
                        {"country_iso2", std::string(r.iso2)},
                        {"country_name", std::string(r.iso2)},
                        {"prc_operated", r.prc},
                        {"prc_groups", std::string(r.prc ? r.groups : "")},
                        {"prc_terminals", std::int64_t{r.prc ? r.terminals : 0}},
                        {"hk_operated", r.hk},
                        {"bri", r.bri},
                        {"logink", r.logink},
                        {"zpmc", r.zpmc},
                        {"zpmc_sts_count", std::int64_t{r.cranes}},
                        {"strategic", r.strategic},
                        {"importance", std::int64_t{r.importance}},
                        {"sources", std::string(r.source)}};
        ports.features.push_back(std::move(f));
    }
    feature_layer strategic;
    strategic.name = "strategic_seaports";
    strategic.geom_type = geometry_type::point;
    strategic.fields = {{"name", field_type::text},           {"state", field_type::text},           {"port_id", field_type::text},
                        {"zpmc", field_type::boolean},         {"zpmc_sts_count", field_type::integer}, {"nearest_prc_port_id", field_type::text},
                        {"nearest_prc_port_name", field_type::text}, {"nearest_prc_geodesic_nm", field_type::real}, {"source_url", field_type::text}};
    id = 0;
    for (const auto& r : rows) {
        if (!r.strategic) continue;
        feature f;
        f.id = ++id;
        f.geom = geometry::make_point({r.lon, r.lat});
        const bool east = r.lon > -100 && r.lon < 0;
        f.properties = {{"name", std::string(r.name)},
                        {"state", std::string(r.iso2)},
                        {"port_id", std::string(r.id)},
                        {"zpmc", r.zpmc},
                        {"zpmc_sts_count", std::int64_t{r.cranes}},
                        {"nearest_prc_port_id", std::string(east ? "wpi:9730" : "wpi:61010")},
                        {"nearest_prc_port_name", std::string(east ? "Kingston" : "Chancay")},
                        {"nearest_prc_geodesic_nm", east ? 900.0 : 3600.0},
                        {"source_url", std::string(r.source)}};
        strategic.features.push_back(std::move(f));
    }
    const fs::path out = dir / "harbormap.gpkg";
    layers::gpkg_writer w(out);
    w.write_layer(ports);
    w.write_layer(strategic);
    w.commit();
    return out;
}

rgb png_pixel(const fs::path& png, int x, int y) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot read " + png.string());
    cairo_surface_flush(s);
    const int stride = cairo_image_surface_get_stride(s);
    const unsigned char* d = cairo_image_surface_get_data(s);
    const auto* px = reinterpret_cast<const std::uint32_t*>(d + static_cast<std::ptrdiff_t>(y) * stride) + x;
    const std::uint32_t v = *px;
    rgb c{static_cast<int>((v >> 16) & 0xff), static_cast<int>((v >> 8) & 0xff), static_cast<int>(v & 0xff), static_cast<int>(v >> 24)};
    cairo_surface_destroy(s);
    return c;
}

std::pair<int, int> png_size(const fs::path& png) {
    cairo_surface_t* s = cairo_image_surface_create_from_png(png.c_str());
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot read " + png.string());
    std::pair<int, int> r{cairo_image_surface_get_width(s), cairo_image_surface_get_height(s)};
    cairo_surface_destroy(s);
    return r;
}

} // namespace harbormap::test
