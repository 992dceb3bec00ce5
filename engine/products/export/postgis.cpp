#include "engine/products/export/postgis.hpp"

#include "engine/core/error.hpp"
#include "engine/core/text.hpp"
#include "engine/products/export/postgis_sql.hpp"
#include "engine/products/tiles_build.hpp"
#include "engine/routing/graph_file.hpp"
#include "layers/reader.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>
#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include <algorithm>
#include <chrono>
#include <map>

namespace fs = std::filesystem;

namespace harbormap::products {

using detail::quote_ident;
using detail::quote_literal;

namespace {

// Key of the advisory lock (the first half: "HMAP"; the second: hashtext(schema name)).
constexpr int advisory_lock_class = 0x484d4150;

std::string first_line(std::string s) {
    s = trim(s);
    if (const auto nl = s.find('\n'); nl != std::string::npos) s = s.substr(0, nl);
    return s;
}

// "host=... port=... dbname=... user=..." of a connection string, without the password.
std::string describe_conninfo(const std::string& conninfo) {
    char* errmsg = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &errmsg);
    if (errmsg) PQfreemem(errmsg);
    if (!opts) return "(unparsable connection string)";
    std::string out;
    for (const char* k : {"host", "hostaddr", "port", "dbname", "user", "service"})
        for (PQconninfoOption* o = opts; o->keyword; ++o)
            if (o->val && *o->val && std::string(o->keyword) == k) out += (out.empty() ? "" : " ") + std::string(k) + "=" + o->val;
    PQconninfoFree(opts);
    return out.empty() ? "(libpq defaults)" : out;
}

// Provenance columns of the fused layers, explained once in the exported schema.
const std::map<std::string, std::string>& column_notes() {
    static const std::map<std::string, std::string> notes = {
        {"sources", "table:row id of every fact behind this row (see data/README.md for the tables)"},
        {"provenance", "JSON list: fact, table, id, source URL(s), source date, confidence, status, match method"},
        {"source_url", "where the fact was published"},
        {"source_url_2", "a second publication of the fact"},
        {"source_title", "the title of the source at source_url"},
        {"source_date", "the source's publication date, as precise as it gives it (year, year-month or date)"},
        {"source_table", "the curated table the row comes from (data/curated; see data/README.md)"},
        {"source_row", "the row's line in that table's file (line 1 is the header)"},
        {"source", "source of the row"},
        {"confidence", "the curator's confidence in the fact (high / medium / low)"},
        {"evidence", "the evidence quoted for the fact"},
    };
    return notes;
}

class exporter {
public:
    exporter(pqxx::work& tx, std::ostream& err, bool log, std::string stage)
        : m_tx(tx), m_err(err), m_log(log), m_stage(std::move(stage)), m_s(quote_ident(m_stage)) {}

    void exec(const std::string& sql) {
        try {
            m_tx.exec(sql);
        } catch (const pqxx::sql_error& e) {
            throw processing_error("PostgreSQL: " + first_line(e.what()) + " (in: " + first_line(sql).substr(0, 120) + ")");
        }
    }

    void copy_rows(const std::string& table, const std::vector<std::string>& lines) {
        // libpqxx 6.4 (Debian 12) writes pre-formatted COPY lines only through tablewriter (its
        // stream_to keeps write_raw_line private); tablewriter is deprecated there, not removed.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        pqxx::tablewriter w(m_tx, m_s + "." + quote_ident(table));
#pragma GCC diagnostic pop
        try {
            for (const auto& l : lines) w.write_raw_line(l);
            w.complete();
        } catch (const pqxx::sql_error& e) {
            throw processing_error("PostgreSQL: COPY into " + table + ": " + first_line(e.what()));
        }
        m_counts.emplace_back(table, lines.size());
        if (m_log) m_err << "export: " << table << ": " << lines.size() << " rows\n" << std::flush;
    }

