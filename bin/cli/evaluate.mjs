// Runs one command's inputs through the engine: the schema check when the package has its
// validators, then mk.accountRisk (check), mk.preview (with an order), mk.stress (with --stress),
// and the verdict. Returns the report --json prints as it is and the tables are made from.
import { createMarginKit } from '../../dist/marginkit.node.mjs';
import { engineErrorToCliError } from './engine-error.mjs';
import { decide } from './fail-on.mjs';
import { checkWithSchemas, loadSchemaValidator } from './schema-check.mjs';

function schemaDocuments({ account, market, orders, config, moves }) {
  return [
    ['account', account],
    ['market', market],
    ...(orders !== null ? [['orders', orders]] : []),
    ['config', config],
    ...(moves.length ? [['stress-moves', moves.map(({ move }) => move)]] : []),
  ];
}

export async function evaluate(inputs) {
  const validate = await loadSchemaValidator();
  if (validate) checkWithSchemas(validate, inputs.sources, schemaDocuments(inputs));

  const mk = await createMarginKit();
  const ask = (call) => {
    try {
      return call();
    } catch (error) {
      throw engineErrorToCliError(error, inputs.sources);
    }
  };
  const { account, market, orders, config, moves } = inputs;
  const risk = inputs.command === 'check' ? ask(() => mk.accountRisk(account, market, config)) : null;
  const preview = orders !== null ? ask(() => mk.preview(account, market, orders, config)) : null;
  const outcomes = moves.length ? ask(() => mk.stress(account, market, moves.map(({ move }) => move), config)) : [];
  const stress = moves.map(({ spec, move }, index) => ({ spec, move, outcome: outcomes[index] }));

  return {
    command: inputs.command,
    version: mk.version,
    inputs: {
      account: inputs.sources.account?.label ?? null,
      market: inputs.sources.market?.label ?? null,
      order: inputs.sources.orders?.label ?? null,
      sample: inputs.sample,
      mode: inputs.mode,
      profile: config.profile ?? null,
      portfolioModel: config.portfolioModel ?? null,
      stress: moves.map(({ spec }) => spec),
      failOn: inputs.failOn,
      schemaChecked: validate !== null,
    },
    config,
    risk,
    preview,
    stress,
    decision: decide({ failOn: inputs.failOn, risk, preview, stress }),
  };
}
