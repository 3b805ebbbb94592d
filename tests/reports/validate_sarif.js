// Validates SARIF logs against the OASIS SARIF 2.1.0 schema (a JSON Schema
// draft-04 document), with the formats (uri, uri-reference, date-time) it
// uses checked too. Usage:
//   NODE_PATH=<dir>/node_modules node validate_sarif.js SCHEMA LOG...
// Prints every error of every log; exits 1 when a log is invalid.
'use strict';
const fs = require('fs');
const Ajv = require('ajv-draft-04');
const addFormats = require('ajv-formats');

const [schemaPath, ...logs] = process.argv.slice(2);
const ajv = new Ajv({allErrors: true, strict: false});
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
let failed = 0;
for (const path of logs) {
  let log;
  try {
    log = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (e) {
    console.log(`${path}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  if (validate(log)) {
    console.log(`${path}: valid SARIF 2.1.0`);
    continue;
  }
  failed++;
  for (const e of validate.errors) {
    console.log(`${path}: ${e.instancePath || '/'}: ${e.message} ` +
                `(${JSON.stringify(e.params)})`);
  }
}
process.exit(failed ? 1 : 0);