    void write_layer(const feature_layer& layer, const std::string& origin, const std::string& description) {
        const bool spatial = layer.geom_type != geometry_type::none;
        const bool multi = std::any_of(layer.features.begin(), layer.features.end(), [](const feature& f) { return f.geom.points.size() > 1; });
        // a layer whose features are of several types (chokepoints: gate lines and areas) gets a
        // generic geometry column; each feature keeps its own type
        const bool mixed = std::any_of(layer.features.begin(), layer.features.end(),
                                       [&](const feature& f) { return !f.geom.empty() && f.geom.type != layer.geom_type; });
        const std::string t = m_s + "." + quote_ident(layer.name);
        std::string ddl = "CREATE TABLE " + t + " (fid bigint PRIMARY KEY";
        for (const auto& f : layer.fields) ddl += ", " + quote_ident(f.name) + " " + detail::sql_type(f.type);
        if (spatial) ddl += ", geom " + (mixed ? std::string("geometry(Geometry,4326)") : detail::postgis_type(layer.geom_type, multi));
        exec(ddl + ")");
        std::vector<std::string> lines;
        lines.reserve(layer.features.size());
        for (const auto& f : layer.features) {
            std::string line = std::to_string(f.id);
            for (std::size_t k = 0; k < layer.fields.size(); ++k) {
                const value* v = f.find(layer.fields[k].name, k);
                line += '\t' + (v ? detail::copy_value(*v) : std::string("\\N"));
            }
            if (spatial) line += '\t' + detail::ewkt_4326(f.geom, mixed ? f.geom.type : layer.geom_type, multi);
            lines.push_back(std::move(line));
        }
        copy_rows(layer.name, lines);
        if (spatial) exec("CREATE INDEX ON " + t + " USING gist (geom)");
        exec("COMMENT ON TABLE " + t + " IS " +
             quote_literal(fmt::format("harbormap layer '{}' from {} ({} rows{}); exported by harbormap {}{}", layer.name, origin,
                                       layer.features.size(), spatial ? ", EPSG:4326 lon/lat" : "", HARBORMAP_VERSION,
                                       description.empty() ? "" : ". " + description)));
        for (const auto& fd : layer.fields)
            if (auto it = column_notes().find(fd.name); it != column_notes().end())
                exec("COMMENT ON COLUMN " + t + "." + quote_ident(fd.name) + " IS " + quote_literal(it->second));
    }

    void write_graph(const routing::sea_graph& g, const std::string& origin) {
        exec("CREATE TABLE " + m_s + ".sea_gates (bit integer PRIMARY KEY, id text UNIQUE NOT NULL, name text, closed_by_default boolean)");
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < g.gates.size(); ++i)
            lines.push_back(fmt::format("{}\t{}\t{}\t{}", i, detail::copy_field(g.gates[i].id), detail::copy_field(g.gates[i].name),
                                        g.gates[i].closed_by_default ? "t" : "f"));
        copy_rows("sea_gates", lines);

        exec("CREATE TABLE " + m_s + ".sea_nodes (id bigint PRIMARY KEY, geom geometry(Point,4326) NOT NULL)");
        lines.clear();
        for (std::size_t i = 0; i < g.nodes.size(); ++i)
            lines.push_back(fmt::format("{}\tSRID=4326;POINT({} {})", i + 1, format_general(g.nodes[i].lon), format_general(g.nodes[i].lat)));
        copy_rows("sea_nodes", lines);

