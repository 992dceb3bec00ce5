// `harbormap export postgis` against a real PostgreSQL 15 + PostGIS 3 + pgRouting server (started by the
// ctest fixture postgis_cluster_start, scripts/pg-cluster).  One export is made first and reused by the
// checks; the fault cases (last) export again.
#include "engine/cli/command.hpp"
#include "engine/core/text.hpp"
#include "engine/products/tiles_build.hpp"
#include "engine/query/route_query.hpp"
#include "engine/query/sea_router.hpp"
#include "engine/routing/graph_file.hpp"
#include "layers/reader.hpp"
#include "tiles/mvt.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;
namespace fs = std::filesystem;
using namespace harbormap;

namespace {

struct pg_env {
    std::string conn;
    fs::path src, work, out, exe;
};

std::string env_or_fail(const char* name) {
    const char* v = std::getenv(name);
    if (!v || !*v) FAIL(std::string(name) + " is not set: run through ctest (ctest -L postgis), which starts the cluster");
    return v;
}

const pg_env& env() {
    static const pg_env e = [] {
        pg_env x;
        std::ifstream in(fs::path(env_or_fail("HARBORMAP_PG_HANDLE")) / "conninfo");
        std::getline(in, x.conn);
        if (x.conn.empty()) FAIL("no conninfo: scripts/pg-cluster start did not run (postgis_cluster_start)");
        x.src = env_or_fail("HARBORMAP_SOURCE_DIR");
        x.work = env_or_fail("HARBORMAP_PG_WORK");
        x.out = x.work / "out";
        x.exe = env_or_fail("HARBORMAP_EXE");
        return x;
    }();
    return e;
}

std::vector<std::string> base_args() {
    const auto& e = env();
    return {"--quiet", "--data", (e.src / "data").string(), "--mappings", (e.src / "layers" / "mappings").string(), "--out", e.out.string()};
}

int run_cli(std::vector<std::string> args, std::string& out, std::string& err) {
    auto all = base_args();
    all.insert(all.end(), args.begin(), args.end());
    std::ostringstream o, e;
    const int rc = cli::run(all, o, e);
    out = o.str();
    err = e.str();
    return rc;
}

// One export for the whole run (the checks read it).
void ensure_export() {
    static bool done = false;
    if (done) return;
    std::string out, err;
    const int rc = run_cli({"export", "postgis", env().conn, "--overwrite"}, out, err);
    INFO(err);
    REQUIRE(rc == 0);
    done = true;
}

std::string lit(const std::string& s) {
    std::string o = "'";
    for (char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
    return o + "'";
}

// Every vertex in ST_DumpPoints order: points, line vertices, ring vertices with the closing point.
std::vector<lon_lat> flatten(const geometry& g) {
    std::vector<lon_lat> v = g.points;
    for (const auto& l : g.lines) v.insert(v.end(), l.begin(), l.end());
    for (const auto& p : g.polygons)
        for (const auto& r : p.rings) {
            v.insert(v.end(), r.begin(), r.end());
            if (!r.empty() && !(r.front().lon == r.back().lon && r.front().lat == r.back().lat)) v.push_back(r.front());
        }
    return v;
}

void check_layer_equal(pqxx::work& tx, const feature_layer& layer) {
    INFO("layer " << layer.name);
    const std::string t = "harbormap." + layer.name;
    REQUIRE(tx.exec1("SELECT count(*) FROM " + t)[0].as<std::size_t>() == layer.features.size());
    std::string cols = "fid";
    for (const auto& f : layer.fields) cols += ", \"" + f.name + "\"";
    const auto rows = tx.exec("SELECT " + cols + " FROM " + t + " ORDER BY fid");
    std::map<std::int64_t, const feature*> by_id;
    for (const auto& f : layer.features) by_id[f.id] = &f;
    std::size_t checked = 0;
    for (const auto& row : rows) {
        const feature& f = *by_id.at(row[0].as<std::int64_t>());
        for (std::size_t i = 0; i < layer.fields.size(); ++i) {
            const auto& fd = layer.fields[i];
            const auto field = row[static_cast<int>(i + 1)];
            const value* v = f.find(fd.name);
            INFO("fid " << f.id << " field " << fd.name);
            if (!v || std::holds_alternative<std::monostate>(*v)) {
                CHECK(field.is_null());
                continue;
            }
            REQUIRE_FALSE(field.is_null());
            if (auto b = std::get_if<bool>(v)) CHECK(field.as<bool>() == *b);
            else if (auto n = std::get_if<std::int64_t>(v)) CHECK(field.as<std::int64_t>() == *n);
            else if (auto d = std::get_if<double>(v)) CHECK(field.as<double>() == *d);
            else CHECK(std::string(field.c_str()) == std::get<std::string>(*v));
            ++checked;
        }
    }
    CHECK(checked > 0);
    if (layer.geom_type == geometry_type::none) return;
    // geometry: every vertex within 1e-9 degrees, in order
    std::map<std::int64_t, std::vector<lon_lat>> pg;
    for (const auto& r : tx.exec("SELECT t.fid, ST_X(d.geom), ST_Y(d.geom) FROM " + t + " t, LATERAL ST_DumpPoints(t.geom) d ORDER BY t.fid, d.path"))
        pg[r[0].as<std::int64_t>()].push_back({r[1].as<double>(), r[2].as<double>()});
    double worst = 0;
    for (const auto& f : layer.features) {
        const auto mine = flatten(f.geom);
        const auto& theirs = pg[f.id];
        INFO("fid " << f.id);
        REQUIRE(theirs.size() == mine.size());
        for (std::size_t i = 0; i < mine.size(); ++i)
            worst = std::max({worst, std::abs(mine[i].lon - theirs[i].lon), std::abs(mine[i].lat - theirs[i].lat)});
    }
    CHECK(worst <= 1e-9);
    CHECK(tx.exec1("SELECT Find_SRID('harbormap', " + lit(layer.name) + ", 'geom')")[0].as<int>() == 4326);
    CHECK(tx.exec1("SELECT count(*) FROM pg_indexes WHERE schemaname = 'harbormap' AND tablename = " + lit(layer.name) +
                   " AND indexdef ILIKE '%USING gist (geom)%'")[0].as<int>() == 1);
}

} // namespace

TEST_CASE("export: every GeoPackage layer with its types, SRID 4326, spatial index and provenance comments", "[postgis]") {
    ensure_export();
    const auto& e = env();
    pqxx::connection c(e.conn);
    pqxx::work tx(c);
    const auto gpkg_layers = layers::read_vector_file(e.out / "harbormap.gpkg");
    REQUIRE(gpkg_layers.size() >= 8);
    for (const auto& l : gpkg_layers) {
        if (l.name == "layer_styles") continue; // goes to public.layer_styles (postgis_qgis_styles)
        check_layer_equal(tx, l);
        // column types follow the GeoPackage field types
        for (const auto& f : l.fields) {
            const std::string want = f.type == field_type::text ? "text" : f.type == field_type::integer ? "bigint"
                                     : f.type == field_type::real ? "double precision" : "boolean";
            INFO(l.name << "." << f.name);
            CHECK(tx.exec1("SELECT data_type FROM information_schema.columns WHERE table_schema = 'harbormap' AND table_name = " +
                           lit(l.name) + " AND column_name = " + lit(f.name))[0].as<std::string>() == want);
        }
        const std::string comment = tx.exec1("SELECT obj_description('harbormap." + l.name + "'::regclass, 'pg_class')")[0].as<std::string>("");
        CHECK(comment.find("harbormap layer '" + l.name + "' from harbormap.gpkg") != std::string::npos);
    }
    // provenance columns explained where they exist
    CHECK(tx.exec1("SELECT col_description('harbormap.ports'::regclass, (SELECT attnum FROM pg_attribute WHERE attrelid = "
                   "'harbormap.ports'::regclass AND attname = 'provenance'))")[0].as<std::string>("").find("source URL") != std::string::npos);
    // every provenance column of the fact tables, not only the first URL (source_url_2, source_date, source_title)
    CHECK(tx.exec1("SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE n.nspname = 'harbormap' AND a.attname LIKE 'source_%' AND col_description(c.oid, a.attnum) IS NULL")[0].as<int>() == 0);
    // the tile layers that do not come from the GeoPackage (lanes, chokepoints) as read by the tiles step
    const auto tl = products::load_tile_layers(e.out / "harbormap.gpkg", e.src / "data");
    for (const auto& l : tl.layers)
        if (l.name == "lanes" || l.name == "chokepoints") check_layer_equal(tx, l);
    const auto v = tx.exec1("SELECT schema_version, graph_format FROM harbormap.schema_version");
    CHECK(v[0].as<int>() == 1);
    CHECK(v[1].as<int>() == static_cast<int>(routing::graph_file_version));
}

namespace {

std::string position(const lon_lat& p) { return format_general(p.lon) + "," + format_general(p.lat); }

// pgr_dijkstraCost over sea_edges without the edges of `closed` gates, for many pairs at once.
std::map<std::pair<long, long>, double> pgr_costs(pqxx::work& tx, const std::vector<std::string>& closed,
                                                  const std::vector<std::pair<routing::node_id, routing::node_id>>& pairs) {
    std::string arr = "ARRAY[";
    for (std::size_t i = 0; i < closed.size(); ++i) arr += (i ? "," : "") + std::string("''") + closed[i] + "''";
    arr += "]::text[]";
    std::string values;
    for (const auto& [a, b] : pairs) values += fmt::format("{}({},{})", values.empty() ? "" : ",", a + 1, b + 1);
    const std::string sql = "SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost('SELECT id, source, target, cost, reverse_cost "
                            "FROM harbormap.sea_edges WHERE NOT gates && " + arr + "', 'SELECT * FROM (VALUES " + values +
                            ") AS t(source, target)')";
    std::map<std::pair<long, long>, double> out;
    for (const auto& r : tx.exec(sql)) out[{r[0].as<long>() - 1, r[1].as<long>() - 1}] = r[2].as<double>();
    return out;
}

} // namespace

TEST_CASE("export: pgr_dijkstra over sea_edges equals harbormap route (graph distance) for 50 random pairs, closures too", "[postgis]") {
    ensure_export();
    const auto& e = env();
    query::sea_router router(routing::read_graph_file(e.out / "seagraph.hmg"));
    const auto& g = router.graph();
    pqxx::connection c(e.conn);
    pqxx::work tx(c);
    REQUIRE(tx.exec1("SELECT count(*) FROM harbormap.sea_nodes")[0].as<std::size_t>() == g.node_count());
    REQUIRE(tx.exec1("SELECT count(*) FROM harbormap.sea_edges")[0].as<std::size_t>() == g.edge_count());

    std::mt19937 rng(18);
    std::uniform_int_distribution<routing::node_id> pick(0, static_cast<routing::node_id>(g.node_count() - 1));
    std::vector<std::pair<routing::node_id, routing::node_id>> pairs;
    while (pairs.size() < 50) {
        const auto a = pick(rng), b = pick(rng);
        if (a != b) pairs.emplace_back(a, b);
    }
    const auto default_closed = g.gate_ids(g.default_closed());
    const auto pgr = pgr_costs(tx, default_closed, pairs);
    std::size_t compared = 0, no_route = 0;
    double worst = 0;
    std::vector<std::pair<std::size_t, std::string>> gated; // pair index, first gate crossed
    std::vector<double> base(pairs.size(), 0);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto [a, b] = pairs[i];
        query::route_params p;
        p.from = position(g.nodes[a]);
        p.to = position(g.nodes[b]);
        p.corridor_m = 0;
        const auto r = query::run_route(p, router, nullptr);
        INFO("pair " << i << ": " << p.from << " -> " << p.to);
        const auto it = pgr.find({a, b});
        if (r.status != query::route_status::ok) { // unreachable with the default closures: pgRouting agrees
            CHECK(it == pgr.end());
            ++no_route;
            continue;
        }
        REQUIRE(r.from.snap.node == a);
        REQUIRE(r.to.snap.node == b);
        REQUIRE(it != pgr.end());
        const double rel = std::abs(it->second - r.sea_m) / std::max(1.0, r.sea_m);
        worst = std::max(worst, rel);
        CHECK(rel <= 1e-4);
        ++compared;
        base[i] = r.sea_m;
        if (!r.gates.empty() && gated.size() < 10) gated.emplace_back(i, r.gates.front());
    }
    WARN(fmt::format("pgr_dijkstra vs harbormap route: {} pairs compared ({} unreachable in both), worst relative difference {:.2e}",
                     compared, no_route, worst));
    CHECK(compared >= 45);

