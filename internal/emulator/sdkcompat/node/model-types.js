// Prints the wire names and types that the official Node.js CAS SDK's
// response models declare (their static names() and types()), for the
// models named on the command line, as JSON: {"Model": {"WireName": type}},
// where type is "string", "number", "boolean", "any", {"array": type},
// {"map": type} or {"model": {...}}. Run by
// internal/emulator/sdkcompat_types_test.go, which checks the emulator's
// answers against them.
'use strict';

const Cas = require('@alicloud/cas20200407');

function describe(cls) {
  const names = cls.names();
  const types = cls.types();
  const out = {};
  for (const field of Object.keys(names)) out[names[field]] = typeOf(types[field]);
  return out;
}

function typeOf(t) {
  if (typeof t === 'string') return t;
  if (typeof t === 'function') return { model: describe(t) };
  if (t && t.type === 'array') return { array: typeOf(t.itemType) };
  if (t && t.type === 'map') return { map: typeOf(t.valueType) };
  throw new Error(`unknown model type ${JSON.stringify(t)}`);
}

const out = {};
for (const name of process.argv.slice(2)) {
  if (typeof Cas[name] !== 'function') throw new Error(`the SDK has no model ${name}`);
  out[name] = describe(Cas[name]);
}
console.log(JSON.stringify(out));