        exec("CREATE TABLE " + m_s + ".sea_edges (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, "
             "cost double precision NOT NULL, reverse_cost double precision NOT NULL, gates text[] NOT NULL, "
             "geom geometry(MultiLineString,4326))");
        lines.clear();
        for (std::size_t e = 0; e < g.edge_count(); ++e) {
            const lon_lat a = g.nodes[g.edge_a[e]], b = g.nodes[g.edge_b[e]];
            std::vector<line_string> parts = split_at_antimeridian({a, b});
            if (parts.empty()) parts = {{a, a}}; // a zero-length join of the two sides of +-180
            geometry geom;
            geom.type = geometry_type::line;
            geom.lines = std::move(parts);
            std::vector<std::string> quoted;
            for (const auto& id : g.gate_ids(g.edge_gates[e])) quoted.push_back(fmt::format("\"{}\"", id));
            const std::string gates = join(quoted, ",");
            const std::string cost = format_general(g.edge_length_m[e]);
            lines.push_back(fmt::format("{}\t{}\t{}\t{}\t{}\t{{{}}}\t{}", e + 1, g.edge_a[e] + 1, g.edge_b[e] + 1, cost, cost,
                                        detail::copy_field(gates), detail::ewkt_4326(geom, geometry_type::line, false)));
        }
        copy_rows("sea_edges", lines);
        for (const char* sql : {"CREATE INDEX ON {s}.sea_nodes USING gist (geom)", "CREATE INDEX ON {s}.sea_edges USING gist (geom)",
                                "CREATE INDEX ON {s}.sea_edges (source)", "CREATE INDEX ON {s}.sea_edges (target)",
                                "CREATE INDEX ON {s}.sea_edges USING gin (gates)"})
            exec(fmt::format(fmt::runtime(sql), fmt::arg("s", m_s)));
        const std::string from = " of the sea graph " + origin + " (harbormap " + HARBORMAP_VERSION + ")";
        exec("COMMENT ON TABLE " + m_s + ".sea_nodes IS " + quote_literal("Nodes" + from + "; id = graph node index + 1"));
        exec("COMMENT ON TABLE " + m_s + ".sea_edges IS " +
             quote_literal("Undirected edges" + from + " for pgRouting: cost = reverse_cost = geodesic length in metres; "
                           "gates = chokepoint gates the edge crosses (ids of sea_gates); id = graph edge index + 1. "
                           "Closures: WHERE NOT gates && ARRAY['suez']; the default closures are the gates closed_by_default"));
        exec("COMMENT ON TABLE " + m_s + ".sea_gates IS " + quote_literal("Chokepoint gates" + from + "; bit = bit of the graph's gate mask"));
    }

    // The per-feature tile rules (keep, importance, minimum zoom) evaluated with the specs of
    // build_tiles.cpp, plus world coordinates (points) or Web Mercator geometry (lines, polygons).
    void write_tile_features(const tile_layers& tl) {
        exec("CREATE TABLE " + m_s + ".tile_features (layer text NOT NULL, fid bigint NOT NULL, ord integer NOT NULL, "
             "keep boolean NOT NULL, importance double precision NOT NULL, min_zoom integer NOT NULL, "
             "wx double precision, wy double precision, geom3857 geometry(Geometry,3857), PRIMARY KEY (layer, fid))");
        std::vector<std::string> lines;
        for (const auto& spec : tl.specs) {
            const auto& feats = spec.source->features;
            const bool points = spec.source->geom_type == geometry_type::point;
            for (std::size_t i = 0; i < feats.size(); ++i) {
                const feature& f = feats[i];
                const bool keep = spec.keep ? spec.keep(f) : false;
                const double importance = spec.importance ? spec.importance(f)
                                          : spec.importance_attribute.empty() ? 0.0
                                                                              : f.number(spec.importance_attribute).value_or(0.0);
                const int min_zoom = keep || !spec.feature_min_zoom ? 0 : spec.feature_min_zoom(f);
                const tiles::wgeom w = tiles::project(f.geom);
                std::string geo = "\\N\t\\N\t\\N";
                if (points && !w.points.empty()) geo = format_general(w.points[0].x) + '\t' + format_general(w.points[0].y) + "\t\\N";
                else if (!points && !w.empty()) geo = "\\N\t\\N\t" + detail::ewkt_3857(w);
                lines.push_back(fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}", detail::copy_field(spec.name), f.id, i, keep ? "t" : "f",
                                            format_general(importance), min_zoom, geo));
            }
        }
        copy_rows("tile_features", lines);
        exec("CREATE INDEX ON " + m_s + ".tile_features USING gist (geom3857)");
        exec("COMMENT ON TABLE " + m_s + ".tile_features IS " +
             quote_literal("Per-feature rules of the vector tiles (keep, importance, minimum zoom; as harbormap tiles build applies "
                           "them), world coordinates of points (0..1, y down) and Web Mercator geometry of lines and polygons; "
                           "read by tile(z, x, y)"));
    }

    const std::vector<std::pair<std::string, std::size_t>>& counts() const { return m_counts; }

