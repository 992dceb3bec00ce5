#!/usr/bin/env python3
"""One colour per class in every output: reads data/styles/symbols.json and the OUTPUTS of a build
(styles/harbormap.style.json, styles/harbormap_tiles.qml, styles/<layer>.qml, harbormap.qgs and
maps/*.svg) and checks that each class is drawn in its symbols.json colour everywhere it appears.

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
NOT_IN_SVG = {'route'}  # maps/route-*.png only


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
    print('self-test: a changed colour in the MapLibre style, a .qml and an SVG is caught')


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
