/**
 * Canonical JSON: the one serialisation the hash chain is computed over. Object keys are sorted
 * so that two equal values always hash the same, whatever order the runtime built them in.
 */

/**
 * Serialises a JSON value canonically (sorted keys, no whitespace). Properties whose value is
 * `undefined` are left out and `undefined` array items become `null`, exactly as `JSON.stringify`
 * does, so what is hashed is what a JSON round trip gives back.
 *
 * @throws TypeError when the value holds something JSON cannot represent (a non-finite number,
 *   a function, a class instance), naming where it is.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`${path}: ${String(value)} cannot be written as JSON`);
      }
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serialiseArray(value, path) : serialiseObject(value, path);
    default:
      throw new TypeError(`${path}: a ${typeof value} cannot be written as JSON`);
  }
}

function serialiseArray(items: unknown[], path: string): string {
  const parts = items.map((item, index) => serialise(item ?? null, `${path}[${index}]`));
  return `[${parts.join(',')}]`;
}

function serialiseObject(value: object, path: string): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(`${path}: only plain objects can be written as JSON`);
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${serialise(item, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}