private:
    pqxx::work& m_tx;
    std::ostream& m_err;
    bool m_log;
    std::string m_stage, m_s;
    std::vector<std::pair<std::string, std::size_t>> m_counts;
};

std::vector<detail::tile_layer_sql> tile_layer_list(const tile_layers& tl) {
    std::vector<detail::tile_layer_sql> out;
    for (const auto& spec : tl.specs) {
        detail::tile_layer_sql l;
        l.name = spec.name;
        l.points = spec.source->geom_type == geometry_type::point;
        l.simplify = spec.simplify;
        l.point_grid = spec.point_grid;
        for (const auto& f : spec.source->fields) {
            const bool listed = spec.fields.empty() || std::find(spec.fields.begin(), spec.fields.end(), f.name) != spec.fields.end();
            const bool excluded = std::find(spec.exclude_fields.begin(), spec.exclude_fields.end(), f.name) != spec.exclude_fields.end();
            if (listed && !excluded) l.columns.push_back(f.name);
        }
        out.push_back(std::move(l));
    }
    return out;
}

// --overwrite drops the schema with CASCADE: only a schema an earlier export wrote (its schema_version
// table names a harbormap version) and no extension's home, so `--schema public` or a team's working
// schema is never emptied.
void check_replaceable(pqxx::work& tx, const std::string& schema) {
    const std::string nsp = quote_literal(schema);
    const auto ext = tx.exec("SELECT e.extname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname = " +
                             nsp + " ORDER BY 1");
    if (!ext.empty())
        throw processing_error(fmt::format("schema {} holds the extension {}; --overwrite would drop it: choose another --schema", schema,
                                           ext[0][0].c_str()));
    // pg_catalog, not information_schema: information_schema.columns lists only the columns the current role
    // has a privilege on, so a colleague's export into the team's schema was told it "is not a harbormap export"
    const bool is_export = !tx.exec("SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = "
                                    "c.relnamespace WHERE n.nspname = " + nsp +
                                    " AND c.relname = 'schema_version' AND a.attname = 'harbormap_version' AND NOT a.attisdropped")
                                .empty();
    if (is_export) return;
    const auto rels = tx.exec("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = " + nsp +
                              " AND c.relkind IN ('r', 'v', 'm', 'f', 'p') ORDER BY 1");
    std::vector<std::string> names;
    for (const auto& row : rels)
        if (names.size() < 5) names.emplace_back(row[0].c_str());
    throw processing_error(fmt::format("schema {} exists and is not a harbormap export (no {}.schema_version; it holds {} table(s) or view(s){}"
                                       "); --overwrite replaces only a schema that harbormap export postgis wrote: choose another --schema",
                                       schema, schema, rels.size(), names.empty() ? "" : ": " + join(names, ", ") + (rels.size() > 5 ? ", ..." : "")));
}

void lock_and_prepare(pqxx::work& tx, const postgis_export_params& p, std::ostream& err) {
    const std::string key = fmt::format("{}, hashtext({})", advisory_lock_class, quote_literal(p.schema));
    if (!tx.exec1("SELECT pg_try_advisory_xact_lock(" + key + ")")[0].as<bool>()) {
        err << "export: another export to schema " << p.schema << " is running; waiting for it\n" << std::flush;
        tx.exec("SELECT pg_advisory_xact_lock(" + key + ")");
    }
    for (const char* ext : {"postgis", "pgrouting"}) {
        if (!tx.exec("SELECT 1 FROM pg_extension WHERE extname = " + quote_literal(ext)).empty()) continue;
        try {
            pqxx::subtransaction sub(tx, "create_extension");
            sub.exec(std::string("CREATE EXTENSION IF NOT EXISTS ") + ext);
            sub.commit();
        } catch (const pqxx::sql_error& e) {
            if (std::string(ext) == "postgis")
                throw processing_error("PostGIS is not installed in the database and could not be created (" + first_line(e.what()) +
                                       "); run CREATE EXTENSION postgis as a superuser");
            err << "export: note: pgRouting is not installed (" << first_line(e.what()) << "); sea_edges is written, pgr_* functions need it\n";
        }
    }
    const bool exists = !tx.exec("SELECT 1 FROM pg_namespace WHERE nspname = " + quote_literal(p.schema)).empty();
    if (exists && !p.overwrite) throw processing_error("schema " + p.schema + " already exists; use --overwrite to replace it");
    if (exists) check_replaceable(tx, p.schema);
}

