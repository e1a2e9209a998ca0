#!/usr/bin/env node
// @ts-check
/* global document, Image -- the drawing runs inside Chromium */
/**
 * Renders the app's icon (assets/icon.svg) and installer art into every size and container the
 * installers use, with Chromium as the rasteriser and small writers for the containers:
 *
 *   assets/icon.png            1024 px, the source for every platform
 *   assets/icons/<n>x<n>.png   Linux (16 … 512)
 *   assets/icon.ico            Windows: 16-64 px as 32-bit bitmaps, 128 and 256 px as PNG
 *   assets/icon.icns           macOS: PNG entries 16 … 1024 px, with the retina pairs
 *   assets/installerSidebar.bmp, uninstallerSidebar.bmp (164×314), installerHeader.bmp (150×57):
 *                              the Windows installer's art (24-bit BMP, as NSIS requires)
 *   assets/background.png, background@2x.png: the macOS disk image's window
 *
 *   CASEFILE_CHROMIUM=/usr/bin/chromium node scripts/icons.mjs
 *
 * The outputs are committed; run this again only when the drawing changes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { projectRoot } from './electronTarget.mjs';

const assets = join(projectRoot, 'assets');

/**
 * @typedef {object} Raster
 * @property {number} width
 * @property {number} height
 * @property {Buffer} png
 * @property {Uint8Array} rgba
 */

/**
 * A 24-bit BMP (bottom-up rows, padded to 4 bytes), composited on white.
 * @param {Raster} raster
 */
