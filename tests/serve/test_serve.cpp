// harbormap serve: the server in-process on a free port (started once for this executable), driven over
// HTTP with httplib's client, on a real build of the shipped data (fixture: prepare.sh); and the binary
// stopped by SIGINT/SIGTERM.
#include "engine/products/serve/server.hpp"
#include "tiles/compress.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <future>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace harbormap::products::serve;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) FAIL(std::string("environment variable ") + name + " is not set (run through ctest)");
    return v;
}

fs::path work() { return env("HARBORMAP_SERVE_WORK"); }
fs::path source() { return env("HARBORMAP_SOURCE_DIR"); }
fs::path vendor() {
    const char* c = std::getenv("HARBORMAP_WEB_CACHE");
    const char* home = std::getenv("HOME");
    return (c && *c ? fs::path(c) : fs::path(home ? home : "/tmp") / ".cache/harbormap-web") / "node_modules";
}

// One server for the whole executable.
struct running_server {
    std::ostringstream log;
    std::unique_ptr<server> s;
    std::thread t;
    int port = 0;
    running_server() {
        server_options o;
        o.out_dir = work() / "out";
        o.web_dir = source() / "engine/products/serve/web";
        o.vendor_dir = vendor();
        o.data_dir = source() / "data";
        o.mappings_dir = source() / "layers/mappings";
        o.port = 0;
        o.threads = 16;
        o.access_log = false;
        s = std::make_unique<server>(o, log);
        port = s->bind();
        t = std::thread([this] { s->listen(); });
    }
    ~running_server() {
        s->stop();
        t.join();
    }
};

running_server& srv() {
    static running_server r;
    return r;
}

httplib::Client client() {
    httplib::Client c("127.0.0.1", srv().port);
    c.set_read_timeout(30);
    return c;
}

json get_json(const std::string& path, int expect) {
    auto c = client();
    auto r = c.Get(path);
    REQUIRE(r);
    INFO(path << " -> " << r->status << " " << r->body.substr(0, 300));
    CHECK(r->status == expect);
    CHECK(r->get_header_value("Content-Type") == "application/json");
    return json::parse(r->body);
}

} // namespace

TEST_CASE("viewer, style and TileJSON") {
    auto c = client();
    auto page = c.Get("/");
    REQUIRE(page);
    CHECK(page->status == 200);
    CHECK(page->get_header_value("Content-Type").rfind("text/html", 0) == 0);
    CHECK(page->body.find("vendor/maplibre-gl.js") != std::string::npos);
    for (const char* f : {"/app.js", "/app.css", "/vendor/maplibre-gl.js", "/vendor/maplibre-gl.css", "/vendor/pmtiles.js",
                          "/vendor/maplibre-gl.LICENSE.txt", "/vendor/pmtiles.LICENSE.txt"}) {
        auto r = c.Get(f);
        REQUIRE(r);
        INFO(f);
        CHECK(r->status == 200);
        CHECK(r->body.size() > 100);
    }
    CHECK(c.Get("/vendor/pmtiles.LICENSE.txt")->body.find("BSD-3-Clause") != std::string::npos);

    const json style = get_json("/style.json", 200);
    CHECK(style["version"] == 8);
    const std::string src = style["sources"]["harbormap"]["url"];
    CHECK(src == "http://127.0.0.1:" + std::to_string(srv().port) + "/tilejson.json");
    // the colours are the build's: same layers as out/styles/harbormap.style.json
    const json built = json::parse(std::ifstream(work() / "out/styles/harbormap.style.json"));
    CHECK(style["layers"] == built["layers"]);
    // every drawn layer carries its legend text (the same words as the QGIS rule labels)
    for (const auto& l : style["layers"]) {
        if (!l.contains("source-layer")) continue;
        INFO(l["id"]);
        CHECK(!l["metadata"]["harbormap:label"].get<std::string>().empty());
    }

    // labels: the style's glyphs are the server's, one range file per label font, as the build wrote them
    CHECK(built["glyphs"] == "glyphs/{fontstack}/{range}.pbf");
    CHECK(style["glyphs"] == "http://127.0.0.1:" + std::to_string(srv().port) + "/glyphs/{fontstack}/{range}.pbf");
    int symbol_layers = 0;
    for (const auto& l : style["layers"]) {
        if (l["type"] != "symbol") continue;
        ++symbol_layers;
        const std::string font = l["layout"]["text-font"][0];
        INFO(font);
        std::string url_font;
        for (const char ch : font) url_font += ch == ' ' ? std::string("%20") : std::string(1, ch);
        auto g = c.Get("/glyphs/" + url_font + "/0-255.pbf");
        REQUIRE(g);
        CHECK(g->status == 200);
        CHECK(g->get_header_value("Content-Type") == "application/x-protobuf");
        std::ifstream in(work() / "out/glyphs" / font / "0-255.pbf", std::ios::binary);
        CHECK(g->body == std::string(std::istreambuf_iterator<char>(in), {}));
    }
    CHECK(symbol_layers == 4);
    CHECK(c.Get("/glyphs/Noto%20Sans%20Bold/65280-65535.pbf")->status == 404);

    const json tj = get_json("/tilejson.json", 200);
    CHECK(tj["tilejson"] == "3.0.0");
    CHECK(tj["tiles"][0] == "http://127.0.0.1:" + std::to_string(srv().port) + "/tiles/{z}/{x}/{y}.pbf");
    CHECK(tj["minzoom"] == 0);
    CHECK(tj["maxzoom"] == 8);
    CHECK(tj["vector_layers"].size() >= 3);
    const json facets = get_json("/facets.json", 200);
    CHECK(std::find(facets["groups"].begin(), facets["groups"].end(), "COSCO") != facets["groups"].end());
    // the viewer's status filter offers terminal statuses (as `ports list --status`), not a LOGINK agreement's
    CHECK(facets["statuses"] == json::array({"active", "cancelled", "divested", "pending", "under_construction"}));
    CHECK(get_json("/config.json", 200)["mode"] == "server");
}

