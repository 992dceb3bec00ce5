#include "engine/products/export/postgis_sql.hpp"

#include "engine/core/text.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

namespace harbormap::products::detail {

std::string sql_type(field_type t) {
    switch (t) {
    case field_type::text: return "text";
    case field_type::integer: return "bigint";
    case field_type::real: return "double precision";
    case field_type::boolean: return "boolean";
    }
    return "text";
}

std::string postgis_type(geometry_type t, bool multi_points) {
    switch (t) {
    case geometry_type::point: return multi_points ? "geometry(MultiPoint,4326)" : "geometry(Point,4326)";
    case geometry_type::line: return "geometry(MultiLineString,4326)";
    case geometry_type::polygon: return "geometry(MultiPolygon,4326)";
    case geometry_type::none: break;
    }
    return {};
}

std::string copy_field(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
        }
    }
    return out;
}

std::string copy_value(const value& v) {
    if (std::holds_alternative<std::monostate>(v)) return "\\N";
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "t" : "f";
    if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) return format_general(*d); // shortest round-trip text
    return copy_field(std::get<std::string>(v));
}

std::string quote_ident(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string quote_literal(std::string_view s) {
    std::string out;
    bool backslash = false;
    for (const char c : s) {
        if (c == '\'') out += "''";
        else if (c == '\\') {
            out += "\\\\";
            backslash = true;
        } else out += c;
    }
    return (backslash ? "E'" : "'") + out + "'";
}

namespace {

void append_coords(std::string& out, const std::vector<lon_lat>& pts, bool close) {
    out += '(';
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (i) out += ',';
        out += format_general(pts[i].lon) + ' ' + format_general(pts[i].lat);
    }
    if (close && !pts.empty() && !(pts.front().lon == pts.back().lon && pts.front().lat == pts.back().lat))
        out += ',' + format_general(pts.front().lon) + ' ' + format_general(pts.front().lat);
    out += ')';
}

// Web Mercator metres of world coordinates (0..1, y down): the sphere of EPSG:3857.
constexpr double mercator_world_m = 2 * std::numbers::pi * 6378137.0;

void append_world(std::string& out, const std::vector<tiles::world_point>& pts, bool close) {
    auto one = [&](const tiles::world_point& p) {
        out += format_general((p.x - 0.5) * mercator_world_m) + ' ' + format_general((0.5 - p.y) * mercator_world_m);
    };
    out += '(';
    for (std::size_t i = 0; i < pts.size(); ++i) {
        if (i) out += ',';
        one(pts[i]);
    }
    if (close && !pts.empty() && !(pts.front() == pts.back())) {
        out += ',';
        one(pts.front());
    }
    out += ')';
}

} // namespace

std::string ewkt_4326(const geometry& g, geometry_type layer_type, bool multi_points) {
    if (g.empty()) return "\\N";
    std::string out = "SRID=4326;";
    switch (layer_type) {
    case geometry_type::point:
        if (!multi_points) return out + "POINT(" + format_general(g.points.front().lon) + ' ' + format_general(g.points.front().lat) + ')';
        out += "MULTIPOINT";
        append_coords(out, g.points, false);
        return out;
    case geometry_type::line:
        out += "MULTILINESTRING(";
        for (std::size_t i = 0; i < g.lines.size(); ++i) {
            if (i) out += ',';
            append_coords(out, g.lines[i], false);
        }
        return out + ')';
    case geometry_type::polygon:
        out += "MULTIPOLYGON(";
        for (std::size_t i = 0; i < g.polygons.size(); ++i) {
            if (i) out += ',';
            out += '(';
            for (std::size_t r = 0; r < g.polygons[i].rings.size(); ++r) {
                if (r) out += ',';
                append_coords(out, g.polygons[i].rings[r], true);
            }
            out += ')';
        }
        return out + ')';
    case geometry_type::none: break;
    }
    return "\\N";
}

