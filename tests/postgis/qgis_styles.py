#!/usr/bin/python3
"""QGIS finds the styles of `harbormap export postgis` (ctest postgis_qgis_styles, labels postgis and qgis).

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_styles.py HARBORMAP CONNINFO OUT_DIR SOURCE_DIR

Exports OUT_DIR (the inputs of tests/postgis/prepare.sh) to schema hm_qgis_styles of the throw-away
cluster, then checks with psql: public.layer_styles has QGIS 3.22's column layout; one default row
per styled layer keyed as QGIS keys it (database, schema, table, geom); no copy inside the schema; a
re-export replaces the schema's rows and leaves another schema's rows alone; a role without rights on
public gets a note, and writes its styles once granted rights on the existing table.  With PyQGIS 3.22: the
postgres layers list their style in the database and load it (a rule-based renderer, not QGIS's
plain single symbol).  Exit 0 on success, 1 with the failures listed.
"""
import os
import subprocess
import sys

hm, conninfo, out, src = sys.argv[1:5]
SCHEMA = "hm_qgis_styles"
FAILURES = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        FAILURES.append(msg)


def psql(sql):
    psql_bin = os.path.join(os.environ.get("HARBORMAP_PG_BIN", "/usr/lib/postgresql/15/bin"), "psql")
    r = subprocess.run([psql_bin, "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("psql failed: " + r.stderr)
    return [line.split("|") for line in r.stdout.splitlines() if line]


def export(conn=conninfo, schema=SCHEMA):
    r = subprocess.run([hm, "--data", os.path.join(src, "data"), "--mappings", os.path.join(src, "layers", "mappings"),
                        "--out", out, "export", "postgis", conn, "--schema", schema, "--overwrite"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit("export failed: " + r.stderr)
    return r.stderr


summary = export()
check("QGIS default styles in public.layer_styles (schema " + SCHEMA + ")" in summary,
      "the export's summary says where the styles went")
# QGIS 3.22's own layout (QgsPostgresProvider's CREATE TABLE layer_styles)
cols = psql("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = 'layer_styles' ORDER BY ordinal_position")
want = [["id", "integer"], ["f_table_catalog", "character varying"], ["f_table_schema", "character varying"],
        ["f_table_name", "character varying"], ["f_geometry_column", "character varying"], ["stylename", "text"],
        ["styleqml", "xml"], ["stylesld", "xml"], ["useasdefault", "boolean"], ["description", "text"],
        ["owner", "character varying"], ["ui", "xml"], ["update_time", "timestamp without time zone"],
        ["type", "character varying"]]
check(cols == want, f"public.layer_styles has QGIS 3.22's columns ({cols})")
rows = psql(f"SELECT f_table_name, f_table_catalog = current_database(), f_geometry_column, useasdefault, "
            f"styleqml::text LIKE '<!DOCTYPE qgis%' FROM public.layer_styles WHERE f_table_schema = '{SCHEMA}' ORDER BY id")
names = [r[0] for r in rows]
check({"ports", "terminals", "strategic_seaports"} <= set(names), f"styles of ports, terminals, strategic_seaports ({names})")
check(len(names) == len(set(names)), "one style per layer")
check(all(r[1:] == ["t", "geom", "t", "t"] for r in rows), f"keyed by database and geom, default, QML ({rows})")
check(psql(f"SELECT count(*) FROM pg_tables WHERE schemaname = '{SCHEMA}' AND tablename = 'layer_styles'") == [["0"]],
      "no layer_styles copy inside the schema (QGIS finds it by name and fails to save styles)")
# a re-export replaces this schema's rows only
psql("INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, stylename, "
     "useasdefault) VALUES (current_database(), 'hm_qgis_someone_else', 'ports', 'geom', 'theirs', true)")
export()
again = [r[0] for r in psql(f"SELECT f_table_name FROM public.layer_styles WHERE f_table_schema = '{SCHEMA}' ORDER BY id")]
check(sorted(again) == sorted(names), f"a re-export replaces the schema's rows ({again})")
check(psql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'hm_qgis_someone_else'") == [["1"]],
      "another schema's style is left alone")
psql("DELETE FROM public.layer_styles WHERE f_table_schema = 'hm_qgis_someone_else'")
# a role that may create schemas but not tables in public (PostgreSQL 15's default): the export succeeds
# with a note; once granted rights on the existing table, it writes its styles there
role = "hm_qgis_role"
dbname = dict(p.split("=", 1) for p in conninfo.split())["dbname"]
psql(f"CREATE ROLE {role} LOGIN; GRANT CREATE ON DATABASE {dbname} TO {role}")
role_conn = " ".join(p if not p.startswith("user=") else "user=" + role for p in conninfo.split())
note = export(role_conn, "hm_qgis_role_s")
check("QGIS styles not written to public.layer_styles" in note, "without rights on public.layer_styles: exported, with a note")
psql(f"GRANT SELECT, INSERT, DELETE ON public.layer_styles TO {role}; GRANT USAGE ON SEQUENCE public.layer_styles_id_seq TO {role}")
export(role_conn, "hm_qgis_role_s")
check(psql("SELECT count(*) FROM public.layer_styles WHERE f_table_schema = 'hm_qgis_role_s'") == [[str(len(names))]],
      "with rights on the existing table (none to create in public): the styles are written")
psql(f"DROP SCHEMA hm_qgis_role_s CASCADE; DELETE FROM public.layer_styles WHERE f_table_schema = 'hm_qgis_role_s'; "
     f"DROP OWNED BY {role}; DROP ROLE {role}")

# QGIS itself: the layers come up with their default style from the database
from qgis.core import QgsApplication, QgsDataSourceUri, QgsVectorLayer  # noqa: E402

app = QgsApplication([], False)
app.initQgis()
kv = dict(p.split("=", 1) for p in conninfo.split())
for table in ["ports", "terminals"]:
    uri = QgsDataSourceUri()
    uri.setConnection(kv.get("host", ""), kv.get("port", ""), kv["dbname"], kv.get("user", ""), "")
    uri.setDataSource(SCHEMA, table, "geom", "", "fid")
    vl = QgsVectorLayer(uri.uri(False), table, "postgres")
    check(vl.isValid(), f"QGIS opens {SCHEMA}.{table}")
    related, ids, styles, descs, err = vl.listStylesInDatabase()
    check(related == 1 and styles[:1] == ["harbormap"], f"{table}: QGIS lists its style in the database ({related}, {styles}, {err})")
    check(vl.renderer() is not None and vl.renderer().type() == "RuleRenderer",
          f"{table}: loaded with the default style ({vl.renderer().type() if vl.renderer() else '-'}, not a plain single symbol)")
app.exitQgis()
psql(f"DROP SCHEMA {SCHEMA} CASCADE; DELETE FROM public.layer_styles WHERE f_table_schema = '{SCHEMA}'")
if FAILURES:
    print(f"{len(FAILURES)} failure(s)")
    sys.exit(1)
