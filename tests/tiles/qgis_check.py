#!/usr/bin/python3
"""Opens harbormap's tiles in QGIS (PyQGIS, headless) and checks them.

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_check.py OUT_DIR MIN_ZOOM MAX_ZOOM PNG_DIR

OUT_DIR holds harbormap.mbtiles, tiles/ (XYZ), styles/harbormap_tiles.qml, harbormap.gpkg and
harbormap.qgs as written by `harbormap build`.  Checks: both tile layers are valid, have the zoom
range and an extent covering the ports; a rendered PNG shows Piraeus and Colombo (PRC-operated, red)
and Long Beach (a US strategic seaport, blue) at their projected positions; the project opens in
EPSG:3857 with every layer valid and the GeoPackage layers styled from layer_styles.
Exit 0 on success, 1 with a message on the first failure.
"""
import math
import os
import sys

from qgis.core import (NULL, QgsApplication, QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsFeatureRequest,
                       QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer,
                       QgsVectorLayerTemporalContext, QgsVectorLayerTemporalProperties, QgsVectorTileLayer)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime
from qgis.PyQt.QtGui import QColor

FAILURES = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        FAILURES.append(msg)


def merc(lon, lat):
    x = lon * 20037508.342789244 / 180.0
    y = math.log(math.tan((90.0 + lat) * math.pi / 360.0)) * 6378137.0
    return x, y


# predicates on RGB: which colour family the symbol has (styles in engine/query/tiles_styles.cpp)
def reddish(c):  # PRC-operated port (215,25,28) or PRC/HK terminal (120,0,0)
    return c.red() > 100 and c.green() < 90 and c.blue() < 90


def bluish(c):  # US strategic seaport (20,90,210)
    return c.blue() > 150 and c.red() < 90


# (label, UN/LOCODE, expected colour, description); positions come from the GeoPackage's ports layer
KNOWN = [("Piraeus", "GRPIR", reddish, "red (PRC-operated)"),
         ("Colombo", "LKCMB", reddish, "red (PRC-operated)"),
         ("Long Beach", "USLGB", bluish, "blue (US strategic seaport)")]
PORTS = []


def load_ports(gpkg):
    vl = QgsVectorLayer(gpkg + "|layername=ports", "ports", "ogr")
    for label, code, pred, what in KNOWN:
        feats = list(vl.getFeatures(f"\"unlocode\" = '{code}'"))
        check(len(feats) == 1, f"{label} ({code}) is one port in the GeoPackage")
        if feats:
            p = feats[0].geometry().asPoint()
            PORTS.append((label, p.x(), p.y(), pred, what))


def render(layers, center, half_width_m, path, size=400):
    ms = QgsMapSettings()
    ms.setLayers(layers)
    ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    ms.setOutputSize(QSize(size, size))
    ms.setBackgroundColor(QColor(255, 255, 255))
    cx, cy = center
    ms.setExtent(QgsRectangle(cx - half_width_m, cy - half_width_m, cx + half_width_m, cy + half_width_m))
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(path)
    return img, ms


def probe(img, ms, lon, lat, pred, radius=6):
    """True when a pixel within `radius` px of the port's position matches `pred`."""
    x, y = merc(lon, lat)
    ext = ms.extent()
    px = (x - ext.xMinimum()) / ext.width() * img.width()
    py = (ext.yMaximum() - y) / ext.height() * img.height()
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            xi, yi = int(px) + dx, int(py) + dy
            if 0 <= xi < img.width() and 0 <= yi < img.height() and pred(QColor(img.pixel(xi, yi))):
                return True
    return False


def check_tile_layer(layer, label, zmin, zmax, qml, png_dir):
    check(layer.isValid(), f"{label}: layer is valid")
    if not layer.isValid():
        return
    check(layer.sourceMinZoom() == zmin and layer.sourceMaxZoom() == zmax,
          f"{label}: zoom range {layer.sourceMinZoom()}..{layer.sourceMaxZoom()} == {zmin}..{zmax}")
    ext = layer.extent()
    for name, lon, lat, _, _ in PORTS:
        x, y = merc(lon, lat)
        check(ext.contains(x, y), f"{label}: extent contains {name}")
    msg, ok = layer.loadNamedStyle(qml)
    check(ok, f"{label}: style {os.path.basename(qml)} loads ({msg})")
    check(len(layer.renderer().styles()) >= 8, f"{label}: {len(layer.renderer().styles())} renderer styles")
    for name, lon, lat, pred, what in PORTS:
        # 40 km across: zoom ~ 12 at 400 px; the tiles' max zoom is used (overzoom)
        img, ms = render([layer], merc(lon, lat), 20000, os.path.join(png_dir, f"{label}_{name.replace(' ', '_')}.png"))
        check(probe(img, ms, lon, lat, pred), f"{label}: {name} drawn {what} at its position")
    img, ms = render([layer], (0, 0), 20037508, os.path.join(png_dir, f"{label}_world.png"), 512)
    nonwhite = sum(1 for i in range(0, 512, 4) for j in range(0, 512, 4) if QColor(img.pixel(i, j)).rgb() != QColor(255, 255, 255).rgb())
    check(nonwhite > 200, f"{label}: world render draws something ({nonwhite} sampled pixels)")