std::string ewkt_3857(const tiles::wgeom& g) {
    if (g.empty()) return "\\N";
    std::string out = "SRID=3857;";
    if (!g.lines.empty()) {
        out += "MULTILINESTRING(";
        for (std::size_t i = 0; i < g.lines.size(); ++i) {
            if (i) out += ',';
            append_world(out, g.lines[i], false);
        }
        return out + ')';
    }
    if (!g.polygons.empty()) {
        out += "MULTIPOLYGON(";
        for (std::size_t i = 0; i < g.polygons.size(); ++i) {
            if (i) out += ',';
            out += '(';
            for (std::size_t r = 0; r < g.polygons[i].size(); ++r) {
                if (r) out += ',';
                append_world(out, g.polygons[i][r], true);
            }
            out += ')';
        }
        return out + ')';
    }
    out += "MULTIPOINT";
    append_world(out, g.points, false);
    return out;
}

namespace {

std::string column_list(const tile_layer_sql& l, const std::string& alias = "l") {
    std::string s = alias + ".fid";
    for (const auto& c : l.columns) s += ", " + alias + "." + quote_ident(c);
    return s;
}

// Points: the tile and buffer membership, the grid contest and the tile coordinates are computed
// from the stored world coordinates with the same floating-point operations as tiles/generator.cpp,
// so point positions and the thinning agree exactly.  The contest window is the tile plus one grid
// cell on each side (every cell that can hold a point of the buffer).
std::string point_layer_sql(const std::string& s, const tile_layer_sql& l, const tile_function_options& o) {
    const double buf = static_cast<double>(o.buffer) / o.extent;
    const std::string thin = l.point_grid > 0 ? fmt::format("z < {}", o.thin_below_zoom) : "false";
    const std::uint32_t grid = l.point_grid > 0 ? l.point_grid : 1;
    return fmt::format(R"SQL(
  WITH c AS (
    SELECT r.fid, r.ord, r.keep, r.importance, r.wx * n - x AS lx, r.wy * n - y AS ly,
           least(greatest(floor(r.wx * (n * {grid})), 0), n * {grid} - 1) AS cx,
           least(greatest(floor(r.wy * (n * {grid})), 0), n * {grid} - 1) AS cy
    FROM {s}.tile_features r
    WHERE r.layer = {layer} AND (r.keep OR z >= r.min_zoom)
      AND floor(r.wx * (n * {grid})) BETWEEN x * {grid} - 1 AND x * {grid} + {grid}
      AND floor(r.wy * (n * {grid})) BETWEEN y * {grid} - 1 AND y * {grid} + {grid}
  ), w AS (
    SELECT c.*, CASE WHEN c.keep OR NOT ({thin}) THEN 1
                     ELSE row_number() OVER (PARTITION BY c.keep, c.cx, c.cy ORDER BY c.importance DESC, c.ord) END AS rk
    FROM c
  )
  SELECT ST_AsMVT(t, {layer}, {extent}, 'geom', 'fid') INTO part FROM (
    SELECT {cols},
           ST_MakePoint(sign(w.lx * {extent}) * floor(abs(w.lx * {extent}) + 0.5),
                        sign(w.ly * {extent}) * floor(abs(w.ly * {extent}) + 0.5)) AS geom
    FROM w JOIN {s}.{table} l ON l.fid = w.fid
    WHERE w.rk = 1 AND w.lx BETWEEN {mbuf} AND {pbuf} AND w.ly BETWEEN {mbuf} AND {pbuf}
    ORDER BY w.ord) t;
  result := result || coalesce(part, ''::bytea);
)SQL",
                       fmt::arg("s", s), fmt::arg("layer", quote_literal(l.name)), fmt::arg("table", quote_ident(l.name)),
                       fmt::arg("grid", grid), fmt::arg("thin", thin), fmt::arg("extent", o.extent), fmt::arg("cols", column_list(l)),
                       fmt::arg("mbuf", format_general(-buf)), fmt::arg("pbuf", format_general(1 + buf)));
}

