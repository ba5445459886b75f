// Validates docs/asyncapi.yaml with the AsyncAPI project's own parser (and its Avro schema parser).
//   node .ci/asyncapi-validate.mjs docs/asyncapi.yaml   (from a directory holding the npm packages)
import { Parser, fromFile } from '@asyncapi/parser';
import { AvroSchemaParser } from '@asyncapi/avro-schema-parser';

const file = process.argv[2];
const parser = new Parser();
parser.registerSchemaParser(AvroSchemaParser());
const { document, diagnostics } = await fromFile(parser, file).parse();
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics) {
  console.log(`${file}: ${['error', 'warning', 'info', 'hint'][d.severity]}: ${d.message} at ${d.path.join('.')}`);
}
if (!document || errors.length > 0) {
  console.error(`${file}: not a valid AsyncAPI document (${errors.length} errors)`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.components().messages().length} messages`);
