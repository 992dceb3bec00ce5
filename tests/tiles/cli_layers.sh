#!/bin/sh
# `harbormap tiles build --layer NAME=FILE`: the general tiler on each input kind (GeoJSON, GeoJSONSeq,
# CSV with lon/lat, GPKG), the per-layer rules, the same bytes with 1 and 2 threads and with a small
# memory budget, and bad input with exit codes 2 (usage) and 1 (data).
# usage: cli_layers.sh HARBORMAP_BINARY WORK_DIR
set -eu
hm=$1; work=$2
rm -rf "$work"; mkdir -p "$work"; cd "$work"
fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }

# 3,000 points on a grid (rank 0-4, every 500th 'key'), a line and a polygon
awk 'BEGIN { print "id,name,rank,key,lon,lat"; n = 0
  for (i = 0; i < 60; i++) for (j = 0; j < 50; j++) { n++
    printf "%d,p%d,%d,%d,%.4f,%.4f\n", n, n, n % 5, (n % 500 == 0), -170 + i * 5.7, -60 + j * 2.5 } }' > pts.csv
awk -F, 'NR > 1 { printf "{\"type\":\"Feature\",\"properties\":{\"name\":\"%s\",\"rank\":%d},\"geometry\":{\"type\":\"Point\",\"coordinates\":[%s,%s]}}\n", $2, $3, $5, $6 }' pts.csv > pts.geojsons
cat > shapes.geojson <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"kind":"lane","z":0},"geometry":{"type":"LineString","coordinates":[[170,10],[-170,12],[-150,20]]}},
{"type":"Feature","properties":{"kind":"area","z":3},"geometry":{"type":"Polygon","coordinates":[[[-20,-20],[40,-20],[40,30],[-20,30],[-20,-20]]]}}]}
J
ogr2ogr -f GPKG pts.gpkg pts.csv -nln ports -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo AUTODETECT_TYPE=YES -a_srs EPSG:4326

rc=0; "$hm" --quiet tiles build --layer ports=pts.csv --layer shapes=shapes.geojson --keep ports=key --priority ports=rank \
  --min-zoom-attr shapes=z --max-zoom 6 --threads 1 -o t1.mbtiles --json > t1.json || rc=$?
check "CSV + GeoJSON layers build" "[ $rc = 0 ]"
check "every CSV point kept at the max zoom" "python3 -c \"import json; j=json.load(open('t1.json')); l=[x for x in j['zooms'][6]['layers'] if x['layer']=='ports'][0]; assert l['input']==3000 and l['kept']==3000\""
check "keep points never thinned (6 keep of 3000 at z0)" "python3 -c \"import json; j=json.load(open('t1.json')); l=[x for x in j['zooms'][0]['layers'] if x['layer']=='ports'][0]; assert 6 <= l['kept'] < 3000 and l['thinned'] > 0, l\""
check "polygon from z3 (--min-zoom-attr)" "python3 -c \"import json; j=json.load(open('t1.json')); s=[x for x in j['zooms'][2]['layers'] if x['layer']=='shapes'][0]; assert s['below_min_zoom']==1, s\""
"$hm" --quiet tiles build --layer ports=pts.csv --layer shapes=shapes.geojson --keep ports=key --priority ports=rank \
  --min-zoom-attr shapes=z --max-zoom 6 --threads 2 --max-memory 4M -o t2/t1.mbtiles
check "2 threads and a 4 MiB budget: same tiles" \
  "[ \"\$(sqlite3 t1.mbtiles 'select hex(tile_data) from tiles order by rowid' | md5sum)\" = \"\$(sqlite3 t2/t1.mbtiles 'select hex(tile_data) from tiles order by rowid' | md5sum)\" ]"
