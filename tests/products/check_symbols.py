#!/usr/bin/env python3
"""One colour per class in every output: reads data/styles/symbols.json and the OUTPUTS of a build
(styles/harbormap.style.json, styles/harbormap_tiles.qml, styles/<layer>.qml, harbormap.qgs,
harbormap.mbtiles and maps/*.svg) and checks that each class is drawn in its symbols.json colour everywhere
it appears, that the tiles' PRC-operated ports carry the group (prc_group) the world map colours them by,
and that the static maps' circle markers have their class's print size.

usage: check_symbols.py OUT_DIR SYMBOLS_JSON
       check_symbols.py --self-test   (the checks fail on outputs that disagree)
"""
import json
import pathlib
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'

# Where the static maps of `harbormap build` (maps/*.svg) draw each class: the SVG layer group (id
# "layer-<map layer id>", the print map's layer) -> the classes of symbols.json drawn in it.  The
# route classes are drawn only in maps/route-*.png (no SVG), so they are named here as not checked.
STATIC = {
    ('world.svg', 'layer-sea-lanes'): ['lane_major', 'lane_middle'],
    ('world.svg', 'layer-inset-outline'): ['inset_outline'],
    ('world.svg', 'layer-logink'): ['logink'],
    ('world.svg', 'layer-hutchison'): ['port_hk'],
    ('world.svg', 'layer-bri'): ['bri'],
    ('world.svg', 'layer-chokepoints'): ['chokepoint'],
    ('world.svg', 'layer-prc-terminals'): ['prc_group_cosco', 'prc_group_cmport', 'prc_group_cccc', 'prc_group_other',
                                           'prc_group_several'],
    ('us-strategic.svg', 'layer-nearest-links'): ['prc_link'],
    ('us-strategic.svg', 'layer-zpmc-ports'): ['zpmc_port_us'],
    ('us-strategic.svg', 'layer-prc-ports'): ['port_prc', 'port_prc_context'],
    ('us-strategic.svg', 'layer-strategic-seaports'): ['strategic_seaport', 'strategic_zpmc'],
    ('equipment.svg', 'layer-zpmc-cranes'): ['zpmc_cranes'],
    ('equipment.svg', 'layer-prc-equipment'): ['equipment_nuctech', 'equipment_sany', 'equipment_westwell', 'equipment_zpmc',
                                               'equipment_other'],
}
NOT_IN_SVG = {'route', 'route_end', 'route_prc_port', 'route_gate'}  # maps/route-*.png only


def load_symbols(path):
    j = json.loads(pathlib.Path(path).read_text(encoding='utf-8'))
    classes = []
    for c in j['classes']:
        c = dict(c)
        c['hex'] = j['colours'][c['colour']]
        c['outline_hex'] = j['colours'][c.get('outline', 'white')]
        classes.append(c)
    return classes


def qgis_rgb(hex_):
    return ','.join(str(int(hex_[i:i + 2], 16)) for i in (1, 3, 5))


def symbol_colour(symbol):
    """The main colour of a QGIS <symbol> (marker/fill: color, line: line_color) as 'r,g,b'."""
    props = {p.get('k'): p.get('v') for p in symbol.iter('prop')}
    v = props.get('line_color') if symbol.get('type') == 'line' else props.get('color')
    return ','.join(v.split(',')[:3])


def check_maplibre(style, classes, errors):
    by = {(l.get('source-layer'), l.get('metadata', {}).get('harbormap:label')): l for l in style['layers']
          if l.get('type') in ('circle', 'line', 'fill')}
    for c in classes:
        if 'layer' not in c:
            continue
        l = by.get((c['layer'], c['label']))
        if l is None:
            errors.append(f"MapLibre: no layer for class {c['id']} ({c['layer']}: {c['label']})")
            continue
        paint = l['paint']
        got = paint.get('circle-color') or paint.get('line-color') or paint.get('fill-color')
        if got != c['hex']:
            errors.append(f"MapLibre: class {c['id']} drawn in {got}, symbols.json says {c['hex']}")


