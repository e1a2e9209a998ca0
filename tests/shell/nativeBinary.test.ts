/**
 * The native-module checker on real binaries (the Node build of better-sqlite3 and a module
 * compiled here) and on crafted headers for every format and architecture it must tell apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryProblems, inspectBinary } from '../../scripts/nativeBinary.mjs';
import { nodeSqliteBinary } from './shellProcess';

const registered = (version: number) =>
  Buffer.from(`\0_node_register_module_v${version}\0`, 'latin1');

function elf(machine: number, version = 150): Buffer {
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // 64-bit
  header[5] = 1; // little-endian
  header.writeUInt16LE(machine, 18);
  return Buffer.concat([header, Buffer.alloc(200), registered(version)]);
}

function pe(machine: number, version = 150): Buffer {
  const file = Buffer.alloc(256);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.writeUInt32BE(0x50450000, 0x80);
  file.writeUInt16LE(machine, 0x84);
  return Buffer.concat([file, registered(version)]);
}

function macho(cpu: number, littleEndian = true, version = 150): Buffer {
  const header = Buffer.alloc(64);
  if (littleEndian) {
    header.writeUInt32LE(0xfeedfacf, 0);
    header.writeUInt32LE(cpu, 4);
  } else {
    header.writeUInt32BE(0xfeedfacf, 0);
    header.writeUInt32BE(cpu, 4);
  }
  return Buffer.concat([header, registered(version)]);
}

function fat(cpus: number[], version = 150): Buffer {
  const header = Buffer.alloc(Math.max(64, 8 + cpus.length * 20));
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(cpus.length, 4);
  cpus.forEach((cpu, index) => header.writeUInt32BE(cpu, 8 + index * 20));
  return Buffer.concat([header, registered(version)]);
}

const electron = (platform: string, arch: string) => ({ platform, arch, moduleVersion: 150 });

describe('reading a native module', () => {
  it('reads the real Node build of better-sqlite3', () => {
    const info = inspectBinary(readFileSync(nodeSqliteBinary));
    expect(info).toEqual({
      format: { linux: 'elf', win32: 'pe', darwin: 'macho' }[process.platform as 'linux'],
      architectures: [process.arch],
      moduleVersions: [Number(process.versions.modules)],
    });
    const target = {
      platform: process.platform,
      arch: process.arch,
      moduleVersion: Number(process.versions.modules),
    };
    expect(binaryProblems(info, target)).toEqual([]);
    // The very trap this checker exists for: a Node build offered as Electron's.
    expect(binaryProblems(info, { ...target, moduleVersion: 150 })).toEqual([
      `it registers module version ${process.versions.modules}, not 150`,
    ]);
  });

  it('tells ELF architectures apart', () => {
    expect(inspectBinary(elf(0x3e))).toEqual({
      format: 'elf',
      architectures: ['x64'],
      moduleVersions: [150],
    });
    expect(inspectBinary(elf(0xb7)).architectures).toEqual(['arm64']);
    expect(binaryProblems(inspectBinary(elf(0xb7)), electron('linux', 'x64'))).toEqual([
      'it is built for arm64, not x64',
    ]);
    expect(binaryProblems(inspectBinary(elf(0x3e)), electron('linux', 'x64'))).toEqual([]);
  });

  it('reads Windows PE files and refuses one for another platform', () => {
    expect(inspectBinary(pe(0x8664))).toEqual({
      format: 'pe',
      architectures: ['x64'],
      moduleVersions: [150],
    });
    expect(inspectBinary(pe(0xaa64)).architectures).toEqual(['arm64']);
    expect(inspectBinary(pe(0x014c)).architectures).toEqual(['ia32']);
    expect(binaryProblems(inspectBinary(pe(0x8664)), electron('win32', 'x64'))).toEqual([]);
    expect(binaryProblems(inspectBinary(pe(0x8664)), electron('linux', 'x64'))).toEqual([
      'it is a PE file, for win32, not an ELF file for linux',
    ]);
  });

  it('reads thin and universal Mach-O files', () => {
    expect(inspectBinary(macho(0x0100000c))).toEqual({
      format: 'macho',
      architectures: ['arm64'],
      moduleVersions: [150],
    });
    expect(inspectBinary(macho(0x01000007, false)).architectures).toEqual(['x64']);
    expect(binaryProblems(inspectBinary(macho(0x01000007)), electron('darwin', 'arm64'))).toEqual([
      'it is built for x64, not arm64',
    ]);
    const universal = inspectBinary(fat([0x01000007, 0x0100000c]));
    expect(universal.architectures).toEqual(['x64', 'arm64']);
    expect(binaryProblems(universal, electron('darwin', 'arm64'))).toEqual([]);
    expect(binaryProblems(universal, electron('darwin', 'x64'))).toEqual([]);
  });

  it('refuses what is not a native module', () => {
    for (const bytes of [
      Buffer.from('#!/bin/sh\necho not a module\n'.repeat(10)),
      Buffer.alloc(10),
      // A Java class file shares the universal Mach-O magic.
      Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 52]), Buffer.alloc(100)]),
      // A PE stub whose header offset points past the end.
      (() => {
        const stub = Buffer.alloc(80);
        stub.write('MZ', 0, 'latin1');
        stub.writeUInt32LE(0xffff, 0x3c);
        return stub;
      })(),
    ]) {
      expect(inspectBinary(bytes).format).toBeNull();
      expect(binaryProblems(inspectBinary(bytes), electron('linux', 'x64'))).toContain(
        'it is not an ELF, PE or Mach-O file',
      );
    }
    const library = elf(0x3e);
    const plain = Buffer.from(
      library.toString('latin1').replace('node_register_module_v150', 'a_plain_shared_library___'),
      'latin1',
    );
    expect(binaryProblems(inspectBinary(plain), electron('linux', 'x64'))).toEqual([
      'it registers no Node module version (not a Node addon)',
    ]);
    expect(
      binaryProblems(
        inspectBinary(Buffer.concat([elf(0x3e), registered(115)])),
        electron('linux', 'x64'),
      ),
    ).toEqual(['it registers several module versions (115, 150)']);
  });
});
