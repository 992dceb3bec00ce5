// Unit tests of engine/render: projection frame, antimeridian cutting, label placement, the three
// surfaces, with small hand-made layers.
#include "engine/core/error.hpp"
#include "engine/render/draw.hpp"
#include "engine/render/geoprep.hpp"
#include "engine/render/labels.hpp"
#include "engine/render/projection.hpp"
#include "engine/render/text.hpp"
#include "engine/products/render_presets.hpp"
#include "engine/core/atomic_file.hpp"
#include "tests/render/fixture.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace harbormap;
using namespace harbormap::render;

namespace {

using test::count;

map_document small_doc() {
    map_document doc;
    doc.title = "Test map";
    doc.subtitle = "hand-made layers";
    doc.credit = "Sources: test fixture";
    doc.countries = products::load_basemap(test::source_dir() / "data");
    panel pn;
    pn.area = {20, 60, 800, 400};
    pn.extent = {-180, -60, 180, 85};
    map_layer ports;
    ports.id = "ports";
    ports.title = "Ports";
    ports.classes.push_back({"Red port", point_style{marker::circle, 8, rgba::hex("#ff0000"), rgba::hex("#ffffff"), 0.5}, {}, {}});
    ports.classes.push_back({"Blue port", point_style{marker::square, 8, rgba::hex("#0000ff"), rgba::hex("#ffffff"), 0.5}, {}, {}});
    ports.label_font.size = 7;
    ports.label_font.halo_width = 1;
    ports.items.push_back({geometry::make_point({23.65, 37.93}), 0, "Piraeus", 10, "piraeus"});
    ports.items.push_back({geometry::make_point({-118.2167, 33.75}), 1, "Long Beach", 9, "longbeach"});
    ports.items.push_back({geometry::make_point({121.5, 31.2}), 0, "上海", 8, "shanghai"});
    ports.items.push_back({geometry::make_point({39.17, 21.48}), 1, "جدة", 7, "jeddah"});
    pn.layers.push_back(ports);
    doc.panels.push_back(pn);
    return doc;
}

} // namespace

TEST_CASE("parse_bbox validates and names the option", "[unit]") {
    auto b = parse_bbox("-10,30,40,60");
    CHECK(b.min_lon == -10);
    CHECK(b.max_lat == 60);
    CHECK(parse_bbox("170,-30,-170,10").min_lon == 170); // crosses the antimeridian
    CHECK_THROWS_AS(parse_bbox("1,2,3"), usage_error);
    CHECK_THROWS_AS(parse_bbox("a,2,3,4"), usage_error);
    CHECK_THROWS_AS(parse_bbox("0,50,10,40"), usage_error);
    CHECK_THROWS_WITH(parse_bbox("0,50,10,40"), Catch::Contains("--bbox"));
}

TEST_CASE("projection accepts PROJ strings and CRSs, rejects garbage", "[unit]") {
    projection ee("+proj=eqearth");
    auto o = ee.forward({0, 0});
    REQUIRE(o);
    CHECK(o->x == Approx(0).margin(1e-6));
    auto p = ee.forward({23.65, 37.93});
    REQUIRE(p);
    CHECK(p->x > 1e6);
    CHECK(p->y > 1e6);
    projection wm("EPSG:3857");
    auto q = wm.forward({180, 0});
    REQUIRE(q);
    CHECK(q->x == Approx(20037508.34).epsilon(1e-6));
    CHECK(wm.is_mercator());
    CHECK_THROWS_AS(projection("+proj=nonsense"), usage_error);
    CHECK(projection("+proj=aea +lat_1=29.5 +lat_2=45.5 +lon_0=-96").central_meridian() == -96);
}

TEST_CASE("frame fits the extent into the page rectangle", "[unit]") {
    const rect area{10, 20, 400, 300};
    frame f("+proj=eqearth", {-180, -90, 180, 90}, area);
    CHECK(f.whole_world());
    auto c = f.to_page({0, 0});
    REQUIRE(c);
    CHECK(c->x == Approx(area.x + area.w / 2).margin(0.5));
    CHECK(c->y == Approx(area.y + area.h / 2).margin(0.5));
    for (double lon : {-179.9, 179.9})
        for (double lat : {-89.0, 0.0, 89.0}) {
            auto q = f.to_page({lon, lat});
            REQUIRE(q);
            CHECK(area.inflated(0.01).contains(q->x, q->y));
        }
    // east is right, north is up
    CHECK(f.to_page({10, 0})->x > c->x);
    CHECK(f.to_page({0, 10})->y < c->y);
}