"$hm" --quiet tiles build --layer ports=pts.geojsons --max-zoom 3 -o seq.pmtiles --json > seq.json
check "GeoJSONSeq layer" "python3 -c \"import json; j=json.load(open('seq.json')); assert j['zooms'][3]['layers'][0]['kept']==3000\""
# a GeoJSONSeq file of one feature is one plain GeoJSON Feature: GDAL's GeoJSONSeq driver does not claim it unasked
head -1 pts.geojsons > one.geojsons
rc=0; "$hm" --quiet tiles build --layer ports=one.geojsons --max-zoom 3 -o one.mbtiles --json > one.json 2> err.txt || rc=$?
check "GeoJSONSeq layer of one feature" "[ $rc = 0 ] && python3 -c \"import json; j=json.load(open('one.json')); assert j['zooms'][3]['layers'][0]['kept']==1\""
"$hm" --quiet tiles build --layer ports=pts.gpkg --max-zoom 3 -o gpkg.mbtiles --json > gpkg.json
check "GPKG layer" "python3 -c \"import json; j=json.load(open('gpkg.json')); assert j['zooms'][3]['layers'][0]['kept']==3000\""
"$hm" tiles show gpkg.mbtiles --tile 3/4/3 --json > tile.json
check "attributes typed from the GPKG (rank is a number)" "grep -q '\"rank\":[0-9]' tile.json"

rc=0; "$hm" tiles build --layer ports -o x.mbtiles 2> err.txt || rc=$?
check "--layer without = is a usage error (exit 2)" "[ $rc = 2 ] && grep -q 'NAME=VALUE' err.txt"
rc=0; "$hm" tiles build --layer ports=missing.csv -o x.mbtiles 2> err.txt || rc=$?
check "missing file: exit 1 naming the file" "[ $rc = 1 ] && grep -q 'missing.csv' err.txt"
rc=0; "$hm" tiles build --layer ports=pts.csv --keep other=key -o x.mbtiles 2> err.txt || rc=$?
check "--keep of an unknown layer: exit 2" "[ $rc = 2 ] && grep -q 'no --layer other' err.txt"
rc=0; "$hm" tiles build --layer ports=pts.csv --max-memory lots -o x.mbtiles 2> err.txt || rc=$?
check "bad --max-memory: exit 2" "[ $rc = 2 ] && grep -q 'not a size' err.txt"
printf 'a,b\n1,2\n' > nogeom.csv
rc=0; "$hm" tiles build --layer ports=nogeom.csv -o x.mbtiles 2> err.txt || rc=$?
check "CSV without lon/lat: exit 1 naming the file" "[ $rc = 1 ] && grep -q 'nogeom.csv.*lon/lat' err.txt"
ogr2ogr -f GPKG two.gpkg pts.gpkg ports && ogr2ogr -update -f GPKG two.gpkg shapes.geojson -nln shapes
rc=0; "$hm" tiles build --layer x=two.gpkg -o x.mbtiles 2> err.txt || rc=$?
check "GPKG with several layers, none named x: exit 2" "[ $rc = 2 ] && grep -q 'several layers' err.txt"
# --threads 1 reads on the calling thread (no reader thread): its errors come out the same way
rc=0; "$hm" tiles build --layer x=two.gpkg --threads 1 -o x.mbtiles 2> err.txt || rc=$?
check "one thread: GPKG with several layers: exit 2" "[ $rc = 2 ] && grep -q 'several layers' err.txt"
head -3 pts.geojsons > bad.geojsons
echo '{"type":"Feature","properties":{"name":"far"},"geometry":{"type":"Point","coordinates":[10,95]}}' >> bad.geojsons
rc=0; "$hm" tiles build --layer ports=bad.geojsons --threads 1 -o x.mbtiles 2> err.txt || rc=$?
check "one thread: latitude 95 in feature 4: exit 1 naming file, feature and field" \
  "[ $rc = 1 ] && grep -q \"bad.geojsons:4: field 'geometry'\" err.txt && [ ! -e x.mbtiles ]"