    // the same through the command line (`harbormap route A B --json`, sea distance rounded to 0.01 nm)
    for (std::size_t i = 0; i < 3; ++i) {
        if (base[i] == 0) continue;
        std::string out, err;
        REQUIRE(run_cli({"route", position(g.nodes[pairs[i].first]), position(g.nodes[pairs[i].second]), "--json"}, out, err) == 0);
        const double nm = nlohmann::json::parse(out).at("sea_distance_nm").get<double>();
        CHECK(std::abs(nm * 1852.0 - pgr.at({pairs[i].first, pairs[i].second})) <= 0.006 * 1852.0 + 1e-4 * base[i]);
    }

    // closures: close the first gate each gated route crosses; pgRouting over the edges without the
    // closed gates' edges equals harbormap route --avoid <gate>
    REQUIRE(gated.size() >= 5);
    for (const auto& [i, gate] : gated) {
        const auto [a, b] = pairs[i];
        query::route_params p;
        p.from = position(g.nodes[a]);
        p.to = position(g.nodes[b]);
        p.corridor_m = 0;
        p.avoid = {gate};
        const auto r = query::run_route(p, router, nullptr);
        auto closed = default_closed;
        closed.push_back(gate);
        const auto pc = pgr_costs(tx, closed, {{a, b}});
        INFO("pair " << i << " closing " << gate);
        if (r.status != query::route_status::ok) {
            CHECK(pc.empty());
            continue;
        }
        REQUIRE(pc.size() == 1);
        CHECK(std::find(r.gates.begin(), r.gates.end(), gate) == r.gates.end());
        CHECK(r.sea_m >= base[i] * (1 - 1e-12));
        CHECK(std::abs(pc.begin()->second - r.sea_m) / r.sea_m <= 1e-4);
    }
}