TEST_CASE("lines crossing the antimeridian are split, not smeared", "[unit]") {
    auto parts = split_at_antimeridian({{170, 10}, {-170, 20}});
    REQUIRE(parts.size() == 2);
    CHECK(parts[0].back().lon == 180);
    CHECK(parts[0].back().lat == Approx(15));
    CHECK(parts[1].front().lon == -180);
    auto wrapped = split_at_antimeridian({{175, 60}, {185, 62}}); // marnet style lon > 180
    REQUIRE(wrapped.size() == 2);
    CHECK(wrapped[1].back().lon == Approx(-175));
}

TEST_CASE("basemap polygons are cut at the projection's seam (Pacific-centred map)", "[unit]") {
    const auto countries = products::load_basemap(test::source_dir() / "data");
    REQUIRE(countries.size() > 200);
    const rect area{0, 0, 1000, 500};
    for (const char* def : {"+proj=eqearth +lon_0=150", "+proj=eqearth +lon_0=0", "+proj=robin +lon_0=-90"}) {
        frame f(def, {-180, -90, 180, 90}, area);
        geo_projector gp(f);
        const auto shapes = gp.polygons(countries);
        REQUIRE(shapes.size() >= countries.size() / 2);
        // a smeared polygon would have an edge spanning a large part of the map's width
        double worst = 0;
        for (const auto& s : shapes)
            for (const auto& ringp : s)
                for (std::size_t i = 0; i + 1 < ringp.size(); ++i) worst = std::max(worst, std::abs(ringp[i + 1].x - ringp[i].x));
        INFO(def);
        CHECK(worst < area.w * 0.1);
    }
}

TEST_CASE("collision index and greedy placement never overlap labels", "[unit]") {
    collision_index idx(10);
    idx.insert({0, 0, 10, 10}, 1);
    CHECK(idx.hits({5, 5, 10, 10}));
    CHECK_FALSE(idx.hits({5, 5, 10, 10}, 1)); // own symbol ignored
    CHECK_FALSE(idx.hits({20, 20, 5, 5}));

    // a tight cluster of 40 points: not all fit, those placed must not overlap anything
    collision_index index(12);
    std::vector<label_request> rq;
    for (int i = 0; i < 40; ++i) {
        label_request r;
        r.text = "Port number " + std::to_string(i);
        r.x = 200 + (i % 8) * 9;
        r.y = 200 + (i / 8) * 7;
        r.radius = 2;
        r.priority = 40 - i;
        r.owner = i;
        r.font.size = 7;
        r.bounds = {0, 0, 600, 400};
        index.insert({r.x - 2, r.y - 2, 4, 4}, i);
        rq.push_back(r);
    }
    const auto placed = place_labels(rq, index);
    CHECK(placed.placed.size() + placed.dropped.size() == 40);
    CHECK(placed.placed.size() >= 5);
    CHECK_FALSE(placed.dropped.empty());
    CHECK(placed.overlap_free());
    // highest priority first
    CHECK(placed.placed.front().text == "Port number 0");
    // and none covers a symbol other than its own
    for (const auto& l : placed.placed)
        for (const auto& r : rq)
            if (r.text != l.text) CHECK_FALSE(l.box.intersects(rect{r.x - 2, r.y - 2, 4, 4}));
}

namespace {
// A 6 pt label for a point symbol of radius 2.5 pt at (x, y) on a 600 x 400 pt page.
label_request point_request(const std::string& text, double x, double y, double prio, long owner) {
    label_request r;
    r.text = text;
    r.x = x;
    r.y = y;
    r.radius = 2.5;
    r.priority = prio;
    r.owner = owner;
    r.font.size = 6;
    r.bounds = {0, 0, 600, 400};
    return r;
}
} // namespace

