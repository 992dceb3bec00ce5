#!/usr/bin/python3
"""Opens harbormap's tiles in QGIS (PyQGIS, headless) and checks them.

usage: QT_QPA_PLATFORM=offscreen /usr/bin/python3 qgis_check.py OUT_DIR MIN_ZOOM MAX_ZOOM PNG_DIR

OUT_DIR holds harbormap.mbtiles, tiles/ (XYZ), styles/harbormap_tiles.qml, harbormap.gpkg and
harbormap.qgs as written by `harbormap build`.  Checks: both tile layers are valid, have the zoom
range and an extent covering the ports; a rendered PNG shows Piraeus (PRC-operated, COSCO: red), Colombo
(PRC-operated, several groups: dark brown)
and Long Beach (a US strategic seaport, blue) at their projected positions; the project opens in
EPSG:3857 with every layer valid and the GeoPackage layers styled from layer_styles.
Exit 0 on success, 1 with a message on the first failure.
"""
import math
import os
import sys

from qgis.core import (NULL, QgsApplication, QgsCoordinateReferenceSystem, QgsDateTimeRange, QgsFeatureRequest,
                       QgsLayoutExporter, QgsLayoutItemLabel, QgsLayoutItemLegend, QgsMapRendererSequentialJob, QgsMapSettings, QgsProject,
                       QgsRectangle, QgsVectorLayer, QgsVectorLayerTemporalContext, QgsVectorLayerTemporalProperties,
                       QgsVectorTileLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime
from qgis.PyQt.QtGui import QColor, QImage

FAILURES = []


def check(cond, msg):
    print(("ok   " if cond else "FAIL ") + msg)
    if not cond:
        FAILURES.append(msg)


def merc(lon, lat):
    x = lon * 20037508.342789244 / 180.0
    y = math.log(math.tan((90.0 + lat) * math.pi / 360.0)) * 6378137.0
    return x, y


# predicates on RGB: which colour family the symbol has (colours in data/styles/symbols.json)
def reddish(c):  # PRC-operated port of COSCO (198,40,40) or PRC/HK terminal (120,0,0)
    return c.red() > 100 and c.green() < 90 and c.blue() < 90


def dark_brown(c):  # PRC-operated port of several PRC groups (62,39,35): the ports are coloured by prc_group
    return c.red() < 100 and c.green() < 70 and c.blue() < 70 and c.red() > c.blue() + 10


def bluish(c):  # US strategic seaport (navy 13,59,102; not the grey-blue lanes 127,163,189)
    return c.blue() > 80 and c.red() < 60 and c.blue() - c.green() > 25


# (label, UN/LOCODE, expected colour, description); positions come from the GeoPackage's ports layer
KNOWN = [("Piraeus", "GRPIR", reddish, "red (PRC-operated)"),
         ("Colombo", "LKCMB", dark_brown, "dark brown (PRC-operated, several groups: CCCC and CMPort)"),
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


BASEMAP = "Countries (Natural Earth 1:50m)"


def water(c):  # the background the basemap checks render on (223,234,242)
    return abs(c.red() - 223) < 6 and abs(c.green() - 234) < 6 and abs(c.blue() - 242) < 6


def landish(c):  # the basemap's land fill (243,240,232)
    return abs(c.red() - 243) < 12 and abs(c.green() - 240) < 12 and abs(c.blue() - 232) < 12


def check_project_map(project, png_dir):
    """The project as an analyst opens it: a basemap under the ports, the ports labelled (English names,
    the labelled classes), the tiles off, and a print layout that exports a finished page."""
    root = project.layerTreeRoot()
    layers = {l.name(): l for l in project.mapLayers().values()}
    base = layers.get(BASEMAP)
    check(base is not None and base.isValid() and base.geometryType() == QgsWkbTypes.PolygonGeometry
          and base.featureCount() > 200, f"project: basemap layer '{BASEMAP}' with the countries")
    check(base is not None and root.findLayer(base.id()).isVisible(), "project: the basemap is on")
    # no strip of land across the world: QGIS draws a ring's jump across the antimeridian (an edge from ~180 to
    # ~-180) as an edge over the whole width, and the TopoJSON's Chukotka and Fiji drew land over the Norwegian
    # Sea at 66-70 N and a line over the South Atlantic at 17 S.  The basemap alone, the whole world: open
    # water there.
    if base is not None:
        wm = QgsMapSettings()
        wm.setLayers([base])
        wm.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
        wm.setOutputSize(QSize(1200, 1200))
        wm.setBackgroundColor(QColor(223, 234, 242))
        wm.setExtent(QgsRectangle(-20037508.34, -20037508.34, 20037508.34, 20037508.34))
        wj = QgsMapRendererSequentialJob(wm)
        wj.start()
        wj.waitForFinished()
        wimg = wj.renderedImage()
        wimg.save(os.path.join(png_dir, "project_basemap_world.png"))
        for what, (lon0, lat0, lon1, lat1) in (("Norwegian Sea, 66-70 N", (-5, 66, 5, 70)), ("South Atlantic, 18-16 S", (-35, -18, -15, -16))):
            px = [wm.mapToPixel().transform(*merc(lon, lat)) for lon, lat in ((lon0, lat0), (lon1, lat1))]
            xs, ys = sorted(round(p.x()) for p in px), sorted(round(p.y()) for p in px)
            pts = [(x, y) for x in range(xs[0], xs[1] + 1) for y in range(ys[0], ys[1] + 1)]
            drawn = sum(1 for x, y in pts if not water(QColor(wimg.pixel(x, y))))
            check(drawn == 0, f"project: nothing of the basemap drawn over the open water of the {what} ({drawn} of {len(pts)} pixels)")
    tiles = [l for l in layers.values() if isinstance(l, QgsVectorTileLayer)]
    check(tiles and not root.findLayer(tiles[0].id()).isVisible(), "project: the tiles are off (nothing draws twice)")
    ports = layers.get("ports (GeoPackage)")
    check(ports is not None and ports.labelsEnabled() and ports.labeling() is not None, "project: the ports are labelled")
    if ports is not None and ports.labeling() is not None:
        check(ports.labeling().settings().fieldName == "name", "project: port labels are the English names (field name)")
    # render the visible layers over Europe with labelling; the labels placed include Piraeus and Rotterdam
    visible = [l for l in root.layerOrder() if root.findLayer(l.id()).isVisible()]
    ms = QgsMapSettings()
    ms.setLayers(visible)
    ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    ms.setOutputSize(QSize(1000, 800))
    ms.setBackgroundColor(QColor(223, 234, 242))
    x0, y0 = merc(-12, 33)
    x1, y1 = merc(32, 60)
    ms.setExtent(QgsRectangle(x0, y0, x1, y1))
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(os.path.join(png_dir, "project_europe_labels.png"))
    results = job.takeLabelingResults()
    texts = sorted({lab.labelText for lab in results.allLabels()}) if results else []
    print(f"     {len(texts)} labels placed over Europe, e.g. {texts[:8]}")
    for want in ("Piraeus", "Rotterdam"):
        check(want in texts, f"project: the labelling results contain {want}")
    land = sum(1 for x in range(0, 1000, 10) for y in range(0, 800, 10) if landish(QColor(img.pixel(x, y))))
    check(land > 1000, f"project: land drawn over Europe ({land} of 8000 probes on land colour)")
    # the print layout: title, map, legend, credits; exported as a page
    layout = project.layoutManager().layoutByName("harbormap A4")
    check(layout is not None, "project: print layout 'harbormap A4'")
    if layout is None:
        return
    items = layout.items()
    kinds = {type(i).__name__ for i in items}
    check({"QgsLayoutItemMap", "QgsLayoutItemLegend", "QgsLayoutItemLabel"} <= kinds, f"layout items: {sorted(kinds)}")
    labels = [i.text() for i in items if isinstance(i, QgsLayoutItemLabel)]
    check(any("Chinese ownership" in t for t in labels) and any("Natural Earth" in t for t in labels),
          "layout: title and credits")
    path = os.path.join(png_dir, "layout_a4.png")
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 72
    check(QgsLayoutExporter(layout).exportToImage(path, settings) == QgsLayoutExporter.Success, "layout exports to PNG")
    page = QImage(path)
    land = sum(1 for x in range(0, page.width(), 8) for y in range(0, page.height(), 8) if landish(QColor(page.pixel(x, y))))
    check(land > 300, f"layout page: the map shows land ({land} probes)")
    # the legend (sized to its contents by the export) ends above the credits: with one column per layer its
    # ports column ran 60 mm down to 208 mm, over the credits at 196 mm and to the page's edge (210 mm)
    legend = [i for i in items if isinstance(i, QgsLayoutItemLegend)]
    credits = [i for i in items if isinstance(i, QgsLayoutItemLabel) and "Natural Earth" in i.text()]
    if legend and credits:
        lb = legend[0].sceneBoundingRect()
        cb = credits[0].sceneBoundingRect()
        check(lb.bottom() <= cb.top() and cb.bottom() <= 210,
              f"layout: the legend ({lb.top():.1f}-{lb.bottom():.1f} mm) ends above the credits ({cb.top():.1f}-{cb.bottom():.1f} mm)")
    # every legend entry has symbols: the tiles (off; a vector tile layer has no legend symbols in QGIS 3.22) are
    # not listed, an empty "harbormap tiles" heading was; every other layer of the project is
    if legend:
        model = legend[0].model()
        entries = {n.layerId(): (n.name(), len(model.layerLegendNodes(n))) for n in model.rootGroup().findLayers()}
        others = {l.id() for l in project.mapLayers().values() if not isinstance(l, QgsVectorTileLayer)}
        check(not legend[0].autoUpdateModel() and set(entries) == others and all(n > 0 for _, n in entries.values()),
              f"layout: the legend lists every layer but the tiles, each with symbols: {sorted(f'{n} ({k})' for n, k in entries.values())}")


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
        if isinstance(l, QgsVectorLayer) and l.name() != BASEMAP:
            check(l.renderer().type() == "RuleRenderer", f"project layer '{l.name()}' styled")
    check_temporal(project, layers)
    tiles = [l for l in layers if isinstance(l, QgsVectorTileLayer)]
    if tiles and tiles[0].isValid():
        name, lon, lat, pred, what = PORTS[0]
        img, ms = render(tiles, merc(lon, lat), 20000, os.path.join(png_dir, "project_Piraeus.png"))
        check(probe(img, ms, lon, lat, pred), f"project: {name} drawn {what}")
    check_project_map(project, png_dir)
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