TEST_CASE("tiles: gzip, ETag, Cache-Control, 304, 204, grid errors") {
    auto c = client();
    // Piraeus is in z6 tile 36/24
    auto gz = c.Get("/tiles/6/36/24.pbf", {{"Accept-Encoding", "gzip"}});
    REQUIRE(gz);
    REQUIRE(gz->status == 200);
    CHECK(gz->get_header_value("Content-Type") == "application/x-protobuf");
    CHECK(gz->get_header_value("Cache-Control").find("max-age") != std::string::npos);
    const std::string etag = gz->get_header_value("ETag");
    CHECK(etag.size() == 18);
    // httplib's client inflates; the body is the MVT, which names the port
    CHECK(gz->body.find("Piraievs") != std::string::npos);
    auto plain = c.Get("/tiles/6/36/24.pbf", {{"Accept-Encoding", "identity"}});
    REQUIRE(plain);
    CHECK(plain->get_header_value("Content-Encoding").empty());
    CHECK(plain->body == gz->body);
    // raw bytes over a socket-level client without decompression: gzip magic
    httplib::Client raw("127.0.0.1", srv().port);
    raw.set_decompress(false);
    auto rz = raw.Get("/tiles/6/36/24.pbf", {{"Accept-Encoding", "gzip"}});
    REQUIRE(rz);
    CHECK(rz->get_header_value("Content-Encoding") == "gzip");
    CHECK(harbormap::tiles::is_gzip(rz->body));
    CHECK(harbormap::tiles::gzip_decompress(rz->body) == plain->body);
    auto nm = c.Get("/tiles/6/36/24.pbf", {{"If-None-Match", etag}});
    REQUIRE(nm);
    CHECK(nm->status == 304);
    CHECK(nm->body.empty());

    CHECK(get_json("/tiles/3/8/1.pbf", 400)["status"] == "bad_request"); // x >= 2^z
    CHECK(get_json("/tiles/31/0/0.pbf", 400)["status"] == "bad_request");
    CHECK(get_json("/tiles/9/0/0.pbf", 404)["status"] == "not_found"); // beyond maxzoom 8
    CHECK(get_json("/tiles/a/b/c.pbf", 400)["status"] == "bad_request");
    CHECK(get_json("/tiles/1/0/99999999999999.pbf", 400)["status"] == "bad_request");
    // a tile in the grid that holds no feature: 204, no body
    int empty = 0;
    for (int x = 0; x < 256 && !empty; ++x) {
        auto r = c.Get("/tiles/8/" + std::to_string(x) + "/0.pbf");
        REQUIRE(r);
        if (r->status == 204) {
            ++empty;
            CHECK(r->body.empty());
        } else {
            CHECK(r->status == 200);
        }
    }
    CHECK(empty == 1);
}