TEST_CASE("labels with leaders: next to their own symbol, or moved with a leader line; never nearer another symbol", "[unit]") {
    // a tight cluster (symbols 3 pt apart, as Wilmington and Sunny Point) and an isolated symbol
    collision_index index(12);
    label_options lo;
    lo.max_leader = 50;
    std::vector<label_request> rq;
    auto add = [&](const std::string& text, double x, double y, double prio) {
        const label_request r = point_request(text, x, y, prio, static_cast<long>(rq.size()));
        index.insert({x - 2.5, y - 2.5, 5, 5}, r.owner);
        lo.symbols.push_back({x, y, 2.5, r.owner});
        rq.push_back(r);
    };
    for (int i = 0; i < 6; ++i) add("Cluster port " + std::to_string(i), 300, 200 + i * 3.0, 10 - i);
    add("Alone", 100, 100, 1);
    const auto res = place_labels(rq, index, lo);
    CHECK(res.dropped.empty());
    CHECK(res.placed.size() == 7);
    CHECK(res.overlap_free());
    std::size_t leaders = 0;
    for (const auto& l : res.placed) {
        INFO(l.text << " gap " << l.gap());
        if (l.text == "Alone") CHECK_FALSE(l.leader);
        if (l.leader) {
            ++leaders;
            CHECK(l.gap() > lo.near_gap);
            CHECK(l.gap() <= lo.max_leader + 1);
            CHECK(distance_to(l.box, l.leader_x1, l.leader_y1) < 1.0);
        } else {
            CHECK(l.gap() <= lo.near_gap);
            // no other symbol is as close to the text as its own
            for (const auto& s : lo.symbols) {
                if (s.x == l.anchor_x && s.y == l.anchor_y) continue;
                CHECK(distance_to(l.box, s.x, s.y) - s.r > l.gap());
            }
        }
        // and no label covers another symbol
        for (const auto& s : lo.symbols)
            if (s.x != l.anchor_x || s.y != l.anchor_y) CHECK_FALSE(l.box.intersects(rect{s.x - s.r, s.y - s.r, 2 * s.r, 2 * s.r}));
    }
    CHECK(leaders >= 3); // six names cannot all sit next to a 15 pt column of dots
    // without leaders the same cluster loses names
    collision_index plain(12);
    for (const auto& r : rq) plain.insert({r.x - 2.5, r.y - 2.5, 5, 5}, r.owner);
    CHECK_FALSE(place_labels(rq, plain).dropped.empty());
}

TEST_CASE("a name is written once per place: two symbols of one name close together get one label", "[unit]") {
    // Singapore's two WPI entries (Keppel and Jurong Island) share the name and sit a fraction of a point apart
    // on a world map; a port of the same name far away keeps its own label
    collision_index index(12);
    std::vector<label_request> rq;
    auto add = [&](const std::string& text, double x, double y, double prio, int panel = 0) {
        label_request r = point_request(text, x, y, prio, static_cast<long>(rq.size()));
        r.panel = panel;
        index.insert({x - 2.5, y - 2.5, 5, 5}, r.owner);
        rq.push_back(r);
    };
    add("Singapore", 300, 200, 20);
    add("Singapore", 300.4, 200.2, 10);
    add("Singapore", 500, 100, 5);        // far away: its own label
    add("Singapore", 300.2, 200.1, 8, 1); // another panel (an inset): its own label
    const auto res = place_labels(rq, index);
    CHECK(res.placed.size() == 3);
    CHECK(res.dropped.empty());
    // with the rule off every request is placed (or dropped for space)
    collision_index again(12);
    for (const auto& r : rq) again.insert({r.x - 2.5, r.y - 2.5, 5, 5}, r.owner);
    label_options off;
    off.same_name_within = 0;
    const auto all = place_labels(rq, again, off);
    CHECK(all.placed.size() + all.dropped.size() == 4);
}

TEST_CASE("names in CJK and Arabic script have fonts (no tofu)", "[unit]") {
    font_spec f;
    for (const char* name : {"上海", "جدة", "Piraeus", "Lázaro Cárdenas", "釜山", "Đà Nẵng"}) {
        const auto e = measure_text(name, f);
        INFO(name);
        CHECK(e.unknown_glyphs == 0);
        CHECK(e.width > 0);
    }
}

TEST_CASE("label text scales with the font size: glyph positions are not rounded to whole points", "[unit]") {
    // The PNG and PDF pages are cairo surfaces scaled to the dpi (150/72 for the maps); rounding each glyph
    // to a whole point of user space moved glyphs by up to 2 px and swallowed word spaces ("PortSaid").
    // A 7 pt label must measure 7/70 of the same label at 70 pt, which is laid out at a scale where
    // rounding is negligible.
    for (const char* name : {"Port Said", "Ho Chi Minh City", "Muuga-Port of Tallin", "Hambantota"}) {
        font_spec small, large;
        large.size = 70.0;
        small.bold = large.bold = true;
        const double w7 = measure_text(name, small).width, w70 = measure_text(name, large).width;
        INFO(name << ": " << w7 << " pt at 7 pt, " << w70 << " pt at 70 pt");
        CHECK(w7 == Approx(w70 / 10).epsilon(0.01));
    }
}

