// The CLI's verdict: exit 1 when the order is rejected or when a state reaches the --fail-on level.
// The states are the account now (check without an order), before and after the order (with
// one), and the account in each stress move. Levels, after MarginStatus in marginkit.d.ts:
//   liquidation  a state's status is 'liquidation'
//   margin_call  a state's status is 'margin_call' or 'liquidation'
//   warning      a state's status is anything but 'healthy', or the preview gives a warning other
//                than INCREASES_RISK / REDUCES_RISK (one of the two comes with every order: they
//                say which way the order goes, not that anything is wrong)

// Severity order of the engine's statuses (mk.statuses names them; tests/js/cli.test.mjs holds this
// list to it, so a new status cannot pass --fail-on unranked).
export const STATUS_RANK = { healthy: 0, warning: 1, margin_call: 2, liquidation: 3 };
const LEVEL_RANK = { warning: 1, margin_call: 2, liquidation: 3 };
export const DIRECTION_WARNINGS = new Set(['INCREASES_RISK', 'REDUCES_RISK']);

// Every state the verdict looks at: { where, status, move? }.
export function statesOf({ risk, preview, stress }) {
  const states = [];
  if (preview) {
    states.push({ where: 'before', status: preview.before.status }, { where: 'after', status: preview.after.status });
  } else if (risk) {
    states.push({ where: 'now', status: risk.status });
  }
  stress.forEach(({ spec, outcome }, index) => states.push({ where: `stress[${index}]`, move: spec, status: outcome.status }));
  return states;
}

export function decide({ failOn, risk, preview, stress }) {
  const threshold = LEVEL_RANK[failOn];
  const failures = statesOf({ risk, preview, stress })
    .filter((state) => STATUS_RANK[state.status] >= threshold);
  if (failOn === 'warning' && preview) {
    for (const warning of preview.warnings) {
      if (!DIRECTION_WARNINGS.has(warning.code)) failures.push({ where: 'after', warning: warning.code });
    }
  }
  const rejected = preview ? !preview.accepted : false;
  const exitCode = rejected || failures.length > 0 ? 1 : 0;
  return {
    exitCode,
    passed: exitCode === 0,
    failOn,
    rejected,
    rejectReason: preview?.rejectReason ?? null,
    failures,
  };
}
