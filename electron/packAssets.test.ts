import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePackUrlPath, readPackAsset } from './packAssets';

function makeScenarios() {
  const root = mkdtempSync(join(tmpdir(), 'casefile-assets-'));
  mkdirSync(join(root, 'pack', 'art'), { recursive: true });
  writeFileSync(
    join(root, 'pack', 'art', 'office.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg"/>',
  );
  writeFileSync(join(root, 'pack', 'scenario.yaml'), 'meta: {}');
  writeFileSync(join(root, 'secret.png'), 'outside');
  symlinkSync(join(root, 'secret.png'), join(root, 'pack', 'art', 'link.png'));
  return root;
}

describe('pack assets', () => {
  const root = makeScenarios();

  it('serves an image inside the pack with its type', () => {
    const asset = readPackAsset(root, 'pack', 'art/office.svg');
    expect(asset?.contentType).toBe('image/svg+xml');
    expect(asset?.body.toString()).toContain('<svg');
  });

  it('refuses paths and links that leave the pack, and types it does not serve', () => {
    expect(readPackAsset(root, 'pack', '../secret.png')).toBeNull();
    expect(readPackAsset(root, 'pack', 'art/link.png')).toBeNull();
    expect(readPackAsset(root, 'pack', join(root, 'secret.png'))).toBeNull();
    expect(readPackAsset(root, '..', 'secret.png')).toBeNull();
    expect(readPackAsset(root, 'pack', 'scenario.yaml')).toBeNull();
    expect(readPackAsset(root, 'pack', 'art/missing.svg')).toBeNull();
  });

  it('parses pack URLs', () => {
    expect(parsePackUrlPath('/packs/border/art/a%20b.svg')).toEqual({
      folder: 'border',
      assetPath: 'art/a b.svg',
    });
    expect(parsePackUrlPath('/assets/index.js')).toBeNull();
    expect(parsePackUrlPath('/packs/x/%E0%A4%A')).toBeNull();
  });
});
