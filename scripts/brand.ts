/**
 * node --import tsx scripts/brand.ts
 * Renders public/ from the two drawings: the mark (app/icon.svg) as favicon.ico, the
 * manifest's icons and the Apple touch icon; public/og.svg as the 1200×630 social preview.
 * Uses the sharp (libvips + librsvg) that Next.js already installs for images; the outputs
 * are committed, so nothing runs at build time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';

const mark = readFileSync('app/icon.svg', 'utf8');
const BACKGROUND = '#020617';

/** The mark on a full square (no transparent corners), inset to `scale` of the side. */
function onSquare(scale: number): string {
  const inner = mark.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const offset = (32 * (1 - scale)) / 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${BACKGROUND}"/><g transform="translate(${offset} ${offset}) scale(${scale})">${inner}</g></svg>`;
}

async function png(svg: string, size: number): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: Math.max(72, (72 * size) / 32) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** An .ico holding PNG images (Windows Vista onwards and every browser read PNG entries). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(data.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}

async function main(): Promise<void> {
  const favicon = await Promise.all(
    [16, 32, 48].map(async (size) => ({ size, data: await png(mark, size) })),
  );
  writeFileSync('public/favicon.ico', ico(favicon));
  writeFileSync('public/icon-192.png', await png(mark, 192));
  writeFileSync('public/icon-512.png', await png(mark, 512));
  // Maskable: the platform crops to a circle or squircle; keep the mark in the 80% safe zone.
  writeFileSync('public/icon-maskable-512.png', await png(onSquare(0.72), 512));
  // iOS rounds the corners itself and shows transparency as black.
  writeFileSync('public/apple-touch-icon.png', await png(onSquare(0.86), 180));
  const og = await sharp(readFileSync('public/og.svg'))
    .resize(1200, 630)
    .png({ compressionLevel: 9 })
    .toBuffer();
  writeFileSync('public/og.png', og);
  for (const f of [
    'favicon.ico',
    'icon-192.png',
    'icon-512.png',
    'icon-maskable-512.png',
    'apple-touch-icon.png',
    'og.png',
  ])
    console.log(`public/${f}: ${readFileSync(`public/${f}`).length} bytes`);
}

main().catch((err: unknown) => {
  console.error(`brand: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