export function bmp24(raster) {
  const rowSize = Math.ceil((raster.width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowSize * raster.height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(raster.width, 18);
  file.writeInt32LE(raster.height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(rowSize * raster.height, 34);
  file.writeInt32LE(2835, 38);
  file.writeInt32LE(2835, 42);
  for (let y = 0; y < raster.height; y++) {
    const row = 54 + (raster.height - 1 - y) * rowSize;
    for (let x = 0; x < raster.width; x++) {
      const at = (y * raster.width + x) * 4;
      const alpha = /** @type {number} */ (raster.rgba[at + 3]) / 255;
      for (let channel = 0; channel < 3; channel++) {
        const value = /** @type {number} */ (raster.rgba[at + 2 - channel]);
        file[row + x * 3 + channel] = Math.round(value * alpha + 255 * (1 - alpha));
      }
    }
  }
  return file;
}

/**
 * An icon image as a 32-bit bitmap for an ICO entry: header with doubled height, BGRA rows
 * bottom-up, then the 1-bit mask (all visible: transparency comes from the alpha).
 * @param {Raster} raster
 */
function icoBitmap(raster) {
  const { width, height } = raster;
  const maskRow = Math.ceil(width / 32) * 4;
  const data = Buffer.alloc(40 + width * height * 4 + maskRow * height);
  data.writeUInt32LE(40, 0);
  data.writeInt32LE(width, 4);
  data.writeInt32LE(height * 2, 8);
  data.writeUInt16LE(1, 12);
  data.writeUInt16LE(32, 14);
  data.writeUInt32LE(width * height * 4 + maskRow * height, 20);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      const to = 40 + ((height - 1 - y) * width + x) * 4;
      data[to] = /** @type {number} */ (raster.rgba[from + 2]);
      data[to + 1] = /** @type {number} */ (raster.rgba[from + 1]);
      data[to + 2] = /** @type {number} */ (raster.rgba[from]);
      data[to + 3] = /** @type {number} */ (raster.rgba[from + 3]);
    }
  }
  return data;
}

/**
 * A Windows icon: small sizes as bitmaps (every Windows and NSIS reads them), large as PNG.
 * @param {Raster[]} rasters square images, smallest first
 */
export function ico(rasters) {
  const images = rasters.map((raster) => (raster.width >= 128 ? raster.png : icoBitmap(raster)));
  const header = Buffer.alloc(6 + 16 * rasters.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(rasters.length, 4);
  let offset = header.length;
  rasters.forEach((raster, index) => {
    const entry = 6 + index * 16;
    header[entry] = raster.width >= 256 ? 0 : raster.width;
    header[entry + 1] = raster.height >= 256 ? 0 : raster.height;
    header.writeUInt16LE(1, entry + 4);
    header.writeUInt16LE(32, entry + 6);
    header.writeUInt32LE(/** @type {Buffer} */ (images[index]).length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += /** @type {Buffer} */ (images[index]).length;
  });
  return Buffer.concat([header, ...images]);
}

/** ICNS entry types holding PNG data, by pixel size (retina entries share a size). */
export const icnsTypes = /** @type {const} */ ([
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32],
  ['icp6', 64],
  ['ic12', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256],
  ['ic09', 512],
  ['ic14', 512],
  ['ic10', 1024],
]);

/**
 * A macOS icon: 'icns', the total length, then (type, length, PNG) entries.
 * @param {Map<number, Buffer>} pngs PNG data by pixel size
 */
export function icns(pngs) {
  const entries = icnsTypes.map(([type, size]) => {
    const png = pngs.get(size);
    if (!png) throw new Error(`no ${size} px image for ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + entries.reduce((total, entry) => total + entry.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

/** Draws with Chromium: the icon at a size, or a piece of installer art. */
async function renderAll() {
  const browser = await chromium.launch({
    executablePath: process.env.CASEFILE_CHROMIUM ?? '/usr/bin/chromium',
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    const icon = `data:image/svg+xml;base64,${readFileSync(join(assets, 'icon.svg')).toString('base64')}`;
    /**
     * @param {number} width
     * @param {number} height
     * @param {'icon' | 'sidebar' | 'header' | 'disk'} kind
     * @returns {Promise<Raster>}
     */
    const render = async (width, height, kind) => {
      const result = await page.evaluate(
        async ({ width, height, kind, icon }) => {
          const image = new Image();
          image.src = icon;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = width;
          canvas.height = height;
          const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
          context.imageSmoothingQuality = 'high';
          const scale = kind === 'disk' ? width / 540 : 1;
          if (kind === 'icon') {
            context.drawImage(image, 0, 0, width, height);
          } else {
            const ground = context.createLinearGradient(0, 0, 0, height);
            ground.addColorStop(0, kind === 'disk' ? '#f8fafc' : '#1d3b63');
            ground.addColorStop(1, kind === 'disk' ? '#e2e8f0' : '#0f172a');
            context.fillStyle = ground;
            context.fillRect(0, 0, width, height);
            context.textAlign = 'center';
            if (kind === 'sidebar') {
              context.drawImage(image, 22, 40, 120, 120);
              context.fillStyle = '#f8fafc';
              context.font = '600 22px "Liberation Sans", sans-serif';
              context.fillText('Casefile', 82, 200);
              context.fillStyle = '#fcd34d';
              context.fillRect(52, 216, 60, 3);
            } else if (kind === 'header') {
              context.drawImage(image, width - 54, 4, 49, 49);
            } else {
              // The disk image's window: the app at (130, 220), Applications at (410, 220).
              context.strokeStyle = '#94a3b8';
              context.fillStyle = '#94a3b8';
              context.lineWidth = 6 * scale;
              context.lineCap = 'round';
              context.beginPath();
              context.moveTo(215 * scale, 220 * scale);
              context.lineTo(315 * scale, 220 * scale);
              context.stroke();
              context.beginPath();
              context.moveTo(330 * scale, 220 * scale);
              context.lineTo(306 * scale, 204 * scale);
              context.lineTo(306 * scale, 236 * scale);
              context.closePath();
              context.fill();
              context.fillStyle = '#0f172a';
              context.font = `600 ${22 * scale}px "Liberation Sans", sans-serif`;
              context.fillText('Casefile', 270 * scale, 80 * scale);
            }
          }
          const data = context.getImageData(0, 0, width, height).data;
          return { png: canvas.toDataURL('image/png').split(',')[1] ?? '', rgba: Array.from(data) };
        },
        { width, height, kind, icon },
      );
      return {
        width,
        height,
        png: Buffer.from(result.png, 'base64'),
        rgba: Uint8Array.from(result.rgba),
      };
    };

    const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
    /** @type {Map<number, Raster>} */
    const icons = new Map();
    for (const size of sizes) icons.set(size, await render(size, size, 'icon'));
    const sized = (/** @type {number} */ size) => /** @type {Raster} */ (icons.get(size));

    writeFileSync(join(assets, 'icon.png'), sized(1024).png);
    mkdirSync(join(assets, 'icons'), { recursive: true });
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
      writeFileSync(join(assets, 'icons', `${size}x${size}.png`), sized(size).png);
    }
    writeFileSync(join(assets, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map(sized)));
    writeFileSync(
      join(assets, 'icon.icns'),
      icns(new Map([16, 32, 64, 128, 256, 512, 1024].map((size) => [size, sized(size).png]))),
    );
    const sidebar = bmp24(await render(164, 314, 'sidebar'));
    writeFileSync(join(assets, 'installerSidebar.bmp'), sidebar);
    writeFileSync(join(assets, 'uninstallerSidebar.bmp'), sidebar);
    writeFileSync(join(assets, 'installerHeader.bmp'), bmp24(await render(150, 57, 'header')));
    writeFileSync(join(assets, 'background.png'), (await render(540, 380, 'disk')).png);
    writeFileSync(join(assets, 'background@2x.png'), (await render(1080, 760, 'disk')).png);
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await renderAll();
  console.log(`[icons] written to ${assets}`);
}