// Lines and polygons: Douglas-Peucker with the layer's tolerance (tile units at this zoom, in metres),
// clipped to the tile plus buffer (ST_ClipByBox2D: no noding, unlike the GEOS overlay ST_AsMVTGeom uses
// to clip, which dissolves lines that run over themselves).  Lines are then scaled to tile units and
// snapped to the integer grid as tiles/clip.cpp quantises them; polygons go through ST_AsMVTGeom
// (validity and MVT ring orientation).  ST_AsMVTGeom would also remove zero-width spikes of lines (a
// lane that runs out and back along itself, as some Benden lanes do), which our tiles keep.
std::string shape_layer_sql(const std::string& s, const tile_layer_sql& l, const tile_function_options& o) {
    return fmt::format(R"SQL(
  SELECT ST_AsMVT(t, {layer}, {extent}, 'geom', 'fid') INTO part FROM (
    SELECT {qcols}, q.geom FROM (
      SELECT {cols}, r.ord,
             CASE WHEN ST_Dimension(c.g) = 1 THEN ST_SnapToGrid(ST_Affine(c.g, k, 0, 0, -k, ox, oy), 1.0)
                  ELSE ST_AsMVTGeom(c.g, env, {extent}, {buffer}, false) END AS geom
      FROM {s}.tile_features r JOIN {s}.{table} l ON l.fid = r.fid,
           LATERAL (SELECT ST_ClipByBox2D(ST_Simplify(r.geom3857, {simplify} * tile_m / {extent}), clip_box) AS g) c
      WHERE r.layer = {layer} AND (r.keep OR z >= r.min_zoom) AND r.geom3857 && clip_box
    ) q WHERE q.geom IS NOT NULL AND NOT ST_IsEmpty(q.geom) ORDER BY q.ord) t;
  result := result || coalesce(part, ''::bytea);
)SQL",
                       fmt::arg("s", s), fmt::arg("layer", quote_literal(l.name)), fmt::arg("table", quote_ident(l.name)),
                       fmt::arg("extent", o.extent), fmt::arg("buffer", o.buffer), fmt::arg("cols", column_list(l)),
                       fmt::arg("qcols", column_list(l, "q")),
                       fmt::arg("simplify", format_general(l.simplify)));
}

} // namespace

std::string tile_function_sql(const std::string& schema, const std::vector<tile_layer_sql>& layers,
                              const tile_function_options& o) {
    const std::string s = quote_ident(schema);
    std::string body;
    for (const auto& l : layers) body += "  -- layer " + l.name + (l.points ? point_layer_sql(s, l, o) : shape_layer_sql(s, l, o));
    return fmt::format(R"SQL(
CREATE FUNCTION {s}.tile(z integer, x integer, y integer) RETURNS bytea
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $hm$
DECLARE
  n double precision := 2.0::double precision ^ z;
  env geometry := ST_TileEnvelope(z, x, y);
  tile_m double precision := 40075016.685578488 / (2.0::double precision ^ z);
  clip_box geometry := ST_Expand(env, tile_m * {buffer} / {extent});
  k double precision := {extent} / tile_m;                  -- metres to tile units
  ox double precision := -ST_XMin(ST_TileEnvelope(z, x, y)) * ({extent} / tile_m);
  oy double precision := ST_YMax(ST_TileEnvelope(z, x, y)) * ({extent} / tile_m);
  result bytea := ''::bytea;
  part bytea;
BEGIN
  IF z < 0 OR z > 24 OR x < 0 OR y < 0 OR x >= n OR y >= n THEN
    RAISE EXCEPTION 'harbormap.tile: no tile %/%/%', z, x, y;
  END IF;
{body}
  RETURN result;
END
$hm$;
)SQL",
                       fmt::arg("s", s), fmt::arg("body", body), fmt::arg("buffer", o.buffer), fmt::arg("extent", o.extent));
}

} // namespace harbormap::products::detail
