// fhirclient only falls back to this module when globalThis.crypto is missing,
// which no supported runtime (modern browsers, Node >= 19) lacks.
'use strict';
module.exports = { default: globalThis.crypto };