namespace {

using feature_map = std::map<std::uint64_t, const tiles::decoded_feature*>;

std::map<std::string, feature_map> by_layer(const tiles::decoded_tile& t) {
    std::map<std::string, feature_map> m;
    for (const auto& l : t.layers)
        for (const auto& f : l.features) m[l.name][f.id.value_or(0)] = &f;
    return m;
}

bool same_value(const value& a, const value& b) {
    auto num = [](const value& v) -> std::optional<double> {
        if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
        if (auto d = std::get_if<double>(&v)) return *d;
        return std::nullopt;
    };
    if (num(a) && num(b)) return *num(a) == *num(b); // PostGIS writes integral doubles as integers
    return a == b;
}

double seg_dist(const tiles::ipoint& p, const tiles::ipoint& a, const tiles::ipoint& b) {
    const double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
    t = std::clamp(t, 0.0, 1.0);
    return std::hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

// Largest distance (tile units) from a vertex of `a` to the lines/rings of `b`.
double directed(const tiles::decoded_feature& a, const tiles::decoded_feature& b, bool closed) {
    double worst = 0;
    for (const auto& part : a.parts)
        for (const auto& p : part) {
            double best = 1e18;
            for (const auto& q : b.parts) {
                if (q.size() == 1) best = std::min(best, std::hypot(p.x - q[0].x, p.y - q[0].y));
                for (std::size_t i = 0; i + 1 < q.size(); ++i) best = std::min(best, seg_dist(p, q[i], q[i + 1]));
                if (closed && q.size() > 2) best = std::min(best, seg_dist(p, q.back(), q.front()));
            }
            worst = std::max(worst, best);
        }
    return worst;
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("export: harbormap.tile(z,x,y) decodes to the same features and attributes as our tiles (20 tiles)", "[postgis]") {
    ensure_export();
    const auto& e = env();
    // our tiles (harbormap tiles build -o DIR, z0-8), grouped by zoom; file size for "dense"
    std::map<int, std::vector<std::pair<std::uintmax_t, tiles::tile_id>>> files;
    for (const auto& f : fs::recursive_directory_iterator(e.out / "tiles")) {
        if (f.path().extension() != ".pbf") continue;
        const auto rel = fs::relative(f.path(), e.out / "tiles");
        auto it = rel.begin();
        const auto z = static_cast<std::uint32_t>(std::stoul((it++)->string()));
        const auto x = static_cast<std::uint32_t>(std::stoul((it++)->string()));
        const auto y = static_cast<std::uint32_t>(std::stoul(it->stem().string()));
        files[static_cast<int>(z)].push_back({f.file_size(), tiles::tile_id{z, x, y}});
    }
    REQUIRE(files.size() == 9);
    std::vector<tiles::tile_id> chosen{{0, 0, 0}};
    std::mt19937 rng(18);
    for (auto& [z, list] : files) {
        std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second.x < b.second.x) || (a.first == b.first && a.second.x == b.second.x && a.second.y < b.second.y); });
        if (z == 0) continue;
        chosen.push_back(list.front().second); // the densest tile of the zoom
        // and random others (distinct: drawn from the rest of the list)
        for (int k = 0; k < (z >= 4 ? 2 : z >= 2 ? 1 : 0) && chosen.size() < 20; ++k)
            chosen.push_back(list[std::uniform_int_distribution<std::size_t>(1 + k * (list.size() - 1) / 2, (k + 1) * (list.size() - 1) / 2)(rng)].second);
    }
    REQUIRE(chosen.size() == 20);
    pqxx::connection c(e.conn);
    pqxx::work tx(c);
    double worst_geom = 0;
    std::size_t features = 0;
    for (const auto& t : chosen) {
        INFO("tile " << t.z << "/" << t.x << "/" << t.y);
        const auto ours = tiles::decode_tile(read_bytes(e.out / "tiles" / std::to_string(t.z) / std::to_string(t.x) / (std::to_string(t.y) + ".pbf")));
        const pqxx::binarystring bs(tx.exec1(fmt::format("SELECT harbormap.tile({}, {}, {})", t.z, t.x, t.y))[0]);
        const auto theirs = tiles::decode_tile(std::string_view(reinterpret_cast<const char*>(bs.data()), bs.size()));
        const auto a = by_layer(ours), b = by_layer(theirs);
        std::vector<std::string> la, lb;
        for (const auto& l : ours.layers) la.push_back(l.name);
        for (const auto& l : theirs.layers) lb.push_back(l.name);
        CHECK(la == lb);
        for (const auto& [layer, fa] : a) {
            INFO("layer " << layer);
            const auto it = b.find(layer);
            REQUIRE(it != b.end());
            const auto& fb = it->second;
            std::vector<std::uint64_t> ia, ib;
            for (const auto& [id, f] : fa) ia.push_back(id);
            for (const auto& [id, f] : fb) ib.push_back(id);
            CHECK(ia == ib);
            for (const auto& [id, f] : fa) {
                const auto jt = fb.find(id);
                if (jt == fb.end()) continue;
                INFO("feature " << id);
                auto pa = f->properties, pb = jt->second->properties;
                std::sort(pa.begin(), pa.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
                std::sort(pb.begin(), pb.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
                REQUIRE(pa.size() == pb.size());
                for (std::size_t k = 0; k < pa.size(); ++k) {
                    CHECK(pa[k].first == pb[k].first);
                    CHECK(same_value(pa[k].second, pb[k].second));
                }
                CHECK(f->type == jt->second->type);
                const bool closed = f->type == geometry_type::polygon;
                const double d = std::max(directed(*f, *jt->second, closed), directed(*jt->second, *f, closed));
                worst_geom = std::max(worst_geom, d);
                CHECK(d <= 1.0);
                ++features;
            }
        }
    }
    WARN(fmt::format("tile(z,x,y) vs harbormap tiles: 20 tiles, {} features compared, largest vertex distance {:.3f} tile units", features, worst_geom));
    CHECK(features > 500);
}

namespace {

struct child {
    pid_t pid = -1;
    FILE* err = nullptr;
};

child spawn_export(const std::vector<std::string>& extra) {
    const auto& e = env();
    std::vector<std::string> args = {e.exe.string()};
    for (const auto& a : base_args()) args.push_back(a);
    args.erase(std::find(args.begin(), args.end(), "--quiet"));
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    child c;
    REQUIRE(posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[1]);
    c.err = fdopen(fds[0], "r");
    return c;
}

// Reads stderr lines until one contains `marker` (true) or the stream ends (false); all lines go to `log`.
bool wait_for(child& c, const std::string& marker, std::string& log) {
    char* line = nullptr;
    std::size_t cap = 0;
    bool found = false;
    while (!found && getline(&line, &cap, c.err) > 0) {
        log += line;
        found = std::string(line).find(marker) != std::string::npos;
    }
    free(line);
    return found;
}

int finish(child& c, std::string& log) {
    wait_for(c, "\x01never", log);
    fclose(c.err);
    int status = 0;
    waitpid(c.pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

struct snapshot {
    std::string exported_at, ports_md5, edges_md5;
    std::size_t tables = 0;
    bool operator==(const snapshot&) const = default;
};

snapshot take(const std::string& conn) {
    pqxx::connection c(conn);
    pqxx::work tx(c);
    snapshot s;
    s.exported_at = tx.exec1("SELECT exported_at::text FROM harbormap.schema_version")[0].as<std::string>();
    s.ports_md5 = tx.exec1("SELECT md5(string_agg(t::text, '|' ORDER BY fid)) FROM harbormap.ports t")[0].as<std::string>();
    s.edges_md5 = tx.exec1("SELECT md5(string_agg(t::text, '|' ORDER BY id)) FROM harbormap.sea_edges t")[0].as<std::string>();
    s.tables = tx.exec1("SELECT count(*) FROM pg_tables WHERE schemaname = 'harbormap'")[0].as<std::size_t>();
    return s;
}

void wait_no_advisory_locks(const std::string& conn) {
    pqxx::connection c(conn);
    for (int i = 0; i < 200; ++i) {
        pqxx::nontransaction tx(c);
        if (tx.exec1("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")[0].as<int>() == 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL("an advisory lock is still held 10 s after the export died");
}

} // namespace

TEST_CASE("export faults: bad connection string, unreachable server, existing schema, SIGKILL midway, concurrent exports", "[postgis]") {
    ensure_export();
    const auto& e = env();
    std::string out, err;
    SECTION("a bad connection string is a usage error (exit 2)") {
        CHECK(run_cli({"export", "postgis", "this is not a connection string"}, out, err) == 2);
        CHECK(err.find("bad PostgreSQL connection string") != std::string::npos);
        CHECK(run_cli({"export", "postgis", "postgresql://[::1"}, out, err) == 2);
        CHECK(run_cli({"export", "postgis", e.conn, "--schema", "Bad-Name"}, out, err) == 2);
    }
    SECTION("an unreachable server is a clear error (exit 1)") {
        // a port nobody listens on: bind one, note it, release it
        int port = 0;
        {
            pqxx::connection c(e.conn);
            pqxx::nontransaction tx(c);
            port = tx.exec1("SELECT current_setting('port')::int")[0].as<int>() + 1;
        }
        CHECK(run_cli({"export", "postgis", fmt::format("host=127.0.0.1 port={} dbname=harbormap user=postgres connect_timeout=5", port)}, out, err) == 1);
        CHECK(err.find("cannot connect to PostgreSQL (host=127.0.0.1 port=" + std::to_string(port)) != std::string::npos);
        CHECK(run_cli({"export", "postgis", "PG:host=" + (e.work / "no-such-socket-dir").string() + " dbname=x"}, out, err) == 1);
        CHECK(err.find("cannot connect to PostgreSQL") != std::string::npos);
    }
    SECTION("an existing schema is replaced only with --overwrite") {
        CHECK(run_cli({"export", "postgis", e.conn}, out, err) == 1);
        CHECK(err.find("already exists; use --overwrite") != std::string::npos);
    }
    SECTION("--overwrite never empties a schema harbormap did not write (the team's own, or public with PostGIS in it)") {
        pqxx::connection c(e.conn);
        pqxx::nontransaction tx(c);
        tx.exec("DROP SCHEMA IF EXISTS team_work CASCADE; CREATE SCHEMA team_work; CREATE TABLE team_work.survey (id int); "
                "INSERT INTO team_work.survey VALUES (1)");
        CHECK(run_cli({"export", "postgis", e.conn, "--schema", "team_work", "--overwrite"}, out, err) == 1);
        CHECK(err.find("schema team_work exists and is not a harbormap export") != std::string::npos);
        CHECK(err.find("survey") != std::string::npos);
        CHECK(tx.exec1("SELECT count(*) FROM team_work.survey")[0].as<int>() == 1);
        CHECK(run_cli({"export", "postgis", e.conn, "--schema", "public", "--overwrite"}, out, err) == 1);
        CHECK(err.find("schema public holds the extension") != std::string::npos);
        tx.exec("DROP SCHEMA team_work CASCADE");
    }
    SECTION("--overwrite by a role that cannot read the export's tables fails on its rights, not as 'not a harbormap export'") {
        // information_schema.columns hides columns the role has no privilege on: a colleague's re-export was
        // told the team's export schema "exists and is not a harbormap export (no harbormap.schema_version ...)"
        pqxx::connection c(e.conn);
        pqxx::nontransaction tx(c);
        tx.exec("DROP ROLE IF EXISTS harbormap_colleague; CREATE ROLE harbormap_colleague LOGIN");
        std::string conn = e.conn;
        const auto u = conn.find("user=postgres");
        REQUIRE(u != std::string::npos);
        conn.replace(u, 13, "user=harbormap_colleague");
        const auto ports = tx.exec1("SELECT count(*) FROM harbormap.ports")[0].as<long>();
        CHECK(run_cli({"export", "postgis", conn, "--overwrite"}, out, err) == 1);
        INFO(err);
        CHECK(err.find("not a harbormap export") == std::string::npos);
        CHECK(err.find("permission denied") != std::string::npos);
        CHECK(tx.exec1("SELECT count(*) FROM harbormap.ports")[0].as<long>() == ports);
        tx.exec("DROP ROLE harbormap_colleague");
    }
    SECTION("SIGKILL midway leaves the previous schema intact; concurrent exports wait for each other; re-export is idempotent") {
        const snapshot before = take(e.conn);
        // every GeoPackage layer + lanes, chokepoints, sea_gates, sea_nodes, sea_edges, tile_features, schema_version
        CHECK(before.tables == layers::read_vector_file(e.out / "harbormap.gpkg").size() + 7);
        child k = spawn_export({"export", "postgis", e.conn, "--overwrite"});
        std::string log;
        REQUIRE(wait_for(k, "export: sea_nodes", log)); // past the layers, inside the transaction
        kill(k.pid, SIGKILL);
        CHECK(finish(k, log) == 128 + SIGKILL);
        wait_no_advisory_locks(e.conn);
        CHECK(take(e.conn) == before);
        {
            pqxx::connection c(e.conn);
            pqxx::nontransaction tx(c);
            CHECK(tx.exec1("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'harbormap_export%'")[0].as<int>() == 0);
        }
        // a concurrent export: hold the export's advisory lock here, as a running export does; the
        // export (given with GDAL's PG: prefix) says it waits, and finishes once the lock is released
        pqxx::connection holder(e.conn);
        pqxx::nontransaction htx(holder);
        htx.exec("SELECT pg_advisory_lock(1213022544, hashtext('harbormap'))");
        child w = spawn_export({"export", "postgis", "PG:" + e.conn, "--overwrite"});
        std::string log_w;
        REQUIRE(wait_for(w, "waiting for it", log_w));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(take(e.conn) == before); // still waiting, nothing changed
        htx.exec("SELECT pg_advisory_unlock(1213022544, hashtext('harbormap'))");
        CHECK(finish(w, log_w) == 0);
        INFO(log_w);
        const snapshot after = take(e.conn);
        CHECK(after.exported_at != before.exported_at);
        CHECK(after.ports_md5 == before.ports_md5);
        CHECK(after.edges_md5 == before.edges_md5);
        CHECK(after.tables == before.tables);
    }
}
