/**
 * npm run bench:risk
 *
 * One generated 1,000-rule profile, one generated set of declarations (deterministic generator,
 * fixed seed). Clearway's compiled engine and json-rules-engine (v7) evaluate the same profile -
 * translated rule by rule into json-rules-engine conditions - over the same declarations in this
 * one run. Prints declarations/s for both, the ratio, and a check that both engines produce the
 * same hit sets (rule id + goods item) for every declaration json-rules-engine evaluated.
 * No assertions: figures only (targets are printed beside them).
 */
import {
  compileProfile,
  evaluate,
  factsFromDeclaration,
  matchRules,
  MATCH_SLOT,
  predicateScope,
  type RiskFacts,
} from '../domain/risk';
import { genDeclaration, genProfile, RULES } from './risk/generator';
import { jreFacts, jreHits, newJreEngine } from './risk/json-rules-engine';

const DECLARATIONS = Number(process.env.BENCH_DECLARATIONS ?? 1000);
const CLEARWAY_MIN_MS = 3000;

function clearwayHitKeys(f: RiskFacts, codes: number[], ruleIds: readonly string[]): string[] {
  return codes
    .map((c) => {
      const ri = Math.floor(c / MATCH_SLOT);
      const slot = c - ri * MATCH_SLOT;
      return `${ruleIds[ri]}@${slot === 0 ? '-' : f.items[slot - 1].seq}`;
    })
    .sort();
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const profile = genProfile();
  const compiled = compileProfile(profile);
  const compileMs = performance.now() - t0;
  const ruleIds = profile.rules.map((r) => r.id);
  const gens = Array.from({ length: DECLARATIONS }, (_, n) => genDeclaration(n));
  const facts = gens.map((g) => factsFromDeclaration(g.decl, g.ctx));
  const offices = gens.map((g) => g.office);
  const itemCount = facts.reduce((s, f) => s + f.items.length, 0);

  console.log(`bench:risk  ${new Date().toISOString()}  node ${process.version}`);
  console.log(
    `profile: ${RULES} rules (${compiled.indexStats.hsIndexed} on the HS trie, ${compiled.indexStats.valueIndexed} in value maps, ${compiled.indexStats.rangeIndexed} in threshold indexes, ${compiled.indexStats.patternIndexed} by first character, ${compiled.indexStats.unindexed} unindexed; ${compiled.scopes.filter((s) => s === 'header').length} header-level), compiled in ${compileMs.toFixed(1)} ms`,
  );
  console.log(
    `declarations: ${DECLARATIONS} (${itemCount} goods items, ${(itemCount / DECLARATIONS).toFixed(2)} per declaration)`,
  );

  // Clearway: warm up, then full passes over the set until at least CLEARWAY_MIN_MS.
  const channels: Record<string, number> = {};
  for (let i = 0; i < DECLARATIONS; i++) evaluate(compiled, facts[i], { seed: 'bench', office: offices[i] });
  let n = 0;
  let hitCount = 0;
  const c0 = performance.now();
  let elapsed: number;
  let passes = 0;
  do {
    for (let i = 0; i < DECLARATIONS; i++) {
      const d = evaluate(compiled, facts[i], { seed: 'bench', office: offices[i] });
      hitCount += d.hits.length;
      if (passes === 0) channels[d.channel] = (channels[d.channel] ?? 0) + 1;
    }
    n += DECLARATIONS;
    passes++;
    elapsed = performance.now() - c0;
  } while (elapsed < CLEARWAY_MIN_MS);
  const clearwayRate = n / (elapsed / 1000);
  console.log(
    `clearway (compiled, full decision with explanation): ${n} evaluations (${passes} passes) in ${(elapsed / 1000).toFixed(2)} s -> ${Math.round(clearwayRate).toLocaleString('en-US')} declarations/s  (avg ${(hitCount / n).toFixed(2)} hits)`,
  );
  console.log(
    `clearway channel mix (one pass): ${Object.entries(channels)
      .map(([c, k]) => `${c} ${k}`)
      .join(', ')}`,
  );

  // json-rules-engine: same profile translated, header-level and item-level rules in two engines.
  const headerRules = profile.rules.filter((r) => predicateScope(r.when) === 'header');
  const itemRules = profile.rules.filter((r) => predicateScope(r.when) === 'item');
  const jreHeader = newJreEngine(headerRules);
  const jreItem = newJreEngine(itemRules);
  const jf = facts.map(jreFacts);
  for (let i = 0; i < Math.min(50, DECLARATIONS); i++) await jreHits(jreHeader, jreItem, jf[i]); // warm-up
  const j0 = performance.now();
  const jreResults: string[][] = [];
  for (let i = 0; i < DECLARATIONS; i++) jreResults.push(await jreHits(jreHeader, jreItem, jf[i]));
  const jElapsed = performance.now() - j0;
  const jreRate = DECLARATIONS / (jElapsed / 1000);
  console.log(
    `json-rules-engine 7 (rule hits only, no decision): ${DECLARATIONS} evaluations in ${(jElapsed / 1000).toFixed(2)} s -> ${Math.round(jreRate).toLocaleString('en-US')} declarations/s`,
  );

  // Honesty check: the same hit sets (rule id @ item seq) on every declaration both evaluated.
  let same = 0;
  let totalHits = 0;
  const diffs: string[] = [];
  for (let i = 0; i < DECLARATIONS; i++) {
    const a = clearwayHitKeys(facts[i], matchRules(compiled, facts[i]), ruleIds);
    const b = jreResults[i];
    totalHits += a.length;
    if (a.length === b.length && a.every((x, k) => x === b[k])) same++;
    else if (diffs.length < 3)
      diffs.push(
        `${facts[i].header.declarationId}: clearway [${a.join(' ')}] vs json-rules-engine [${b.join(' ')}]`,
      );
  }
  console.log(`hit-set check: ${same}/${DECLARATIONS} declarations identical (${totalHits} hits in total)`);
  for (const d of diffs) console.log(`  differs: ${d}`);

  const ratio = clearwayRate / jreRate;
  console.log(`ratio: clearway / json-rules-engine = ${ratio.toFixed(1)}x`);
  console.log(
    `targets: >= 10x ${ratio >= 10 ? 'met' : 'NOT met'}; >= 50,000 declarations/s ${clearwayRate >= 50000 ? 'met' : 'NOT met'}; hit sets ${same === DECLARATIONS ? 'identical' : 'DIFFER'}`,
  );
}

if (require.main === module)
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