TEST_CASE("tile store: memory and SQLite reads agree") {
    const auto mb = work() / "out/harbormap.mbtiles";
    const tile_store mem(mb), disk(mb, 0);
    CHECK(mem.preloaded());
    CHECK(!disk.preloaded());
    std::size_t found = 0;
    for (std::uint32_t z = 0; z <= 8; ++z)
        for (std::uint32_t i = 0; i < 40; ++i) {
            const harbormap::tiles::tile_id t{z, (i * 37u) % (1u << z), (i * 11u) % (1u << z)};
            const auto a = mem.get(t), b = disk.get(t);
            REQUIRE(a.has_value() == b.has_value());
            if (!a) continue;
            ++found;
            CHECK(a->data == b->data);
            CHECK(a->etag == b->etag);
            CHECK(a->gzipped);
        }
    CHECK(found > 100);
}

TEST_CASE("200 parallel tile requests are all answered") {
    std::vector<std::future<int>> jobs;
    for (int i = 0; i < 200; ++i)
        jobs.push_back(std::async(std::launch::async, [i] {
            httplib::Client c("127.0.0.1", srv().port);
            c.set_connection_timeout(10);
            c.set_read_timeout(30);
            const int z = 2 + i % 5, n = 1 << z;
            auto r = c.Get("/tiles/" + std::to_string(z) + "/" + std::to_string((i * 7) % n) + "/" + std::to_string((i * 3) % n) + ".pbf",
                           {{"Accept-Encoding", "gzip"}});
            return r ? r->status : -1;
        }));
    int ok = 0;
    for (auto& j : jobs) {
        const int st = j.get();
        if (st == 200 || st == 204) ++ok;
        else FAIL_CHECK("tile request answered " << st);
    }
    CHECK(ok == 200);
}

TEST_CASE("PMTiles with range requests") {
    auto c = client();
    const auto size = fs::file_size(work() / "out/harbormap.pmtiles");
    auto head = c.Get("/harbormap.pmtiles", {{"Range", "bytes=0-126"}});
    REQUIRE(head);
    CHECK(head->status == 206);
    CHECK(head->body.size() == 127);
    CHECK(head->body.substr(0, 7) == "PMTiles");
    CHECK(head->body[7] == 3);
    CHECK(head->get_header_value("Content-Range") == "bytes 0-126/" + std::to_string(size));
    CHECK(head->get_header_value("Accept-Ranges") == "bytes");
    std::ifstream f(work() / "out/harbormap.pmtiles", std::ios::binary);
    std::string all((std::istreambuf_iterator<char>(f)), {});
    auto mid = c.Get("/harbormap.pmtiles", {{"Range", "bytes=1000-1999"}});
    REQUIRE(mid);
    CHECK(mid->status == 206);
    CHECK(mid->body == all.substr(1000, 1000));
    auto tail = c.Get("/harbormap.pmtiles", {{"Range", "bytes=-100"}});
    REQUIRE(tail);
    CHECK(tail->status == 206);
    CHECK(tail->body == all.substr(all.size() - 100));
    auto whole = c.Get("/harbormap.pmtiles");
    REQUIRE(whole);
    CHECK(whole->status == 200);
    CHECK(whole->body == all);
    auto bad = c.Get("/harbormap.pmtiles", {{"Range", "bytes=" + std::to_string(size + 10) + "-" + std::to_string(size + 20)}});
    REQUIRE(bad);
    CHECK(bad->status == 416);
    // the 416 carries one Content-Range (bytes */size) and its JSON body (httplib added a second
    // Content-Range and cut the body to nothing)
    CHECK(bad->get_header_value_count("Content-Range") == 1);
    CHECK(bad->get_header_value("Content-Range") == "bytes */" + std::to_string(size));
    CHECK(json::parse(bad->body)["status"] == "range_not_satisfiable");
    // a range whose end lies past the file ends at its last byte (RFC 9110 14.1.2): GDAL's /vsicurl/ and
    // pmtiles.js ask for fixed-size chunks.  It was answered "bytes 100-(size+99)/size" with a
    // Content-Length past the file and the connection closed after the file's bytes (curl: exit 18)
    const auto from = size - 100;
    auto over = c.Get("/harbormap.pmtiles", {{"Range", "bytes=" + std::to_string(from) + "-" + std::to_string(size + 16383)}});
    REQUIRE(over);
    CHECK(over->status == 206);
    CHECK(over->get_header_value("Content-Range") == "bytes " + std::to_string(from) + "-" + std::to_string(size - 1) + "/" + std::to_string(size));
    CHECK(over->body == all.substr(from));
}

