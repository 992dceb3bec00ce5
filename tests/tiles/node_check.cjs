// Independent decoders: every tile of the XYZ folder decodes with @mapbox/vector-tile + pbf, the
// PMTiles archive reads with the `pmtiles` package and gives the same bytes for every tile, and the
// geometry and properties agree with harbormap's own decoder (canonical JSON from `tiles show`)
// within one tile unit.
// usage: node node_check.cjs OUT_DIR SAMPLES_JSON   ({"z/x/y": canonical tile JSON, ...})
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { VectorTile } = require('@mapbox/vector-tile');
const Pbf = require('pbf');

const [out, samplesFile] = process.argv.slice(2);
let failures = 0;
function check(cond, msg) {
  if (!cond) { failures++; console.log('FAIL ' + msg); }
}

function decode(buf) {
  const vt = new VectorTile(new Pbf(buf));
  const layers = {};
  for (const name of Object.keys(vt.layers)) {
    const l = vt.layers[name];
    const feats = [];
    for (let i = 0; i < l.length; i++) {
      const f = l.feature(i);
      feats.push({ id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry() });
    }
    layers[name] = { extent: l.extent, version: l.version, features: feats };
  }
  return layers;
}

function walk(dir) {
  const res = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) res.push(...walk(p)); else if (p.endsWith('.pbf')) res.push(p);
  }
  return res;
}

async function main() {
  const xyz = path.join(out, 'tiles');
  const files = walk(xyz);
  check(files.length > 0, 'XYZ folder has tiles');
  const tiles = new Map();
  let features = 0;
  for (const f of files) {
    const rel = path.relative(xyz, f).replace(/\.pbf$/, '').split(path.sep).map(Number);
    const [z, x, y] = rel;
    check(x >= 0 && x < 2 ** z && y >= 0 && y < 2 ** z, `tile ${rel.join('/')} inside the grid`);
    const buf = fs.readFileSync(f);
    check(!(buf[0] === 0x1f && buf[1] === 0x8b), `XYZ tile ${rel.join('/')} is not gzip-compressed`);
    let layers;
    try { layers = decode(buf); } catch (e) { check(false, `tile ${rel.join('/')} decodes: ${e}`); continue; }
    for (const [name, l] of Object.entries(layers)) {
      check(l.version === 2, `${rel.join('/')} ${name} version 2`);
      for (const ft of l.features) {
        features++;
        for (const ring of ft.geometry) for (const p of ring)
          check(p.x >= -256 && p.x <= l.extent + 256 && p.y >= -256 && p.y <= l.extent + 256, `${rel.join('/')} ${name} coordinate within buffer`);
        if (ft.type === 3) {
          // exterior rings: positive area in tile coordinates (clockwise on screen)
          const a = area(ft.geometry[0]);
          check(a > 0, `${rel.join('/')} ${name} first ring clockwise (area ${a})`);
        }
      }
    }
    tiles.set(rel.join('/'), { buf, layers });
  }
  console.log(`decoded ${files.length} XYZ tiles, ${features} features`);

  // agreement with harbormap's decoder on the sampled tiles
  let compared = 0;
  const samples = JSON.parse(fs.readFileSync(samplesFile, 'utf8'));
  for (const [id, ours] of Object.entries(samples)) {
    const theirs = tiles.get(id);
    check(theirs, `sampled tile ${id} exists in the XYZ folder`);
    if (!theirs) continue;
    for (const l of ours.layers) {
      const t = theirs.layers[l.name];
      check(t && t.features.length === l.features.length, `${id} ${l.name}: same feature count`);
      if (!t) continue;
      l.features.forEach((of, i) => {
        const tf = t.features[i];
        if (of.id !== null) check(tf.id === of.id, `${id} ${l.name} #${i} id`);
        for (const [k, v] of Object.entries(of.properties)) {
          const tv = tf.properties[k];
          check(typeof v === 'number' ? Math.abs(tv - v) < 1e-9 * Math.max(1, Math.abs(v)) : tv === v, `${id} ${l.name} #${i} property ${k}`);
        }
        const og = of.geometry.flat(), tg = tf.geometry.flat();
        // the JS decoder repeats the first point of a closed ring; compare on harbormap's open rings
        const tOpen = tf.type === 3 ? tf.geometry.map(r => r.slice(0, r.length - 1)).flat() : tg;
        check(tOpen.length === og.length, `${id} ${l.name} #${i} same vertex count (${tOpen.length} vs ${og.length})`);
        og.forEach((p, k) => {
          if (tOpen[k]) check(Math.abs(tOpen[k].x - p[0]) <= 1 && Math.abs(tOpen[k].y - p[1]) <= 1, `${id} ${l.name} #${i} vertex ${k}`);
        });
      });
      compared++;
    }
  }
  check(compared > 0, 'compared some layers with harbormap\'s decoder');
  console.log(`compared ${compared} sampled tile layers with harbormap's decoder`);

  // PMTiles with the reference reader
  const pm = require('pmtiles');
  const file = path.join(out, 'harbormap.pmtiles');
  const fd = fs.openSync(file, 'r');
  const source = {
    getKey: () => file,
    getBytes: async (offset, length) => {
      const b = Buffer.alloc(length);
      const n = fs.readSync(fd, b, 0, length, offset);
      const data = b.buffer.slice(b.byteOffset, b.byteOffset + n);
      return { data };
    },
  };
  const decompress = async (buf, compression) => {
    if (compression === pm.Compression.None || compression === 1) return buf;
    if (compression === pm.Compression.Gzip || compression === 2) {
      const d = zlib.gunzipSync(Buffer.from(buf));
      return d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength);
    }
    throw new Error('unexpected compression ' + compression);
  };
  const archive = new pm.PMTiles(source, undefined, decompress);
  const h = await archive.getHeader();
  check(h.specVersion === 3, 'PMTiles spec version 3');
  check(h.tileType === pm.TileType.Mvt, 'PMTiles tile type MVT');
  check(h.clustered === true, 'PMTiles clustered');
  check(h.numAddressedTiles === tiles.size, `PMTiles addresses ${h.numAddressedTiles} tiles == XYZ ${tiles.size}`);
  const meta = await archive.getMetadata();
  check(Array.isArray(meta.vector_layers) && meta.vector_layers.length >= 4, 'PMTiles metadata has vector_layers');
  let same = 0;
  for (const [id, t] of tiles) {
    const [z, x, y] = id.split('/').map(Number);
    const r = await archive.getZxy(z, x, y);
    check(r && r.data, `PMTiles has tile ${id}`);
    if (!r) continue;
    const got = Buffer.from(r.data);
    if (got.equals(t.buf)) same++; else check(false, `PMTiles tile ${id} equals the XYZ tile`);
  }
  check(h.minZoom >= 0 && h.maxZoom >= h.minZoom, 'PMTiles zoom range');
  console.log(`PMTiles: ${same}/${tiles.size} tiles identical to the XYZ folder (z${h.minZoom}-${h.maxZoom})`);
  fs.closeSync(fd);
  if (failures) { console.log(`${failures} check(s) failed`); process.exit(1); }
  console.log('all node checks passed');
}

function area(ring) {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i], q = ring[(i + 1) % ring.length];
    a += p.x * q.y - q.x * p.y;
  }
  return a;
}

main().catch(e => { console.log('FAIL ' + (e && e.stack || e)); process.exit(1); });