// QGIS's own table of database styles, as QGIS 3.22 creates it (QgsPostgresProvider): QGIS reads
// `layer_styles` through the search path (public), keyed by f_table_catalog (the database),
// f_table_schema, f_table_name and f_geometry_column, and loads the row with useAsDefault.
constexpr const char* qgis_layer_styles_ddl =
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id SERIAL PRIMARY KEY, f_table_catalog varchar, f_table_schema varchar, "
    "f_table_name varchar, f_geometry_column varchar, styleName text, styleQML xml, styleSLD xml, useAsDefault boolean, "
    "description text, owner varchar(63) DEFAULT CURRENT_USER, ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, type varchar)";

// The default QGIS style of each styled layer of the export into public.layer_styles: the rows of the
// export's schema are replaced (deleted, then inserted), other schemas' rows are left alone.  In a
// subtransaction: without the right to create or write public.layer_styles the export goes on without
// styles (a note says so).  Returns the number of styles written.
std::size_t write_qgis_styles(pqxx::work& tx, const std::string& schema, const std::vector<std::pair<std::string, std::string>>& qml,
                              std::ostream& err) {
    if (qml.empty()) return 0;
    try {
        pqxx::subtransaction sub(tx, "qgis_styles");
        // exports to other schemas create the table too: one at a time
        sub.exec(fmt::format("SELECT pg_advisory_xact_lock({}, hashtext('public.layer_styles'))", advisory_lock_class));
        // created only when missing: a role may write an existing table without the right to create in public
        if (sub.exec1("SELECT to_regclass('public.layer_styles') IS NULL")[0].as<bool>()) sub.exec(qgis_layer_styles_ddl);
        sub.exec("DELETE FROM public.layer_styles WHERE f_table_schema = " + quote_literal(schema));
        for (const auto& [layer, style] : qml)
            sub.exec("INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
                     "styleQML, useAsDefault, description, update_time) VALUES (current_database(), " +
                     quote_literal(schema) + ", " + quote_literal(layer) + ", 'geom', 'harbormap', XMLPARSE(DOCUMENT " + quote_literal(style) +
                     "), true, " + quote_literal("harbormap default style for " + layer + " (" + HARBORMAP_VERSION + ")") +
                     ", now())");
        sub.commit();
    } catch (const pqxx::sql_error& e) {
        err << "export: note: QGIS styles not written to public.layer_styles (" << first_line(e.what())
            << "); the layers are exported, load out/styles/<layer>.qml in QGIS by hand\n";
        return 0;
    }
    return qml.size();
}