TEST_CASE("API: ports") {
    const json p = get_json("/api/ports/GRPIR", 200);
    CHECK(p["port_id"] == "wpi:42230");
    CHECK(p["prc_operated"] == true);
    CHECK(std::abs(p["lon"].get<double>() - 23.6) < 0.2);
    CHECK(std::abs(p["lat"].get<double>() - 37.9) < 0.2);
    REQUIRE(p["provenance"].size() >= 2);
    CHECK(p["provenance"][0]["source_url"].get<std::string>().rfind("http", 0) == 0);
    REQUIRE(p["facts"]["terminals"].size() >= 2);
    CHECK(!p["facts"]["terminals"][0]["source_url"].get<std::string>().empty());
    CHECK(p["bri_projects"].is_number()); // the port's own count, not clobbered by the fact rows
    // every fact layer `ports show` lists, each row once: the ZPMC crane rows abroad with their count and date
    REQUIRE(p["facts"].contains("cranes"));
    bool pct = false;
    for (const auto& c : p["facts"]["cranes"]) {
        CHECK(c["source_table"] != "zpmc"); // the US ZPMC rows are under zpmc_cranes
        if (c["row_id"] == "gr-piraeus-pct") pct = c["count"] == 19 && c["source_date"] == "2020-06-02";
    }
    CHECK(pct);
    const json lgb = get_json("/api/ports/USLGB", 200);
    CHECK(lgb["facts"]["crane_orders"].size() >= 2);
    CHECK(lgb["facts"]["cranes"].size() == 1); // other makers' row; the 3 ZPMC rows are zpmc_cranes
    CHECK(lgb["facts"]["zpmc_cranes"].size() == 3);
    CHECK(get_json("/api/ports/ZADUR", 200)["facts"]["prc_equipment"].size() == 1);
    CHECK(get_json("/api/ports/wpi%3A42230", 200)["unlocode"] == "GRPIR");
    CHECK(get_json("/api/ports/ZZZZZ-no-such-port", 404)["status"] == "port_not_found");
    // a name with a slash, percent-encoded, is a port id like any other ('no API /api/ports/Sidon/zahrani ...' before)
    CHECK(get_json("/api/ports/Sidon%2Fzahrani%20Terminal", 200)["port_id"] == "wpi:45036");
    CHECK(get_json("/api/deps/Sidon%2Fzahrani%20Terminal", 200)[0]["port_id"] == "wpi:45036");

    const json prc = get_json("/api/ports?prc=true&limit=1000", 200);
    CHECK(prc["total"].get<int>() > 50);
    for (const auto& row : prc["ports"]) CHECK(row["prc_operated"] == true);
    const json gr = get_json("/api/ports?prc=1&country=gr", 200);
    bool piraeus = false;
    for (const auto& row : gr["ports"]) {
        CHECK(row["country_iso2"] == "GR");
        piraeus = piraeus || row["unlocode"] == "GRPIR";
    }
    CHECK(piraeus);
    const json cosco = get_json("/api/ports?group=COSCO&min_confidence=high&status=active", 200);
    CHECK(cosco["total"].get<int>() > 5);
    CHECK(cosco["total"].get<int>() < prc["total"].get<int>());
    // group= as `ports list --group`: a key, case aside, or a group of the maps' legends (China Merchants: the
    // keys CMPort and CMPort-TerminalLink, fusion::prc_group's rule); one neither is a 400 listing the keys by group
    const auto ids = [&](const std::string& q) {
        const json j = get_json("/api/ports?limit=1000&" + q, 200);
        std::set<std::string> out;
        for (const auto& row : j["ports"]) out.insert(row["port_id"].get<std::string>());
        return out;
    };
    std::set<std::string> cm = ids("group=cmport");
    for (const auto& id : ids("group=CMPort-TerminalLink")) cm.insert(id);
    CHECK(cm.size() > ids("group=CMPort").size());
    CHECK(ids("group=China%20Merchants") == cm);
    CHECK(ids("group=China%20Merchants%20Port") == cm);
    CHECK(ids("group=CCCC%20%2F%20China%20Harbour") == ids("group=CCCC"));
    const std::string hutchison = get_json("/api/ports?group=Hutchison", 400)["message"].get<std::string>();
    CHECK(hutchison.find("China Merchants: CMPort, CMPort-TerminalLink") != std::string::npos);
    CHECK(hutchison.find("hk=true") != std::string::npos);
    CHECK(get_json("/api/ports?group=xyz", 400)["status"] == "bad_request");
    const json box = get_json("/api/ports?bbox=23,37,24,38.5&limit=5&offset=0", 200);
    CHECK(box["ports"].size() <= 5);
    for (const auto& row : box["ports"]) CHECK((row["lon"] >= 23 && row["lon"] <= 24));
    CHECK(get_json("/api/ports?min_confidence=sure", 400)["message"].get<std::string>().find("min_confidence") != std::string::npos);
    CHECK(get_json("/api/ports?bbox=1,2,3", 400)["status"] == "bad_request");
    // west > east: a box across 180 degrees, as `ports list --bbox` (it was a 400)
    const json pacific = get_json("/api/ports?bbox=170,-50,-170,0&limit=1000", 200);
    std::set<std::string> pacific_codes;
    for (const auto& row : pacific["ports"]) {
        CHECK((row["lon"] >= 170 || row["lon"] <= -170));
        CHECK((row["lat"] >= -50 && row["lat"] <= 0));
        pacific_codes.insert(row.value("unlocode", ""));
    }
    CHECK(pacific_codes.count("NZAKL")); // Auckland, 174.8 E
    CHECK(pacific_codes.count("WSAPW")); // Apia, 171.8 W
    CHECK(get_json("/api/ports?bbox=10,-50,10,0", 400)["message"].get<std::string>().find("bbox") != std::string::npos);
    CHECK(get_json("/api/ports?country=GRC", 400)["message"].get<std::string>().find("alpha-2") != std::string::npos);
    CHECK(get_json("/api/ports?limit=5000", 400)["status"] == "bad_request");
    CHECK(get_json("/api/ports?colour=red", 400)["message"].get<std::string>().find("colour") != std::string::npos);
}

