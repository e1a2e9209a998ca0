/**
 * The app's icon and installer art in assets/ (rendered by scripts/icons.mjs from icon.svg): every
 * file is a well-formed container of the sizes the installers use.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { icnsTypes } from '../../scripts/icons.mjs';
import { repositoryRoot } from './shellProcess';

const assets = join(repositoryRoot, 'assets');
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG's width and height from its IHDR chunk. */
function pngSize(bytes: Buffer): [number, number] {
  expect(bytes.subarray(0, 8).equals(pngSignature)).toBe(true);
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

function bmpSize(bytes: Buffer): { width: number; height: number; bits: number } {
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('BM');
  expect(bytes.readUInt32LE(2)).toBe(bytes.length);
  return {
    width: bytes.readInt32LE(18),
    height: bytes.readInt32LE(22),
    bits: bytes.readUInt16LE(28),
  };
}

describe('the app icon and installer art', () => {
  it('has the icon at 1024 px, and every Linux size', () => {
    expect(pngSize(readFileSync(join(assets, 'icon.png')))).toEqual([1024, 1024]);
    const linux = readdirSync(join(assets, 'icons')).sort((a, b) => parseInt(a) - parseInt(b));
    expect(linux).toEqual([
      '16x16.png',
      '24x24.png',
      '32x32.png',
      '48x48.png',
      '64x64.png',
      '128x128.png',
      '256x256.png',
      '512x512.png',
    ]);
    for (const name of linux) {
      const size = parseInt(name);
      expect(pngSize(readFileSync(join(assets, 'icons', name)))).toEqual([size, size]);
    }
    expect(readFileSync(join(assets, 'icon.svg'), 'utf8')).toMatch(
      /^<svg [^>]*viewBox="0 0 1024 1024"/,
    );
  });

  it('has a Windows icon with bitmaps for small sizes and PNG for large ones', () => {
    const ico = readFileSync(join(assets, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let index = 0; index < count; index++) {
      const entry = 6 + index * 16;
      const size = ico[entry] || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const image = ico.subarray(offset, offset + length);
      expect(image.length).toBe(length);
      if (size >= 128) expect(pngSize(image)).toEqual([size, size]);
      else {
        expect([
          image.readUInt32LE(0),
          image.readInt32LE(4),
          image.readInt32LE(8),
          image.readUInt16LE(14),
        ]).toEqual([40, size, size * 2, 32]);
        expect(length).toBe(40 + size * size * 4 + Math.ceil(size / 32) * 4 * size);
      }
      sizes.push(size);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS icon with every size and its retina pair', () => {
    const icns = readFileSync(join(assets, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: [string, number][] = [];
    for (let offset = 8; offset < icns.length;) {
      const type = icns.subarray(offset, offset + 4).toString('latin1');
      const length = icns.readUInt32BE(offset + 4);
      const [width, height] = pngSize(icns.subarray(offset + 8, offset + length));
      expect(width).toBe(height);
      found.push([type, width]);
      offset += length;
    }
    expect(found).toEqual(icnsTypes.map(([type, size]) => [type, size]));
  });

  it('has the Windows installer’s art as 24-bit bitmaps, and the disk image’s background', () => {
    expect(bmpSize(readFileSync(join(assets, 'installerSidebar.bmp')))).toEqual({
      width: 164,
      height: 314,
      bits: 24,
    });
    expect(bmpSize(readFileSync(join(assets, 'uninstallerSidebar.bmp')))).toEqual({
      width: 164,
      height: 314,
      bits: 24,
    });
    expect(bmpSize(readFileSync(join(assets, 'installerHeader.bmp')))).toEqual({
      width: 150,
      height: 57,
      bits: 24,
    });
    expect(pngSize(readFileSync(join(assets, 'background.png')))).toEqual([540, 380]);
    expect(pngSize(readFileSync(join(assets, 'background@2x.png')))).toEqual([1080, 760]);
  });
});
