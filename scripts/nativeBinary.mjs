// @ts-check
/**
 * Reads what a native module really is — its file format (ELF, PE or Mach-O, so its operating
 * system), its architecture(s) and the Node module version it registers — from its bytes, not
 * from what a build tool printed. Used before packaging (scripts/pack.mjs, scripts/afterPack.mjs)
 * and after every build of the Electron module (scripts/electronNative.mjs).
 */
import { readFileSync } from 'node:fs';

/** @typedef {'elf' | 'pe' | 'macho'} BinaryFormat */
/**
 * @typedef {object} BinaryInfo
 * @property {BinaryFormat | null} format null when the bytes are none of the three
 * @property {string[]} architectures Node's names (x64, arm64, ia32, arm…); several for a
 *   universal Mach-O file
 * @property {number[]} moduleVersions every `node_register_module_v<N>` the file carries
 */
/**
 * @typedef {object} BinaryTarget
 * @property {string} platform Node's name: linux, win32, darwin
 * @property {string} arch Node's name: x64, arm64…
 * @property {number} moduleVersion the ABI the runtime loads (Electron's, for the app)
 */

/** ELF e_machine values. */
const elfMachines = new Map([
  [0x03, 'ia32'],
  [0x28, 'arm'],
  [0x3e, 'x64'],
  [0xb7, 'arm64'],
  [0xf3, 'riscv64'],
  [0x15, 'ppc64'],
  [0x16, 's390x'],
]);
/** PE/COFF Machine values. */
const peMachines = new Map([
  [0x014c, 'ia32'],
  [0x01c4, 'arm'],
  [0x8664, 'x64'],
  [0xaa64, 'arm64'],
]);
/** Mach-O cputype values. */
const machoCpus = new Map([
  [7, 'ia32'],
  [12, 'arm'],
  [0x01000007, 'x64'],
  [0x0100000c, 'arm64'],
]);

/** Each format as a message names it. */
const formatNames = { elf: 'an ELF file', pe: 'a PE file', macho: 'a Mach-O file' };

/** The platform each format is built for. */
export const formatPlatform = /** @type {const} */ ({ elf: 'linux', pe: 'win32', macho: 'darwin' });

/**
 * @param {Uint8Array} bytes
 * @returns {{ format: BinaryFormat, architectures: string[] } | null}
 */
function readHeader(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** @param {number} offset */
  const u32be = (offset) => (offset + 4 <= view.byteLength ? view.getUint32(offset, false) : -1);
  /** @param {Map<number, string>} map @param {number} value */
  const name = (map, value) => map.get(value) ?? `unknown (${value})`;
  if (bytes.length < 64) return null;
  // ELF: 7f 'E' 'L' 'F', then class, data (1 little-endian, 2 big-endian); e_machine at 18.
  if (u32be(0) === 0x7f454c46) {
    const littleEndian = bytes[5] === 1;
    return { format: 'elf', architectures: [name(elfMachines, view.getUint16(18, littleEndian))] };
  }
  // PE: 'MZ', the PE header's offset at 0x3c, 'PE\0\0', then Machine.
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) {
    const pe = view.getUint32(0x3c, true);
    if (pe + 6 > bytes.length || u32be(pe) !== 0x50450000) return null;
    return { format: 'pe', architectures: [name(peMachines, view.getUint16(pe + 4, true))] };
  }
  // Mach-O, thin (either byte order), or universal ("fat": big-endian list of architectures).
  const magic = u32be(0);
  if (magic === 0xcffaedfe || magic === 0xcefaedfe) {
    return { format: 'macho', architectures: [name(machoCpus, view.getUint32(4, true))] };
  }
  if (magic === 0xfeedfacf || magic === 0xfeedface) {
    return { format: 'macho', architectures: [name(machoCpus, view.getUint32(4, false))] };
  }
  if (magic === 0xcafebabe || magic === 0xcafebabf) {
    const count = u32be(4);
    const entry = magic === 0xcafebabf ? 32 : 20;
    // Java class files share this magic; their "count" is a version number far above this.
    if (count < 1 || count > 16 || 8 + count * entry > bytes.length) return null;
    const architectures = [];
    for (let index = 0; index < count; index++) {
      architectures.push(name(machoCpus, u32be(8 + index * entry)));
    }
    return { format: 'macho', architectures };
  }
  return null;
}

/**
 * What the bytes of a native module are.
 * @param {Uint8Array} bytes
 * @returns {BinaryInfo}
 */
export function inspectBinary(bytes) {
  const header = readHeader(bytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const versions = new Set();
  for (const match of text.matchAll(/node_register_module_v(\d+)/g)) versions.add(Number(match[1]));
  return {
    format: header?.format ?? null,
    architectures: header?.architectures ?? [],
    moduleVersions: [...versions].sort((a, b) => a - b),
  };
}

/**
 * What is wrong with a native module for a target; empty when it is right.
 * @param {BinaryInfo} info
 * @param {BinaryTarget} target
 * @returns {string[]}
 */
export function binaryProblems(info, target) {
  const problems = [];
  const wanted = Object.entries(formatPlatform).find(
    ([, platform]) => platform === target.platform,
  );
  if (!info.format) problems.push('it is not an ELF, PE or Mach-O file');
  else if (!wanted) problems.push(`no known file format for ${target.platform}`);
  else if (info.format !== wanted[0]) {
    problems.push(
      `it is ${formatNames[info.format]}, for ${formatPlatform[info.format]}, not ${formatNames[/** @type {BinaryFormat} */ (wanted[0])]} for ${target.platform}`,
    );
  }
  if (info.format && !info.architectures.includes(target.arch)) {
    problems.push(`it is built for ${info.architectures.join(' + ')}, not ${target.arch}`);
  }
  if (info.moduleVersions.length === 0) {
    problems.push('it registers no Node module version (not a Node addon)');
  } else if (!info.moduleVersions.includes(target.moduleVersion)) {
    problems.push(
      `it registers module version ${info.moduleVersions.join(', ')}, not ${target.moduleVersion}`,
    );
  } else if (info.moduleVersions.length > 1) {
    problems.push(`it registers several module versions (${info.moduleVersions.join(', ')})`);
  }
  return problems;
}

/**
 * Reads a file and lists what is wrong with it for the target.
 * @param {string} file
 * @param {BinaryTarget} target
 * @returns {string[]}
 */
export function checkBinaryFile(file, target) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return [`it cannot be read: ${error instanceof Error ? error.message : String(error)}`];
  }
  return binaryProblems(inspectBinary(bytes), target);
}

/**
 * A one-line description of a target, for messages.
 * @param {BinaryTarget} target
 */
export function describeTarget(target) {
  return `${target.platform}-${target.arch}, module version ${target.moduleVersion}`;
}