TEST_CASE("API: route has the fields of route --json") {
    const json r = get_json("/api/route?from=GRPIR&to=NLRTM", 200);
    CHECK(r["status"] == "ok");
    // the CLI's JSON for the same query, from the binary
    const std::string cmd = env("HARBORMAP_BINARY") + " --out " + (work() / "out").string() + " route GRPIR NLRTM --json 2>/dev/null";
    std::string cli;
    {
        FILE* p = popen(cmd.c_str(), "r");
        REQUIRE(p);
        char buf[4096];
        while (auto n = fread(buf, 1, sizeof buf, p)) cli.append(buf, n);
        pclose(p);
    }
    const json c = json::parse(cli);
    CHECK(r == c);
    const double nm = r["distance_nm"];
    CHECK(nm > 2000);
    CHECK(nm < 3500);
    CHECK(std::find(r["gates"].begin(), r["gates"].end(), "gibraltar") != r["gates"].end());
    // the gate toggle of the viewer: without Gibraltar the route goes round by Suez and the Cape
    const json avoid = get_json("/api/route?from=GRPIR&to=NLRTM&avoid=gibraltar", 200);
    REQUIRE(avoid["status"] == "ok");
    CHECK(std::find(avoid["gates"].begin(), avoid["gates"].end(), "gibraltar") == avoid["gates"].end());
    CHECK(avoid["distance_nm"].get<double>() > 2 * nm);
    CHECK(get_json("/api/route?from=GRPIR", 400)["status"] == "bad_request");
    CHECK(get_json("/api/route?from=GRPIR&to=NLRTM&avoid=atlantis", 400)["message"].get<std::string>().find("atlantis") != std::string::npos);
    CHECK(get_json("/api/route?from=GRPIR&to=QQQQQ-nowhere", 404)["status"] == "port_not_found");
}

