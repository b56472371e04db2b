// Writes libs/protocol/protocol.schema.json from the built library (run `npm run protocol-schema`,
// which builds first). Prettier formats it like the rest of the repository, so `prettier --check .`
// passes; the spec compares the parsed document, so formatting never makes it stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { protocolJsonSchemaText } from '../dist/index.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'protocol.schema.json');
const options = (await prettier.resolveConfig(target)) ?? {};
writeFileSync(target, await prettier.format(protocolJsonSchemaText(), { ...options, filepath: target }));
console.log(`wrote ${target}`);