def check_qgis_symbols(symbol_of, wanted, errors, what):
    """symbol_of: class -> its QGIS <symbol> (None = the output has no symbol for it)."""
    for c in wanted:
        symbol = symbol_of(c)
        if symbol is None:
            errors.append(f"{what}: no style or rule for class {c['id']}")
        elif symbol_colour(symbol) != qgis_rgb(c['hex']):
            errors.append(f"{what}: class {c['id']} drawn in {symbol_colour(symbol)}, symbols.json says {qgis_rgb(c['hex'])}")


def check_qgis_tiles(root, classes, errors, what):
    """A vector-tile renderer: one <style> per class (layer, label)."""
    styles = {(s.get('layer'), s.get('name')): s.find('.//symbol') for s in root.iter('style')}
    check_qgis_symbols(lambda c: styles.get((c['layer'], c['label'])), [c for c in classes if 'layer' in c], errors, what)


def check_qgis_rules(renderer, layer, classes, errors, what):
    """A rule-based renderer of one GeoPackage layer: rule label -> symbol."""
    symbols = {s.get('name'): s for s in renderer.find('symbols').findall('symbol')}
    rules = {r.get('label'): symbols[r.get('symbol')] for r in renderer.iter('rule')}
    check_qgis_symbols(lambda c: rules.get(c['label']), [c for c in classes if c.get('layer') == layer], errors, what)


def svg_colours(group):
    out = set()
    for e in group.iter():
        for attr in ('fill', 'stroke'):
            v = e.get(attr)
            if v and v != 'none':
                out.add(v)
    return out


