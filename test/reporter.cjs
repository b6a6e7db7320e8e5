// mocha's spec reporter, plus the plain closing line CI tools read: "N passed, N failed".
const Mocha = require('mocha');

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = runner.stats;
      console.log(`${s.passes} passed, ${s.failures} failed` + (s.pending ? `, ${s.pending} skipped` : ''));
    });
  }
}

module.exports = SpecWithSummary;
