// Validate documents with ajv (Draft 2020-12, formats), a JSON Schema implementation independent of
// Python's: `node validate.js SCHEMA_DIR DOCUMENTS.json`, where DOCUMENTS.json maps a name to a document.
// Each record is checked against the schema of its `kind`, anything else against file.schema.json.
// Prints {name: true | [{instancePath, keyword}, ...]}.
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020");
const addFormats = require("ajv-formats");

const [schemaDir, documentsFile] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: true, discriminator: true });
addFormats(ajv);
const byName = {};
for (const name of fs.readdirSync(schemaDir).filter((n) => n.endsWith(".schema.json")).sort()) {
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, name), "utf8"));
  ajv.addSchema(schema);
  byName[name] = schema.$id;
}
const documents = JSON.parse(fs.readFileSync(documentsFile, "utf8"));
const verdicts = {};
for (const [name, document] of Object.entries(documents)) {
  const kind = document && typeof document === "object" && !Array.isArray(document) ? document.kind : undefined;
  const schemaName = byName[`${kind}.schema.json`] ? `${kind}.schema.json` : "file.schema.json";
  const validate = ajv.getSchema(byName[schemaName]);
  verdicts[name] = validate(document)
    ? true
    : validate.errors.map((e) => ({ instancePath: e.instancePath, keyword: e.keyword }));
}
process.stdout.write(JSON.stringify(verdicts));