def main():
    if len(sys.argv) != 5:
        print(__doc__)
        return 2
    out, zmin, zmax, png_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    os.makedirs(png_dir, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    qml = os.path.join(out, "styles", "harbormap_tiles.qml")
    load_ports(os.path.join(out, "harbormap.gpkg"))

    mb = QgsVectorTileLayer(f"type=mbtiles&url={os.path.join(out, 'harbormap.mbtiles')}", "mbtiles")
    check_tile_layer(mb, "mbtiles", zmin, zmax, qml, png_dir)
    xyz_url = "file://" + os.path.join(os.path.abspath(out), "tiles") + "/{z}/{x}/{y}.pbf"
    xyz = QgsVectorTileLayer(f"type=xyz&url={xyz_url}&zmin={zmin}&zmax={zmax}", "xyz")
    check_tile_layer(xyz, "xyz", zmin, zmax, qml, png_dir)

    # GeoPackage layers pick up their default style from layer_styles
    for name in ("ports", "terminals", "strategic_seaports"):
        vl = QgsVectorLayer(os.path.join(out, "harbormap.gpkg") + f"|layername={name}", name, "ogr")
        check(vl.isValid(), f"gpkg {name}: valid")
        check(vl.isValid() and vl.renderer().type() == "RuleRenderer",
              f"gpkg {name}: styled from layer_styles ({vl.renderer().type() if vl.isValid() else '-'})")

    project = QgsProject.instance()
    check(project.read(os.path.join(out, "harbormap.qgs")), "project harbormap.qgs reads")
    check(project.crs().authid() == "EPSG:3857", f"project CRS {project.crs().authid()} is EPSG:3857")
    layers = list(project.mapLayers().values())
    names = sorted(l.name() for l in layers)
    want = ["harbormap tiles", "ports (GeoPackage)", "strategic_seaports (GeoPackage)", "terminals (GeoPackage)"]
    check(all(w in names for w in want), f"project has the tiles and the ports/terminals/strategic layers: {names}")
    for l in layers:
        check(l.isValid(), f"project layer '{l.name()}' valid")
        if isinstance(l, QgsVectorTileLayer):
            check(len(l.renderer().styles()) >= 8, "project tile layer is styled")
        if isinstance(l, QgsVectorLayer):
            check(l.renderer().type() == "RuleRenderer", f"project layer '{l.name()}' styled")
    check_temporal(project, layers)
    tiles = [l for l in layers if isinstance(l, QgsVectorTileLayer)]
    if tiles and tiles[0].isValid():
        name, lon, lat, pred, what = PORTS[0]
        img, ms = render(tiles, merc(lon, lat), 20000, os.path.join(png_dir, "project_Piraeus.png"))
        check(probe(img, ms, lon, lat, pred), f"project: {name} drawn {what}")
    # (no exitQgis(): PyQGIS 3.22 may crash tearing down the project; the process exits below)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("all QGIS checks passed")
    return 0


def check_temporal(project, layers):
    """The fact layers animate with the temporal controller: the filter QGIS builds for a year keeps exactly
    the rows valid that year by the README's rule (valid_from <= year < valid_to), counted from the attributes."""
    begin = project.timeSettings().temporalRange().begin().date().year()
    check(begin == 2000, f"project time range starts in 2000 ({begin})")
    terminals = [l for l in layers if l.name() == "terminals (GeoPackage)"]
    if not terminals:
        check(False, "project has the terminals layer")
        return
    lyr = terminals[0]
    tp = lyr.temporalProperties()
    check(tp.isActive() and tp.mode() == QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromExpressions,
          "terminals: temporal from start/end expressions")
    ctx = QgsVectorLayerTemporalContext()
    ctx.setLayer(lyr)
    counts = {}
    for year in (2010, 2020):
        rng = QgsDateTimeRange(QDateTime(QDate(year, 6, 1), QTime(0, 0)), QDateTime(QDate(year, 6, 2), QTime(0, 0)))
        shown = sum(1 for _ in lyr.getFeatures(QgsFeatureRequest().setFilterExpression(tp.createFilterString(ctx, rng))))
        valid = sum(1 for f in lyr.getFeatures() if f["valid_from"] != NULL and f["valid_from"] <= year
                    and (f["valid_to"] == NULL or year < f["valid_to"]))
        check(shown == valid, f"terminals in {year}: the temporal filter shows {shown} rows, {valid} valid by the rule")
        counts[year] = shown
    check(0 < counts[2010] < counts[2020], f"terminals: more rows in 2020 than in 2010 ({counts})")


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)
