// Draws the app icons (PNG, no image tools needed): a blue rounded square with three queue rows, each a dot and
// a bar. Run `node build/make-icons.mjs` after changing the design; the PNGs are committed in build/icons/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const outDir = path.join(import.meta.dirname, 'icons');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Coverage of the shape at (u,v) in unit coordinates: 0 background, 1 tile, 2 white mark. */
function shapeAt(u, v, tray) {
  const inset = tray ? 0.02 : 0.06;
  const radius = 0.2;
  const qx = Math.max(Math.abs(u - 0.5) - (0.5 - inset - radius), 0);
  const qy = Math.max(Math.abs(v - 0.5) - (0.5 - inset - radius), 0);
  if (Math.hypot(qx, qy) > radius) return 0;
  for (const row of [0.3, 0.5, 0.7]) {
    if (Math.hypot(u - 0.28, v - row) < 0.065) return 2;
    if (u > 0.4 && u < 0.76 && Math.abs(v - row) < 0.035) return 2;
  }
  return 1;
}

function draw(size, tray = false) {
  const samples = 4;
  const rgba = Buffer.alloc(size * size * 4);
  const tile = [36, 86, 211];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const kind = shapeAt((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size, tray);
          if (kind === 0) continue;
          const color = kind === 2 ? [255, 255, 255] : tile;
          r += color[0];
          g += color[1];
          b += color[2];
          a += 255;
        }
      }
      const n = samples * samples;
      const covered = a / 255;
      const offset = (y * size + x) * 4;
      rgba[offset] = covered ? Math.round(r / covered) : 0;
      rgba[offset + 1] = covered ? Math.round(g / covered) : 0;
      rgba[offset + 2] = covered ? Math.round(b / covered) : 0;
      rgba[offset + 3] = Math.round(a / n);
    }
  }
  return png(size, rgba);
}

mkdirSync(outDir, { recursive: true });
// electron-builder: icon.png (>= 512, converted to .icns/.ico); Linux picks NxN.png from the folder.
writeFileSync(path.join(outDir, 'icon.png'), draw(1024));
for (const size of [512, 256, 128, 64, 48, 32, 16]) writeFileSync(path.join(outDir, `${size}x${size}.png`), draw(size));
writeFileSync(path.join(outDir, 'tray.png'), draw(32, true));
console.log(`icons written to ${outDir}`);
