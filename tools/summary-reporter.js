'use strict';
// Ends every run with the plain line CI reads: "N passed, N failed". Jest's own summary goes to
// stderr, so the line is also written to TEST_SUMMARY_FILE when set, for CI to print last.
const fs = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `${results.numPassedTests} passed, ${failed} failed`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.TEST_SUMMARY_FILE) fs.writeFileSync(process.env.TEST_SUMMARY_FILE, `${line}\n`);
  }
}
module.exports = SummaryReporter;