# Inputs an analyst has: a GeoPackage in EPSG:3857 (reprojected, not refused), a GeometryCollection
# mixing a point and a line (one MVT feature per kind, nothing dropped), date fields (ISO 8601, not
# GDAL's "2024/01/05"), a CSV with a header only (exit 1, no output).
cat > analyst.geojson <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Piraeus","day":"2024-01-05","at":"2024-01-05T10:00:00Z"},"geometry":{"type":"Point","coordinates":[23.6,37.94]}},
{"type":"Feature","properties":{"name":"gc"},"geometry":{"type":"GeometryCollection","geometries":[
  {"type":"Point","coordinates":[-40,-40]},{"type":"LineString","coordinates":[[-50,-50],[-45,-45]]}]}},
{"type":"Feature","properties":{"name":"nowhere"},"geometry":null}]}
J
ogr2ogr -f GPKG merc.gpkg analyst.geojson -t_srs EPSG:3857 -nln merc
rc=0; "$hm" --quiet tiles build --layer merc=merc.gpkg --max-zoom 4 -o merc.mbtiles 2> err.txt || rc=$?
"$hm" tiles show merc.mbtiles --tile 4/9/6 --json > merc.json 2>> err.txt || true
# Piraeus at z4: tile 9/6, pixel (200.2, 717.0) of 4096
check "EPSG:3857 GeoPackage reprojected: Piraeus in tile 4/9/6 at its pixel" "[ $rc = 0 ] && python3 -c \"
import json; f=[f for f in json.load(open('merc.json'))['layers'][0]['features'] if f['properties']['name']=='Piraeus'][0]
x, y = f['geometry'][0][0]; assert abs(x - 200.2) <= 2 and abs(y - 717.0) <= 2, (x, y)\""
"$hm" tiles build --layer a=analyst.geojson --max-zoom 2 -o analyst.mbtiles 2> err.txt
check "no geometry: counted per feature of the file (1 of 3), a collection's parts once" "grep -q 'analyst.geojson: 1 of 3 features have no geometry' err.txt"
"$hm" tiles show analyst.mbtiles --tile 0/0/0 --json > analyst.json
check "GeometryCollection of a point and a line: both tiled, same attributes" "python3 -c \"
import json; fs=[f for f in json.load(open('analyst.json'))['layers'][0]['features'] if f['properties']['name']=='gc']
assert sorted(f['type'] for f in fs) == ['LineString', 'Point'], fs\""
check "date fields as ISO 8601" "grep -q '\"day\":\"2024-01-05\"' analyst.json && grep -q '\"at\":\"2024-01-05T10:00:00Z\"' analyst.json"
printf 'name,lon,lat\n' > header_only.csv
rc=0; "$hm" tiles build --layer a=header_only.csv -o empty.mbtiles 2> err.txt || rc=$?
check "CSV with a header only: exit 1 naming the file, no output" "[ $rc = 1 ] && grep -q 'header_only.csv: no features' err.txt && [ ! -e empty.mbtiles ]"
# CSV numbers whose text matters: "007" and "0123" stay text (GDAL's type detection made them 7 and
# 123), an integer beyond 64 bits too (it was clamped to 9223372036854775807); a longitude that is not a
# number names its row and column (the row was left without geometry, only counted)
printf 'name,zip,big,n,lon,lat\nA,007,12345678901234567890,1,23.6,37.94\nB,0123,1,2,-74,40.7\n' > codes.csv
for th in 1 2; do
  "$hm" --quiet tiles build --layer p=codes.csv --max-zoom 0 --threads $th -o codes$th.mbtiles
  "$hm" tiles show codes$th.mbtiles --tile 0/0/0 --json > codes$th.json
  check "CSV, $th thread(s): codes with leading zeros and a 20-digit integer stay text, other numbers numbers" \
    "grep -q '\"zip\":\"007\"' codes$th.json && grep -q '\"zip\":\"0123\"' codes$th.json && grep -q '\"big\":\"12345678901234567890\"' codes$th.json && grep -q '\"n\":1[,}]' codes$th.json"
done
# A CSV of 2 MiB or more is parsed in two parts at once with 2+ threads (layers::plan_vector_read; 60,000
# rows here): the same bytes with 1, 2 and 3 threads; with a quoted line break before its middle it is
# read in one part, the same bytes again; a bad longitude in its second half names its true row
big_csv() { awk -v bad="${1:-0}" -v quoted="${2:-0}" 'BEGIN { print "id,name,rank,key,lon,lat"
  for (n = 1; n <= 60000; n++) {
    lon = n == bad ? "abc" : sprintf("%.4f", -179 + (n * 7919 % 35800) / 100)
    printf "%d,%s,%d,%d,%s,%.4f\n", n, n == quoted ? "\"two\nlines\"" : "p" n, n % 5, (n % 5000 == 0), lon, -80 + (n * 104729 % 16000) / 100 } }'; }
big_csv > big.csv; big_csv 0 100 > bigq.csv; big_csv 50000 > bigbad.csv
# under the sanitizers (scripts/test-sanitize) 1 and 2 threads only, and the one-part fallback is left to
# test_layers' test_stream_parts: these runs are ~10x slower there
threads="1 2 3"; [ -n "${HARBORMAP_SANITIZER_RUN:-}" ] && threads="1 2"
for th in $threads; do
  mkdir -p big$th
  "$hm" --quiet tiles build --layer ports=big.csv --keep ports=key --priority ports=rank --max-zoom 3 --threads $th -o big$th/big.mbtiles
  [ -n "${HARBORMAP_SANITIZER_RUN:-}" ] ||
    "$hm" --quiet tiles build --layer ports=bigq.csv --keep ports=key --priority ports=rank --max-zoom 3 --threads $th -o big$th/bigq.mbtiles