TEST_CASE("a hand-made map renders to PNG, SVG and PDF", "[unit][golden]") {
    const auto dir = test::temp_dir("small");
    const map_document doc = small_doc();

    SECTION("SVG structure: groups, legend entries, labels as text") {
        const auto r = render_map(doc, dir / "m.svg");
        CHECK(r.format == output_format::svg);
        const std::string svg = read_file(dir / "m.svg");
        CHECK(svg.rfind("<?xml", 0) == 0);
        for (const char* id : {"id=\"background\"", "id=\"panel-main\"", "id=\"main-basemap\"", "id=\"main-graticule\"",
                               "id=\"layer-ports\"", "id=\"legend\"", "id=\"labels\"", "id=\"title\"", "id=\"credit\""})
            CHECK(count(svg, id) == 1);
        CHECK(count(svg, ">Red port (2)</text>") == 1);
        CHECK(count(svg, ">Blue port (2)</text>") == 1);
        CHECK(count(svg, ">Test map</text>") == 1);
        for (const auto& l : r.labels.placed) CHECK(count(svg, ">" + l.text + "</text>") == 1);
        CHECK(r.labels.placed.size() == 4);
        CHECK(r.labels.overlap_free());
        CHECK(count(svg, "<circle") >= 2);
    }
    SECTION("PNG size follows page and dpi; ports are drawn where the frame puts them") {
        map_document d = doc;
        d.page.dpi = 100;
        const auto r = render_map(d, dir / "m.png");
        const auto [w, h] = test::png_size(dir / "m.png");
        CHECK(w == d.page.width_px());
        CHECK(h == d.page.height_px());
        CHECK(w == r.width_px);
        CHECK(w == 1169); // 842 pt at 100 dpi
        const frame f = make_frame(d.panels[0]);
        const double s = d.page.dpi / 72.0;
        auto piraeus = f.to_page({23.65, 37.93});
        REQUIRE(piraeus);
        auto px = test::png_pixel(dir / "m.png", static_cast<int>(piraeus->x * s), static_cast<int>(piraeus->y * s));
        CHECK(px.r > 200);
        CHECK(px.g < 60);
        CHECK(px.b < 60);
        auto lb = f.to_page({-118.2167, 33.75});
        REQUIRE(lb);
        px = test::png_pixel(dir / "m.png", static_cast<int>(lb->x * s), static_cast<int>(lb->y * s));
        CHECK(px.b > 200);
        CHECK(px.r < 60);
        // open ocean south of Africa is sea colour, not a symbol
        auto sea = f.to_page({20, -45});
        px = test::png_pixel(dir / "m.png", static_cast<int>(sea->x * s), static_cast<int>(sea->y * s));
        CHECK(px.b > px.r);
        CHECK(px.r > 180);
    }
    SECTION("PDF has one page") {
        render_map(doc, dir / "m.pdf");
        const std::string pdf = read_file(dir / "m.pdf");
        CHECK(pdf.rfind("%PDF-", 0) == 0);
        CHECK(count(pdf, "/Type /Page\n") + count(pdf, "/Type /Page ") + count(pdf, "/Type /Page>") >= 1);
        std::regex pages("/Type\\s*/Page[^s]");
        CHECK(std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), pages), std::sregex_iterator()) == 1);
    }
    SECTION("cairo's SVG surface works too") {
        render_options o;
        o.cairo_svg = true;
        render_map(doc, dir / "c.svg", o);
        CHECK(read_file(dir / "c.svg").find("<svg") != std::string::npos);
    }
    SECTION("unknown extension is a usage error") {
        CHECK_THROWS_AS(render_map(doc, dir / "m.gif"), usage_error);
    }
}