TEST_CASE("API: near and deps") {
    const json n = get_json("/api/near?at=GRPIR&k=3&by=geodesic", 200);
    CHECK(n["status"] == "ok");
    const json d = get_json("/api/deps/GRPIR", 200);
    REQUIRE(d.is_array());
    CHECK(d[0]["gates"].size() > 0);
    CHECK(get_json("/api/near?at=GRPIR&k=5000", 400)["status"] == "bad_request");
    CHECK(get_json("/api/near?at=GRPIR&k=0", 400)["message"].get<std::string>().find("expected an integer 1-") != std::string::npos);
    CHECK(get_json("/api/near?at=GRPIR&by=air", 400)["status"] == "bad_request");
    CHECK(get_json("/api/deps/QQQQQ-nowhere", 404)["status"] == "port_not_found");
    CHECK(get_json("/api/nothing", 404)["status"] == "not_found");
    // the one-port paths take no parameter: one given (deps' CLI options --to, --weights) is a 400 naming it,
    // as on the other APIs, not an answer that silently ignored it
    CHECK(get_json("/api/deps/GRPIR?weights=c%3D1", 400)["message"].get<std::string>().find("'weights'") != std::string::npos);
    CHECK(get_json("/api/ports/GRPIR?format=text", 400)["message"].get<std::string>().find("'format'") != std::string::npos);
    // a position out of range is a bad request naming the value, not a missing port
    for (const char* q : {"/api/near?at=200,10&k=3", "/api/route?from=200,10&to=GRPIR", "/api/route?from=GRPIR&to=10,95", "/api/deps/10,95",
                          "/api/ports/200,10"}) {
        INFO(q);
        const json e = get_json(q, 400);
        CHECK(e["status"] == "bad_request");
        CHECK(e["message"].get<std::string>().find("out of range") != std::string::npos);
    }
    // a position in range is no port either: a bad request saying so (as `ports show 10,20`), not a 404
    const json pos = get_json("/api/ports/10,20", 400);
    CHECK(pos["status"] == "bad_request");
    CHECK(pos["message"].get<std::string>().find("'10,20' is a position (lon,lat), not a port") != std::string::npos);
}

TEST_CASE("API: /api/ports?status= is ports list --status (terminal rows)") {
    for (const char* status : {"active", "divested"}) {
        INFO(status);
        const std::string cmd = env("HARBORMAP_BINARY") + " --quiet --out " + (work() / "out").string() + " ports list --status " + status +
                                " --format csv 2>/dev/null";
        std::vector<std::string> cli;
        {
            FILE* p = popen(cmd.c_str(), "r");
            REQUIRE(p);
            char line[4096];
            for (bool header = true; fgets(line, sizeof line, p); header = false)
                if (!header) cli.push_back(std::string(line).substr(0, std::string(line).find(',')));
            pclose(p);
        }
        std::vector<std::string> api;
        const json answer = get_json(std::string("/api/ports?limit=1000&status=") + status, 200);
        for (const auto& row : answer["ports"]) api.push_back(row["port_id"]);
        std::sort(cli.begin(), cli.end());
        std::sort(api.begin(), api.end());
        CHECK(!api.empty());
        CHECK(api == cli);
    }
    // case aside, as the CLI; a status only other facts have (ZPMC cranes "in service") is no terminal status
    CHECK(get_json("/api/ports?status=ACTIVE&limit=1", 200)["total"] == get_json("/api/ports?status=active&limit=1", 200)["total"]);
    CHECK(get_json("/api/ports?status=in%20service", 400)["message"].get<std::string>().find("terminal statuses") != std::string::npos);
}