done
check "CSV of 2.2 MB (two parts with 2+ threads): the same bytes with $threads threads" \
  "cmp -s big1/big.mbtiles big2/big.mbtiles && { [ ! -e big3 ] || cmp -s big1/big.mbtiles big3/big.mbtiles; }"
[ -n "${HARBORMAP_SANITIZER_RUN:-}" ] ||
  check "the same CSV with a quoted line break (one part): the same bytes with 1, 2 and 3 threads" \
    "cmp -s big1/bigq.mbtiles big2/bigq.mbtiles && cmp -s big1/bigq.mbtiles big3/bigq.mbtiles && ! cmp -s big1/big.mbtiles big1/bigq.mbtiles"
# lines and polygons from a WKT column (tab-separated, so unquoted: two parts too)
awk 'BEGIN { printf "id\tname\tWKT\n"; for (n = 1; n <= 40000; n++) { x = -170 + n * 7919 % 34000 / 100; y = -70 + n * 104729 % 14000 / 100
  if (n % 3) printf "%d\tn%d\tLINESTRING (%.2f %.2f,%.2f %.2f,%.2f %.2f)\n", n, n, x, y, x + 0.5, y + 0.5, x + 1, y
  else printf "%d\tn%d\tPOLYGON ((%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f))\n", n, n, x, y, x + 1, y, x + 1, y + 1, x, y } }' > bigwkt.csv
for th in 1 2; do "$hm" --quiet tiles build --layer w=bigwkt.csv --max-zoom 2 --threads $th -o big$th/bigwkt.mbtiles; done
check "CSV of 2.8 MB with WKT lines and polygons: the same bytes with 1 and 2 threads" "cmp -s big1/bigwkt.mbtiles big2/bigwkt.mbtiles"
for th in 1 2; do
  rc=0; "$hm" tiles build --layer p=bigbad.csv --threads $th --max-zoom 3 -o bigbad.mbtiles 2> err.txt || rc=$?
  check "CSV of 2.2 MB, $th thread(s): longitude 'abc' in row 50001 (second half): exit 1 naming that row, no output" \
    "[ $rc = 1 ] && grep -q \"bigbad.csv:50001: field 'lon': 'abc' is not a number\" err.txt && [ ! -e bigbad.mbtiles ]"
done
printf 'name,lon,lat\nA,23.6,37.94\n\nB,abc,10\n' > badlon.csv
rc=0; "$hm" tiles build --layer p=badlon.csv -o badlon.mbtiles 2> err.txt || rc=$?
check "CSV longitude 'abc': exit 1 naming file, row and column, no output" \
  "[ $rc = 1 ] && grep -q \"badlon.csv:3: field 'lon': 'abc' is not a number\" err.txt && [ ! -e badlon.mbtiles ]"
# Longitudes 0-360 (181-360 were wrapped or mis-tiled, unsaid) and latitudes beyond the poles: exit 1
# naming file, row and column, as a value that is not a number; -180, 180, -90 and 90 are accepted
printf 'name,lon,lat\nA,179.5,10\nB,200.25,10\n' > lon360.csv
rc=0; "$hm" tiles build --layer p=lon360.csv -o lon360.mbtiles 2> err.txt || rc=$?
check "CSV longitude 200.25: exit 1 naming file, row and column, no output" \
  "[ $rc = 1 ] && grep -q \"lon360.csv:3: field 'lon': longitude 200.25 is out of range \\[-180, 180\\]\" err.txt && [ ! -e lon360.mbtiles ]"
printf 'name;x;y\nA;10;-90,5\n' > badlat.csv
rc=0; "$hm" tiles build --layer p=badlat.csv -o badlat.mbtiles 2> err.txt || rc=$?
check "CSV latitude -90,5 (semicolon file, decimal comma): exit 1 naming row and column" \
  "[ $rc = 1 ] && grep -q \"badlat.csv:2: field 'y': latitude -90.5 is out of range \\[-90, 90\\]\" err.txt && [ ! -e badlat.mbtiles ]"