TEST_CASE("legend columns: a group that does not fit what is left of a column starts the next one", "[unit]") {
    // A legend area of 8 rows; group A has a heading and 5 classes (6 rows), group B a heading and 4 (5 rows).
    // B would have 2 rows left in the first column: it starts the second, whole; a group longer than a column
    // (C, 9 rows) is still split rather than dropped.
    const auto dir = test::temp_dir("legend-groups");
    map_document doc = small_doc();
    doc.panels[0].layers.clear();
    doc.legend.area = {20, 470, 800, 2 * 5 + 8 * 9.5};
    auto group = [&](const std::string& id, int classes, double lon) {
        map_layer l;
        l.id = id;
        l.title = "Group " + id;
        for (int k = 0; k < classes; ++k) {
            l.classes.push_back({id + " class " + std::to_string(k), point_style{marker::circle, 6, rgba::hex("#ff0000"), rgba::hex("#ffffff"), 0.5}, {}, {}});
            l.items.push_back({geometry::make_point({lon + k, 10.0 * (k % 5)}), k, "", 0, ""});
        }
        return l;
    };
    // layers draw bottom-up; the legend lists the top layer first
    doc.panels[0].layers = {group("c", 8, 60), group("b", 4, 0), group("a", 5, -60)};
    render_map(doc, dir / "legend.svg");
    const std::string svg = read_file(dir / "legend.svg");
    auto x_of = [&](const std::string& text) {
        std::smatch m;
        const std::regex re("<text x=\"([-0-9.]+)\"[^>]*>" + text + "</text>");
        REQUIRE(std::regex_search(svg, m, re));
        return std::stod(m[1]);
    };
    // a class row's text stands a symbol's width (12 pt) right of its column's left edge, a heading's at it
    auto column_of_class = [&](const std::string& text) { return x_of(text) - 12; };
    const double a = x_of("Group a"), b = x_of("Group b"), c = x_of("Group c");
    CHECK(b > a);                                               // B opens the second column
    CHECK(column_of_class("b class 0 \\(1\\)") == Approx(b)); // none of its rows left behind in the first
    CHECK(column_of_class("b class 3 \\(1\\)") == Approx(b));
    CHECK(column_of_class("a class 4 \\(1\\)") == Approx(a));
    // C (9 rows) fits no column: it follows B and is split
    CHECK(c == Approx(b));
    CHECK(column_of_class("c class 7 \\(1\\)") > b);
}

TEST_CASE("wrap_text breaks at word boundaries by pango, each line within the width, nothing lost", "[unit]") {
    font_spec f;
    f.size = 6;
    const std::string text = "Not mapped (no position in the footprint): Galang Batang (Bintan), ID (id-bintan-bai-nanshan); "
                             "Kendawangan (Ketapang), ID (id-kendawangan-whw-hongqiao); Obi Island (Kawasi), ID (id-obi-hpl-lygend).";
    const auto lines = wrap_text(text, f, 200);
    REQUIRE(lines.size() >= 2);
    std::string joined, squeezed;
    for (const auto& l : lines) {
        INFO(l);
        CHECK(measure_text(l, f).width <= 200);
        CHECK(!l.empty());
        CHECK(l.back() != ' ');
        for (char c : l)
            if (c != ' ') joined += c;
    }
    for (char c : text)
        if (c != ' ') squeezed += c;
    CHECK(joined == squeezed);
    CHECK(wrap_text(text, f, 10000).size() == 1);
    CHECK(wrap_text("", f, 200).empty());
    // a word wider than the width alone is broken between characters, never drawn past it
    for (const auto& l : wrap_text(std::string(80, 'W'), f, 100)) CHECK(measure_text(l, f).width <= 100);
}

TEST_CASE("the footnote and credit wrap at one legible size above the page's bottom margin, never shrunk", "[unit]") {
    // Before, each was a single line shrunk to fit the width: 3.5 pt on an A4 portrait world map.
    map_document doc;
    doc.page.width_pt = 595;
    doc.page.height_pt = 842;
    doc.credit = "Sources: harbormap footprint (curated from cited public sources; see report for each figure's links); "
                 "ports: NGA World Port Index (Pub. 150); basemap: Natural Earth via world-atlas. Projection: Equal Earth.";
    const auto credit_only = layout_footer(doc);
    REQUIRE(credit_only.size() == 2);
    doc.footnote = "Not mapped: " + std::string("Some Port (some-port-id); ") + "Another Harbour (another-harbour-id); Third Terminal (third-terminal-id); "
                   "Fourth Wharf (fourth-wharf-id); Fifth Quay (fifth-quay-id); Sixth Pier (sixth-pier-id); Seventh Dock (seventh-dock-id).";
    const auto lines = layout_footer(doc);
    REQUIRE(lines.size() >= 4);
    const double m = page_margin(doc.page);
    CHECK(footer_font_size(doc.page) == 6.0);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        INFO(lines[i].text);
        CHECK(lines[i].size == 6.0);
        CHECK(lines[i].box.x == Approx(m));
        CHECK(lines[i].box.right() <= doc.page.width_pt - m + 0.01);
        if (i > 0) CHECK(lines[i].box.y >= lines[i - 1].box.bottom()); // top-down, no overlap
        CHECK(lines[i].credit == (i >= lines.size() - credit_only.size()));
    }
    CHECK(lines.back().box.bottom() == Approx(doc.page.height_pt - m * 0.5));
    CHECK(footer_height(doc) == Approx(doc.page.height_pt - m * 0.5 - lines.front().box.y + 8));
    // wider pages: larger, up to 7 pt (A3 landscape)
    doc.page.width_pt = 1191;
    CHECK(footer_font_size(doc.page) == 7.0);
}