// libpq's parser takes any value; libpq checks these only when it connects (an error then reads like an
// unreachable server).  The values it would refuse, so a malformed string is a usage error: "" when fine.
std::string bad_option_value(const std::string& key, const std::string& val) {
    auto integer = [](const std::string& v, long lo, long hi) {
        const std::string t = trim(v);
        if (t.empty() || t.size() > 9 || !std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return false;
        const long n = std::stol(t);
        return n >= lo && n <= hi;
    };
    if (key == "port") { // one per host, comma-separated; an empty one is the default port
        for (const auto& part : split(val, ','))
            if (!trim(part).empty() && !integer(part, 1, 65535))
                return "port \"" + part + "\" is not a port number (1-65535)";
        return "";
    }
    for (const char* k : {"connect_timeout", "keepalives", "keepalives_idle", "keepalives_interval", "keepalives_count", "tcp_user_timeout"})
        if (key == k && !integer(val, 0, 999999999)) return key + " \"" + val + "\" is not a whole number";
    const std::map<std::string, std::vector<std::string>> choices = {
        {"sslmode", {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
        {"gssencmode", {"disable", "prefer", "require"}},
        {"target_session_attrs", {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}},
    };
    if (const auto it = choices.find(key); it != choices.end() && std::find(it->second.begin(), it->second.end(), val) == it->second.end())
        return key + " \"" + val + "\" is not one of " + join(it->second, ", ");
    return "";
}

} // namespace

std::string normalise_conninfo(const std::string& conn) {
    std::string c = trim(conn);
    if (c.size() >= 3 && to_upper(c.substr(0, 3)) == "PG:") c = trim(c.substr(3));
    if (c.empty()) throw usage_error("empty PostgreSQL connection string (e.g. \"host=localhost dbname=gis\" or postgresql://user@host/db)");
    char* errmsg = nullptr;
    PQconninfoOption* opts = PQconninfoParse(c.c_str(), &errmsg);
    if (!opts) {
        const std::string why = errmsg ? first_line(errmsg) : "cannot parse";
        if (errmsg) PQfreemem(errmsg);
        throw usage_error("bad PostgreSQL connection string: " + why +
                          " (expected key=value pairs such as \"host=localhost dbname=gis\", or a postgresql:// URI)");
    }
    std::string bad;
    for (PQconninfoOption* o = opts; o->keyword && bad.empty(); ++o)
        if (o->val && *o->val) bad = bad_option_value(o->keyword, o->val);
    PQconninfoFree(opts);
    if (!bad.empty())
        throw usage_error("bad PostgreSQL connection string: " + bad +
                          " (expected key=value pairs such as \"host=localhost port=5432 dbname=gis\", or a postgresql:// URI)");
    return c;
}

void check_schema_name(const std::string& schema) {
    const bool ok = !schema.empty() && schema.size() <= 40 && (std::islower(static_cast<unsigned char>(schema[0])) || schema[0] == '_') &&
                    std::all_of(schema.begin(), schema.end(), [](char ch) {
                        return std::islower(static_cast<unsigned char>(ch)) || std::isdigit(static_cast<unsigned char>(ch)) || ch == '_';
                    });
    if (!ok) throw usage_error("bad schema name '" + schema + "' (lower-case letters, digits and _, at most 40 characters)");
    // PostgreSQL reserves pg_ for system schemas: CREATE SCHEMA pg_x fails inside the export with "unacceptable schema name"
    if (schema.rfind("pg_", 0) == 0) throw usage_error("bad schema name '" + schema + "': names beginning with pg_ are PostgreSQL's own");
}

postgis_export_result export_postgis(const postgis_export_params& p, std::ostream& err) {
    const auto t0 = std::chrono::steady_clock::now();
    check_schema_name(p.schema);
    const std::string conninfo = normalise_conninfo(p.conninfo);
    if (!fs::exists(p.gpkg)) throw input_error(p.gpkg.string(), 0, "", "no such file (run `harbormap build` first)");
    if (!fs::exists(p.graph)) throw input_error(p.graph.string(), 0, "", "no such file (run `harbormap build` first)");
    const auto layers = layers::read_vector_file(p.gpkg);
    const routing::sea_graph graph = routing::read_graph_file(p.graph);
    const tile_layers tl = load_tile_layers(p.gpkg, p.data_dir);
    // QGIS default styles (the styles/<layer>.qml of `harbormap build`) of the styled layers exported
    std::vector<std::pair<std::string, std::string>> qml;
    const qgis_styling styling = load_qgis_styling(p.data_dir);
    for (const auto& name : styled_point_layers())
        if (std::any_of(layers.begin(), layers.end(), [&](const feature_layer& l) { return l.name == name; }))
            qml.emplace_back(name, qgis_layer_qml(name, styling));

    std::unique_ptr<pqxx::connection> conn;
    try {
        conn = std::make_unique<pqxx::connection>(conninfo);
    } catch (const pqxx::broken_connection& e) {
        throw processing_error("cannot connect to PostgreSQL (" + describe_conninfo(conninfo) + "): " + first_line(e.what()));
    } catch (const std::exception& e) { // e.g. a bad option value that the parser accepted
        throw processing_error("cannot connect to PostgreSQL (" + describe_conninfo(conninfo) + "): " + first_line(e.what()));
    }
    postgis_export_result r;
    try {
        pqxx::work tx(*conn, "harbormap_export");
        tx.exec("SET LOCAL client_min_messages = warning");
        lock_and_prepare(tx, p, err);
        const std::string stage = p.schema + "_export_staging";
        exporter x(tx, err, p.log_tables, stage);
        x.exec("DROP SCHEMA IF EXISTS " + quote_ident(stage) + " CASCADE");
        x.exec("CREATE SCHEMA " + quote_ident(stage));
        for (const auto& l : layers)
            if (l.name != "layer_styles") // the GeoPackage's styles go to public.layer_styles, where QGIS reads them
                x.write_layer(l, p.gpkg.filename().string(), {});
        for (const auto& l : tl.layers)
            if (l.name == "lanes" || l.name == "chokepoints")
                x.write_layer(l, l.name == "lanes" ? "data/sealanes (Benden lanes, MARNET)" : "data/chokepoints/gates.geojson",
                              "Tile layer of harbormap tiles build");
        x.write_graph(graph, p.graph.filename().string());
        x.write_tile_features(tl);
        const std::string s = quote_ident(stage);
        x.exec("CREATE TABLE " + s + ".schema_version (schema_version integer NOT NULL, harbormap_version text NOT NULL, "
               "exported_at timestamptz NOT NULL, gpkg text NOT NULL, graph text NOT NULL, graph_format integer NOT NULL, "
               "tiles_thin_below_zoom integer NOT NULL)");
        x.exec(fmt::format("INSERT INTO {}.schema_version VALUES ({}, {}, now(), {}, {}, {}, {})", s, postgis_schema_version,
                           quote_literal(HARBORMAP_VERSION), quote_literal(p.gpkg.string()), quote_literal(p.graph.string()),
                           routing::graph_file_version, p.tiles_max_zoom));
        x.exec("COMMENT ON TABLE " + s + ".schema_version IS 'Layout version of this schema and what it was exported from'");
        // the swap: the old schema goes, the staging schema takes its name; functions are created
        // under the final name (their bodies name the schema)
        const std::string final_s = quote_ident(p.schema);
        x.exec("DROP SCHEMA IF EXISTS " + final_s + " CASCADE");
        x.exec("ALTER SCHEMA " + s + " RENAME TO " + final_s);
        detail::tile_function_options o;
        o.thin_below_zoom = p.tiles_max_zoom;
        x.exec(detail::tile_function_sql(p.schema, tile_layer_list(tl), o));
        std::string names;
        for (const auto& spec : tl.specs) names += (names.empty() ? "" : ", ") + spec.name;
        x.exec("COMMENT ON FUNCTION " + final_s + ".tile(integer, integer, integer) IS " +
               quote_literal("Mapbox Vector Tile z/x/y (XYZ scheme, EPSG:3857, extent 4096, buffer 64) with the layers " + names +
                             " of harbormap tiles build; for martin / pg_tileserv"));
        x.exec("COMMENT ON SCHEMA " + final_s + " IS " +
               quote_literal(fmt::format("harbormap {} export (schema version {})", HARBORMAP_VERSION, postgis_schema_version)));
        r.tables = x.counts();
        r.qgis_styles = write_qgis_styles(tx, p.schema, qml, err);
        tx.commit();
    } catch (const pqxx::broken_connection& e) {
        throw processing_error("lost the connection to PostgreSQL (" + describe_conninfo(conninfo) + "): " + first_line(e.what()) +
                               "; nothing was changed");
    } catch (const pqxx::sql_error& e) {
        throw processing_error("PostgreSQL: " + first_line(e.what()) + "; nothing was changed");
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace harbormap::products