TEST_CASE("errors: unknown paths, traversal, bounds, methods") {
    CHECK(get_json("/no/such/file.js", 404)["status"] == "not_found");
    for (const char* p : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/vendor/..%2f..%2fpackage.json", "/tiles/../harbormap.gpkg"}) {
        auto r = client().Get(p);
        REQUIRE(r);
        INFO(p << " -> " << r->status << " " << r->body);
        CHECK((r->status == 400 || r->status == 404));
        CHECK(r->body.find("\"status\"") != std::string::npos);
        CHECK(r->body.find("root:") == std::string::npos);
    }
    CHECK(get_json("/harbormap.gpkg", 404)["status"] == "not_found"); // only the viewer's files are served
    CHECK(get_json("/api/ports?group=" + std::string(300, 'x'), 400)["status"] == "bad_request");
    std::string many = "/api/ports?";
    for (char c = 'a'; c < 'a' + 20; ++c) many.append(1, c).append("=1&");
    CHECK(get_json(many, 400)["status"] == "bad_request");
    std::string big = "/api/ports?";
    for (char c = 'a'; c < 'a' + 10; ++c) big.append(1, c).append(1, '=').append(250, 'x').append(1, '&');
    CHECK(get_json(big, 400)["message"].get<std::string>().find("query too large") != std::string::npos);
    auto c = client();
    auto long_uri = c.Get("/" + std::string(10000, 'a'));
    REQUIRE(long_uri);
    CHECK(long_uri->status >= 400);
    auto post = c.Post("/api/ports", "{}", "application/json");
    REQUIRE(post);
    CHECK(post->status == 405);
    // bytes that are not UTF-8 (a Latin-1 "Colón", a stray %FF) are a 400 naming the parameter, not a 500
    // with nlohmann's "invalid UTF-8 byte" (the answer echoes the input, and JSON cannot carry the byte)
    CHECK(get_json("/api/ports/Col%F3n", 400)["message"].get<std::string>().find("UTF-8") != std::string::npos);
    CHECK(get_json("/api/deps/%FF", 400)["status"] == "bad_request");
    CHECK(get_json("/api/route?from=GRPIR&to=Col%F3n", 400)["message"].get<std::string>().find("'to'") != std::string::npos);
    CHECK(get_json("/api/near?at=%FF%FE", 400)["message"].get<std::string>().find("'at'") != std::string::npos);
    CHECK(get_json("/api/ports?group=%FF", 400)["status"] == "bad_request");
    CHECK(get_json("/api/ports?%FF=1", 400)["status"] == "bad_request");
    CHECK(get_json("/no-such-file%FF.js", 400)["status"] == "bad_request");
    CHECK(get_json("/api/ports/Col%C3%B3n", 400)["status"] == "ambiguous_port"); // UTF-8 "Colón" is a name like any other
}

namespace {

struct child {
    pid_t pid = -1;
    int err_fd = -1;
};

child spawn_server() {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    child c;
    c.pid = fork();
    REQUIRE(c.pid >= 0);
    if (c.pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        const std::string bin = env("HARBORMAP_BINARY"), out = (work() / "out").string();
        execl(bin.c_str(), bin.c_str(), "serve", out.c_str(), "--port", "0", "--threads", "4", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    c.err_fd = fds[0];
    return c;
}

std::string read_until(int fd, const std::string& marker) {
    std::string text;
    char buf[512];
    while (text.find(marker) == std::string::npos) {
        const auto n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
}

} // namespace

TEST_CASE("the binary stops gracefully on SIGTERM and SIGINT") {
    for (int sig : {SIGTERM, SIGINT}) {
        child c = spawn_server();
        const std::string start = read_until(c.err_fd, "(Ctrl-C to stop)");
        INFO(start);
        const auto at = start.find("http://127.0.0.1:");
        REQUIRE(at != std::string::npos);
        const int port = std::stoi(start.substr(at + 17));
        httplib::Client cl("127.0.0.1", port);
        auto r = cl.Get("/tilejson.json");
        REQUIRE(r);
        CHECK(r->status == 200);
        // a request in flight while the signal arrives is still answered
        auto pending = std::async(std::launch::async, [port] {
            httplib::Client c2("127.0.0.1", port);
            auto rr = c2.Get("/api/deps/GRPIR");
            return rr ? rr->status : -1;
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        kill(c.pid, sig);
        CHECK(pending.get() == 200);
        const std::string rest = read_until(c.err_fd, "serve: stopped");
        int status = 0;
        REQUIRE(waitpid(c.pid, &status, 0) == c.pid);
        close(c.err_fd);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        CHECK(rest.find(sig == SIGINT ? "SIGINT" : "SIGTERM") != std::string::npos);
        CHECK(rest.find("serve: stopped") != std::string::npos);
        // the port is free again
        httplib::Client after("127.0.0.1", port);
        after.set_connection_timeout(1);
        CHECK(!after.Get("/"));
    }
}
