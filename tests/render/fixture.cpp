#include "tests/render/fixture.hpp"

#include "engine/core/atomic_file.hpp"
#include "engine/core/text.hpp"
#include "engine/fusion/footprint.hpp"
#include "layers/gpkg_writer.hpp"

#include <catch2/catch.hpp>

#include <cairo.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <set>
#include <sys/wait.h>
#include <stdexcept>

namespace fs = std::filesystem;

namespace harbormap::test {

fs::path source_dir() {
    if (const char* s = std::getenv("HARBORMAP_SOURCE_DIR")) return s;
    return HARBORMAP_SOURCE_DIR;
}

std::size_t count(const std::string& hay, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
    return n;
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

namespace {
// Text and numbers, alternating: a number is an optional '-', digits and an optional fraction.
std::vector<std::string> golden_tokens(const std::string& s) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < s.size()) {
        const bool num = std::isdigit(static_cast<unsigned char>(s[i])) ||
                         (s[i] == '-' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])));
        std::size_t j = i + 1;
        if (num) {
            while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
        } else {
            while (j < s.size() && !std::isdigit(static_cast<unsigned char>(s[j])) &&
                   !(s[j] == '-' && j + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[j + 1]))))
                ++j;
        }
        out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}
bool is_number_token(const std::string& t) { return !t.empty() && (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-'); }
} // namespace

void check_golden_numbers(const std::string& name, const std::string& actual, double tolerance) {
    const fs::path golden = source_dir() / "tests" / "render" / "golden" / name;
    if (std::getenv("HARBORMAP_UPDATE_GOLDENS")) {
        check_golden(name, actual);
        return;
    }
    REQUIRE(fs::exists(golden));
    INFO("golden " << golden.string() << " (HARBORMAP_UPDATE_GOLDENS=1 to rewrite it), numbers within " << tolerance);
    const auto want = golden_tokens(read_file(golden)), got = golden_tokens(actual);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < std::min(want.size(), got.size()); ++i) {
        const bool same = is_number_token(want[i]) && is_number_token(got[i])
                              ? std::fabs(std::stod(want[i]) - std::stod(got[i])) <= tolerance
                              : want[i] == got[i];
        if (!same) FAIL("at character " << offset << ": golden '" << want[i] << "', got '" << got[i] << "'");
        offset += got[i].size();
    }
    CHECK(got.size() == want.size());
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

// A row of the fused `cranes` / `prc_equipment` layers: port_id "" and no position = a row no port took.
struct equipment_row {
    const char* id;
    const char* table; // cranes: source_table; prc_equipment: ""
    const char* port_name;
    const char* iso2;
    const char* port_id;
    const char* maker;
    const char* kind;
    int count; // 0 = not stated
    std::optional<lon_lat> at;
};

// ZPMC abroad: Piraeus (19 and 3), Rotterdam (58), Kingston (6, attached by name: the port's position),
// Lekki (no count; own coordinates, no port entity), an aggregate and an unmatched coordinate-less row;
// ZPMC at Long Beach (US) and a non-PRC crane at Savannah.  Equipment: Nuctech at Rotterdam and Kingston,
// Sany at Chancay, an unnamed maker at Hambantota, an EU-wide aggregate.
// The group keys of a fixture row's "COSCO;CMPort" text (fusion's prc_group reads the terminals' keys).
std::set<std::string> keys_of(const std::string& groups) {
    const auto parts = split(groups, ';');
    return {parts.begin(), parts.end()};
}

void write_equipment_layers(layers::gpkg_writer& w) {
    const equipment_row cranes[] = {
        {"zi-1", "zpmc_international", "Piraeus", "GR", "wpi:42230", "ZPMC", "STS", 19, lon_lat{23.61, 37.94}},
        {"zi-2", "zpmc_international", "Piraeus", "GR", "wpi:42230", "ZPMC", "STS", 3, lon_lat{23.61, 37.94}},
        {"zi-3", "zpmc_international", "Rotterdam", "NL", "wpi:47020", "ZPMC", "ASC", 58, lon_lat{4.0, 51.95}},
        {"zi-4", "zpmc_international", "Kingston", "JM", "wpi:9730", "ZPMC", "STS", 6, lon_lat{-76.8, 17.966667}},
        {"zi-5", "zpmc_international", "(aggregate) APM Terminals", "", "", "ZPMC", "STS", 27, std::nullopt},
        {"zi-6", "zpmc_international", "Dubai (port not named)", "AE", "", "ZPMC", "STS", 15, std::nullopt},
        {"zi-7", "zpmc_international", "Lekki (Lagos)", "NG", "", "ZPMC", "RTG", 0, lon_lat{3.98, 6.42}},
        {"us-1", "zpmc_us_ports", "Long Beach", "US", "wpi:16070", "ZPMC", "STS", 14, lon_lat{-118.216667, 33.75}},
        {"us-2", "other_makers_us", "Savannah", "US", "wpi:8530", "Konecranes", "STS", 4, lon_lat{-81.1, 32.083333}},
    };
    const equipment_row equipment[] = {
        {"e-1", "", "Rotterdam", "NL", "wpi:47020", "Nuctech (Tongfang Nuctech)", "cargo scanners", 0, lon_lat{4.48, 51.9}},
        {"e-2", "", "Kingston", "JM", "wpi:9730", "Nuctech", "mobile scanner", 1, lon_lat{-76.8, 17.966667}},
        {"e-3", "", "Chancay", "PE", "wpi:61010", "Sany Marine", "reach stackers", 2, lon_lat{-77.27, -11.59}},
        {"e-4", "", "(aggregate) European Union", "", "", "Nuctech", "security scanners", 0, std::nullopt},
        {"e-5", "", "Hambantota", "LK", "wpi:49255", "not named (China-aided)", "scanners", 3, lon_lat{81.133333, 6.116667}},
    };
    auto layer_of = [](const char* name, const char* id_field, const auto& rows) {
        feature_layer l;
        l.name = name;
        l.geom_type = geometry_type::point;
        l.fields = {{id_field, field_type::text}, {"source_table", field_type::text}, {"port_name", field_type::text},
                    {"country_iso2", field_type::text}, {"port_id", field_type::text}, {"maker", field_type::text},
                    {"kind", field_type::text}, {"count", field_type::integer}, {"match_status", field_type::text}};
        std::int64_t id = 0;
        for (const auto& r : rows) {
            feature f;
            f.id = ++id;
            if (r.at) f.geom = geometry::make_point(*r.at);
            f.properties = {{id_field, std::string(r.id)},
                            {"source_table", std::string(r.table)},
                            {"port_name", std::string(r.port_name)},
                            {"country_iso2", std::string(r.iso2)},
                            {"port_id", *r.port_id ? value(std::string(r.port_id)) : value()},
                            {"maker", std::string(r.maker)},
                            {"kind", std::string(r.kind)},
                            {"count", r.count > 0 ? value(std::int64_t{r.count}) : value()},
                            {"match_status", std::string(*r.port_id ? "matched" : r.at ? "curated-port" : "unmatched")}};
            l.features.push_back(std::move(f));
        }
        return l;
    };
    w.write_layer(layer_of("cranes", "row_id", cranes));
    w.write_layer(layer_of("prc_equipment", "record_id", equipment));
}

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
                    {"prc_group", field_type::text},
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
                        {"prc_group", r.prc ? value(fusion::prc_group(keys_of(r.groups))) : value()},
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
    if (o.equipment) write_equipment_layers(w);
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