def check_svg(out, classes, errors):
    by_id = {c['id']: c for c in classes}
    for c in classes:
        if c['id'] not in NOT_IN_SVG and not any(c['id'] in ids for ids in STATIC.values()) and 'layer' not in c:
            errors.append(f"static-map class {c['id']} is checked nowhere: add its SVG layer to STATIC")
    trees = {}
    for (svg, group_id), ids in STATIC.items():
        tree = trees.setdefault(svg, ET.parse(out / 'maps' / svg))
        expected = set()
        for i in ids:
            if i not in by_id:
                errors.append(f"{svg}: class {i} is not in symbols.json")
                continue
            expected.add(by_id[i]['hex'])
            if by_id[i]['geometry'] != 'line':  # a marker's outline (the print maps draw areas as markers too)
                expected.add(by_id[i]['outline_hex'])
        # the main panel's group draws every class of the layer; an inset's ("alaska-layer-...") some of them
        groups = [g for g in tree.iter(SVG + 'g') if (g.get('id') or '').endswith(group_id)]
        main = [g for g in groups if g.get('id') == group_id]
        if not main:
            errors.append(f"{svg}: no group {group_id}")
            continue
        got = svg_colours(main[0])
        if got != expected:
            errors.append(f"{svg} {group_id}: colours {sorted(got)}, symbols.json says {sorted(expected)} ({', '.join(ids)})")
        for g in groups:
            if not svg_colours(g) <= expected:
                errors.append(f"{svg} {g.get('id')}: colours {sorted(svg_colours(g) - expected)} are no class's of {ids}")


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7f) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def pb_fields(buf):
    """(field number, value) of a protobuf message: ints for varints, bytes for length-delimited, raw bytes for fixed."""
    i = 0
    while i < len(buf):
        key, i = varint(buf, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            v, i = varint(buf, i)
        elif wire == 2:
            n, i = varint(buf, i)
            v, i = buf[i:i + n], i + n
        elif wire == 1:
            v, i = buf[i:i + 8], i + 8
        elif wire == 5:
            v, i = buf[i:i + 4], i + 4
        else:
            raise ValueError(f'wire type {wire}')
        yield field, v


def mvt_value(buf):
    import struct
    for field, v in pb_fields(buf):
        if field == 1:
            return v.decode('utf-8')
        if field == 2:
            return struct.unpack('<f', v)[0]
        if field == 3:
            return struct.unpack('<d', v)[0]
        if field in (4, 5):
            return v
        if field == 6:
            return (v >> 1) ^ -(v & 1)
        if field == 7:
            return bool(v)
    return None


def tile_features(mbtiles, layer_name):
    """The properties of every feature of `layer_name` in the z0 tile of an MBTiles file (MVT 2.1)."""
    import gzip
    import sqlite3
    db = sqlite3.connect(f'file:{mbtiles}?mode=ro', uri=True)
    row = db.execute('SELECT tile_data FROM tiles WHERE zoom_level = 0').fetchone()
    db.close()
    data = row[0]
    if data[:2] == b'\x1f\x8b':
        data = gzip.decompress(data)
    out = []
    for field, layer in pb_fields(data):
        if field != 3:
            continue
        parts = list(pb_fields(layer))
        if next(v for f, v in parts if f == 1).decode('utf-8') != layer_name:
            continue
        keys = [v.decode('utf-8') for f, v in parts if f == 3]
        values = [mvt_value(v) for f, v in parts if f == 4]
        for f, feat in parts:
            if f != 2:
                continue
            tags = []
            for ff, v in pb_fields(feat):
                if ff == 2:
                    j = 0
                    while j < len(v):
                        t, j = varint(v, j)
                        tags.append(t)
            out.append({keys[tags[k]]: values[tags[k + 1]] for k in range(0, len(tags), 2)})
    return out


def check_groups(out, classes, errors):
    """The PRC-operated ports of the tiles (z0 keeps every key port) per prc_group class, against the world map:
    each group class has as many ports in the tiles as the world map draws in its colour, and every
    PRC-operated port of the tiles matches exactly one group class."""
    group_classes = [c for c in classes if c.get('layer') == 'ports' and c.get('filter', [None, ['get', None]])[1] == ['get', 'prc_group']]
    if len(group_classes) < 5:
        errors.append(f'tiles: {len(group_classes)} ports classes by prc_group in symbols.json, 5 wanted')
        return
    ports = tile_features(out / 'harbormap.mbtiles', 'ports')
    prc = [p for p in ports if p.get('prc_operated') is True]
    if not prc:
        errors.append('tiles: no PRC-operated port in the z0 tile')
    by_class = {c['id']: 0 for c in group_classes}
    for p in prc:
        hits = [c['id'] for c in group_classes if p.get('prc_group') == c['filter'][2]]
        if len(hits) != 1:
            errors.append(f"tiles: port {p.get('port_id')} (prc_group {p.get('prc_group')!r}) matches {hits or 'no'} group class")
        for h in hits:
            by_class[h] += 1
    tree = ET.parse(out / 'maps' / 'world.svg')
    group = next((g for g in tree.iter(SVG + 'g') if g.get('id') == 'layer-prc-terminals'), None)
    if group is None:
        errors.append('world.svg: no group layer-prc-terminals')
        return
    fills = [e.get('fill') for e in group.iter(SVG + 'circle')]
    for c in group_classes:
        drawn = fills.count(c['hex'])
        if drawn != by_class[c['id']]:
            errors.append(f"class {c['id']}: {by_class[c['id']]} ports in the tiles, {drawn} drawn in its colour on world.svg")


def check_print_sizes(out, classes, errors):
    """Circle markers of the static maps have the size and outline of their class's "print" (r = size_pt / 2)."""
    by_id = {c['id']: c for c in classes}
    trees = {}
    for (svg, group_id), ids in STATIC.items():
        tree = trees.setdefault(svg, ET.parse(out / 'maps' / svg))
        main = [g for g in tree.iter(SVG + 'g') if g.get('id') == group_id]
        for i in ids:
            pr = by_id.get(i, {}).get('print', {})
            if pr.get('marker') != 'circle' or i == 'zpmc_cranes':  # crane circles are sized by their count
                continue
            for g in main:
                for e in g.iter(SVG + 'circle'):
                    if e.get('fill') != by_id[i]['hex']:
                        continue
                    r, sw = float(e.get('r')), float(e.get('stroke-width', 0))
                    if abs(r - pr['size_pt'] / 2) > 0.01 or abs(sw - pr.get('outline_pt', 0)) > 0.001:
                        errors.append(f"{svg} {group_id}: a {i} circle of r {r}, outline {sw}; symbols.json print says "
                                      f"size {pr['size_pt']} (r {pr['size_pt'] / 2}), outline {pr.get('outline_pt', 0)}")
                        break


def check(out, symbols_path):
    out = pathlib.Path(out)
    classes = load_symbols(symbols_path)
    errors = []
    check_maplibre(json.loads((out / 'styles' / 'harbormap.style.json').read_text(encoding='utf-8')), classes, errors)
    check_qgis_tiles(ET.parse(out / 'styles' / 'harbormap_tiles.qml').getroot(), classes, errors, 'harbormap_tiles.qml')
    layers = sorted({c['layer'] for c in classes if 'layer' in c})
    qgs = ET.parse(out / 'harbormap.qgs').getroot()
    check_qgis_tiles(qgs.find(".//maplayer[@type='vector-tile']"), classes, errors, 'harbormap.qgs tiles')
    n_qml = 0
    for layer in layers:
        qml = out / 'styles' / (layer + '.qml')
        if not qml.exists():
            continue  # a tile-only layer (lanes, chokepoints)
        n_qml += 1
        check_qgis_rules(ET.parse(qml).getroot().find('renderer-v2'), layer, classes, errors, qml.name)
        ml = qgs.find(f".//maplayer[id='harbormap_gpkg_{layer}']")
        if ml is None:
            errors.append(f"harbormap.qgs: no GeoPackage layer {layer}")
        else:
            check_qgis_rules(ml.find('renderer-v2'), layer, classes, errors, f'harbormap.qgs {layer}')
    if n_qml == 0:
        errors.append('no styles/<layer>.qml found')
    check_svg(out, classes, errors)
    check_groups(out, classes, errors)
    check_print_sizes(out, classes, errors)
    return errors, len(classes)


def self_test(out, symbols_path):
    """A copy of the outputs with one colour changed in each kind must fail."""
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        for sub in ('styles', 'maps'):
            shutil.copytree(pathlib.Path(out) / sub, t / sub)
        shutil.copy(pathlib.Path(out) / 'harbormap.qgs', t / 'harbormap.qgs')
        shutil.copy(pathlib.Path(out) / 'harbormap.mbtiles', t / 'harbormap.mbtiles')
        base, _ = check(t, symbols_path)
        assert not base, base
        by_id = {c['id']: c for c in load_symbols(symbols_path)}
        cosco, prc = by_id['prc_group_cosco'], by_id['port_prc']
        for f, old, new, caught in (('styles/harbormap.style.json', cosco['hex'], '#123456', 'prc_group_cosco'),
                                    ('styles/ports.qml', qgis_rgb(cosco['hex']) + ',', '1,2,3,', 'prc_group_cosco'),
                                    ('maps/us-strategic.svg', prc['hex'], '#123456', 'layer-prc-ports')):
            p = t / f
            text = p.read_text(encoding='utf-8')
            p.write_text(text.replace(old, new), encoding='utf-8')
            errs, _ = check(t, symbols_path)
            assert any(caught in e for e in errs), (f, errs)
            p.write_text(text, encoding='utf-8')
        # one COSCO port drawn in the China Merchants colour: the colours are all still there, the counts differ;
        # a circle of another size than its class's print size
        p = t / 'maps' / 'world.svg'
        text = p.read_text(encoding='utf-8')
        cm = by_id['prc_group_cmport']
        for changed, caught in ((text.replace(f'fill="{cosco["hex"]}"', f'fill="{cm["hex"]}"', 1), 'prc_group_cosco: '),
                                (text.replace('r="2.60" fill="' + cosco['hex'], 'r="3.10" fill="' + cosco['hex'], 1), 'a prc_group_cosco circle')):
            assert changed != text
            p.write_text(changed, encoding='utf-8')
            errs, _ = check(t, symbols_path)
            assert any(caught in e for e in errs), (caught, errs)
        p.write_text(text, encoding='utf-8')
    print('self-test: a changed colour in the MapLibre style, a .qml and an SVG, a port drawn in another group\'s colour '
          'and a marker of another size are caught')


def main(argv):
    if len(argv) == 4 and argv[1] == '--self-test':
        self_test(argv[2], argv[3])
        return 0
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    errors, n = check(argv[1], argv[2])
    for e in errors:
        print('FAIL:', e)
    if errors:
        return 1
    print(f'ok: {n} classes of {argv[2]} drawn in their colour in the MapLibre style, the QGIS styles/project and the static maps')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
