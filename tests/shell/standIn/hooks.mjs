// Module resolve hook: `import 'electron'` (and 'electron/main') resolve to the recording
// stand-in, whose path register.mjs passes in.
let standIn;

export function initialize(data) {
  standIn = data.standIn;
}

export async function resolve(specifier, context, nextResolve) {
  if (
    specifier === 'electron' ||
    specifier === 'electron/main' ||
    specifier === 'electron/common'
  ) {
    return { url: standIn, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
