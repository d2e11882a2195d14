import type { DeclarationView } from '../../contracts';
import {
  applyAcceptEntry,
  applyArrival,
  applyBookInspection,
  applyCrossingOutcome,
  applyDecisions,
  applyRecordInspection,
  newJointCase,
  type JointCase,
} from '../../domain/joint-control';
import { assertExportAtExitPost, exportFacts, exportVisible } from '../../apps/api/joint-controls/export';
import type { Principal } from '../../apps/api/auth/tokens';
import { applyExitAwaited } from '../../domain/declaration';
import { decision, jointInput } from '../workflows/joint-control-harness';
import { aCase, AT } from './support/declaration-case';

const T0 = '2026-12-02T08:00:00.000Z';

/** A released export (KZALA001, exit at KZKHO001, to CN), awaiting its exit, as its view stands. */
function exportView(over: Record<string, unknown> = {}): DeclarationView {
  const c = aCase({}, { state: 'RELEASED', channel: 'RED', type: 'EX' });
  const d = c.view.declaration;
  const declaration = {
    ...d,
    type: 'EX' as const,
    exporter: { ...d.importer!, aeo: true },
    officeOfExit: 'KZKHO001',
    countryOfDestination: 'CN',
    transport: { ...d.transport, seals: ['KZS0001'] },
    ...over,
  };
  return applyExitAwaited({ ...c, view: { ...c.view, declaration } }, '2027-03-01T00:00:00.000Z', AT).view;
}
const CN = { office: 'CNKHO001', country: 'CN' };

describe('an export at the joint post (API rules, pure)', () => {
  test('stands at its office of exit facing its country of destination', () => {
    expect(() => assertExportAtExitPost(exportView(), 'KZKHO001', CN)).not.toThrow();
    expect(() =>
      assertExportAtExitPost(exportView(), 'KZDOS001', { office: 'CNALA001', country: 'CN' }),
    ).toThrow(/office of exit is KZKHO001, not exit post KZDOS001/);
    expect(() => assertExportAtExitPost(exportView({ countryOfDestination: 'UZ' }), 'KZKHO001', CN)).toThrow(
      /not the export's next stop: its country of destination is UZ/,
    );
  });

  test('an import, an unreleased export or one whose exit is settled is refused', () => {
    expect(() => assertExportAtExitPost({ ...exportView(), type: 'IM' }, 'KZKHO001', CN)).toThrow(
      /of type IM/,
    );
    expect(() => assertExportAtExitPost({ ...exportView(), state: 'UNDER_CONTROL' }, 'KZKHO001', CN)).toThrow(
      /the export is UNDER_CONTROL/,
    );
    const v = exportView();
    expect(() =>
      assertExportAtExitPost({ ...v, exit: { ...v.exit!, confirmedAt: AT } }, 'KZKHO001', CN),
    ).toThrow(/already confirmed/);
  });

  test('visible to the office of declaration, or at the pair of its office of exit', () => {
    const p = (countries: string[], offices?: string[]) => ({ countries, offices }) as unknown as Principal;
    expect(exportVisible(p(['CN']), exportView(), 'KZKHO001')).toBe(true);
    expect(exportVisible(p(['CN']), exportView(), 'KZDOS001')).toBe(false);
    expect(exportVisible(p(['KZ'], ['KZALA001']), exportView(), 'KZDOS001')).toBe(true);
  });

  test('facts: the exporter holds, AEO, sealed by the declared seals, route to the destination', () => {
    const f = exportFacts(exportView());
    expect(f.movement).toMatchObject({
      kind: 'export',
      aeo: true,
      seals: ['KZS0001'],
      sealsIntact: true,
      routeCountries: ['KZ', 'CN'],
    });
    expect(f.goods.items.length).toBeGreaterThan(0);
    expect(exportFacts(exportView({ transport: { mode: '3', containers: [] } })).movement.seals).toEqual([]);
  });
});

describe('joint control of an export (pure)', () => {
  const arrived = (): JointCase => {
    const base = jointInput({ kind: 'export', routeCountries: ['KZ', 'CN'] });
    const input = { ...base, exit: { office: 'KZKHO001', country: 'KZ' }, entry: CN };
    return applyArrival(newJointCase(input, 'joint-control/KHORGOS/M'), T0);
  };

  test('only the exit is confirmed on the declaration; the entry stays with the joint control', () => {
    let c = applyDecisions(arrived(), { exit: decision('KZ', 'RED'), entry: decision('CN', 'GREEN') }, T0);
    c = applyBookInspection(c, { actor: 'cn-1', country: 'CN', slot: T0 }, T0);
    const officers = [
      { country: 'KZ', officer: 'Aliev' },
      { country: 'CN', officer: 'Li Wei' },
    ];
    c = applyRecordInspection(
      c,
      { actor: 'kz-1', country: 'KZ', result: 'CONFORM', officers, sealsIntact: true },
      T0,
    );
    expect(c.crossings).toEqual([
      expect.objectContaining({ kind: 'export', office: 'KZKHO001', officer: 'kz-1' }),
    ]);
    c = applyCrossingOutcome(c, { ok: true }, T0);
    expect(c.view.timeline.at(-1)?.reason).toBe('crossing at KZKHO001 recorded on declaration/' + c.view.mrn);
    c = applyAcceptEntry(c, { actor: 'cn-1', country: 'CN' }, T0);
    expect(c.view.state).toBe('ENTRY_ACCEPTED');
    expect(c.crossings).toEqual([]);
  });

  test('no stop: one exit confirmation from data, none for the entry', () => {
    const base = jointInput({ kind: 'export', aeo: true });
    const c = applyDecisions(
      applyArrival(
        newJointCase({ ...base, exit: { office: 'KZKHO001', country: 'KZ' }, entry: CN }, 'j'),
        T0,
      ),
      { exit: decision('KZ', 'GREEN'), entry: decision('CN', 'GREEN') },
      T0,
    );
    expect(c.view.noStop).toBe(true);
    expect(c.crossings.map((x) => `${x.kind} ${x.office} ${x.officer}`)).toEqual(['export KZKHO001 system']);
  });
});