printf 'name,lon,lat\nA,-180,-90\nB,180,90\n' > edges.csv
rc=0; "$hm" --quiet tiles build --layer p=edges.csv --max-zoom 0 -o edges.mbtiles 2> err.txt || rc=$?
check "CSV at lon -180/180 and lat -90/90: accepted" "[ $rc = 0 ] && [ -f edges.mbtiles ]"
# The same for GeoJSON, GeoJSONSeq and GPKG points and multipoints (the reader wrapped them, unsaid): exit 1
# naming file, feature and coordinate, no output; a line past 180 (across the antimeridian) is still tiled
point_error() { # CHECK_NAME FILE MESSAGE
  rc=0; "$hm" tiles build --layer "p=$2" -o "$2.mbtiles" 2> err.txt || rc=$?
  if [ $rc = 1 ] && grep -qF -- "$3" err.txt && [ ! -e "$2.mbtiles" ]; then echo "ok   $1"; else echo "FAIL $1 (exit $rc)"; cat err.txt; fail=1; fi
}
cat > pt360.geojson <<'J'
{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"A"},"geometry":{"type":"Point","coordinates":[179.5,10]}},
{"type":"Feature","properties":{"name":"B"},"geometry":{"type":"Point","coordinates":[200.25,10]}}]}
J
point_error "GeoJSON Point at lon 200.25: exit 1 naming file, feature and coordinate" pt360.geojson \
  "pt360.geojson:2: field 'geometry': point (200.25, 10): longitude 200.25 is out of range [-180, 180]"
ok_point='{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}'
printf '%s\n{"type":"Feature","properties":{},"geometry":{"type":"MultiPoint","coordinates":[[0,0],[-181,-5]]}}\n' "$ok_point" > mpt360.geojsons
point_error "GeoJSONSeq MultiPoint with a part at lon -181: exit 1 naming it" mpt360.geojsons \
  "mpt360.geojsons:2: field 'geometry': point (-181, -5): longitude -181 is out of range [-180, 180]"
printf '%s\n{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[10,-90.5]}}\n' "$ok_point" > ptlat.geojsons
point_error "GeoJSONSeq Point at lat -90.5: exit 1 naming it" ptlat.geojsons \
  "ptlat.geojsons:2: field 'geometry': point (10, -90.5): latitude -90.5 is out of range [-90, 90]"
ogr2ogr -f GPKG pt360.gpkg pt360.geojson -nln p
point_error "GPKG Point at lon 200.25: exit 1 naming file, feature and coordinate" pt360.gpkg \
  "pt360.gpkg:2: field 'geometry': point (200.25, 10): longitude 200.25 is out of range [-180, 180]"
printf '%s\n{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[170,10],[200.25,12]]}}\n' "$ok_point" > line360.geojsons
rc=0; "$hm" --quiet tiles build --layer l=line360.geojsons --max-zoom 2 -o line360.mbtiles --json > line360.json 2> err.txt || rc=$?
check "GeoJSONSeq line from 170 to 200.25 (across the antimeridian): tiled on both sides" \
  "[ $rc = 0 ] && [ \"\$(sqlite3 line360.mbtiles 'select count(distinct tile_column) from tiles where zoom_level=2 and tile_column in (0, 3)')\" = 2 ]"
# The output's extension: a typo is a usage error (it made an XYZ folder named my.pmtile), any case works
rc=0; "$hm" tiles build --layer p=codes.csv --max-zoom 0 -o my.pmtile 2> err.txt || rc=$?
check "-o my.pmtile: exit 2 naming the extension, nothing written" "[ $rc = 2 ] && grep -q \"'.pmtile' is not .mbtiles or .pmtiles\" err.txt && [ ! -e my.pmtile ]"
"$hm" --quiet tiles build --layer p=codes.csv --max-zoom 0 -o UPPER.MBTILES
check "-o UPPER.MBTILES writes MBTiles" "[ -f UPPER.MBTILES ] && [ \"\$(sqlite3 UPPER.MBTILES 'select count(*) from tiles')\" = 1 ]"
"$hm" --quiet tiles build --layer p=codes.csv --max-zoom 0 -o dotted.v2 -f xyz
check "-f xyz allows a folder name with a dot" "[ -f dotted.v2/0/0/0.pbf ]"
exit $fail
