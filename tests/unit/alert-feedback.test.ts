import { alertsOfControl } from '../../activities/alert/feedback';
import { auditResultOf } from '../../domain/alert/audit-result';
import { closedStatesOf, goodsClosed, transitGoods, TRANSIT_OPEN_STATES } from '../../domain/alert/goods';
import { declarationSubjects } from '../../domain/alert/subject';

describe('the goods index of open cases (commodity alerts on raising)', () => {
  test('a declaration leaves it at release or any other final state, a movement once past control', () => {
    expect(goodsClosed('declaration', 'UNDER_CONTROL')).toBe(false);
    expect(goodsClosed('declaration', 'AWAITING_PAYMENT')).toBe(false);
    for (const s of ['RELEASED', 'NOT_RELEASED', 'REJECTED', 'INVALIDATED', 'CANCELLED'])
      expect(goodsClosed('declaration', s)).toBe(true);
    for (const s of TRANSIT_OPEN_STATES) expect(goodsClosed('transit', s)).toBe(false);
    expect(goodsClosed('transit', 'AWAITING_PRESENTATION')).toBe(false);
    for (const s of ['ARRIVED', 'WRITTEN_OFF', 'NOT_RELEASED', 'INVALIDATED'])
      expect(goodsClosed('transit', s)).toBe(true);
    expect(goodsClosed('alert', 'EXPIRED')).toBe(false);
    expect(closedStatesOf('transit').every((s) => !TRANSIT_OPEN_STATES.has(s))).toBe(true);
  });

  test("a movement's headings are indexed with its country of departure, once each", () => {
    expect(
      transitGoods({
        officeOfDeparture: 'CNURC001',
        consignment: { items: [{ hsCode: '24022090' }, { hsCode: '8703' }, { hsCode: '240210' }] },
      }),
    ).toEqual([
      { heading: '2402', origin: 'CN' },
      { heading: '8703', origin: 'CN' },
    ]);
  });

  test("a declaration's goods are its items' headings with their origin", () => {
    const facts = declarationSubjects({
      transport: {},
      declarant: {},
      items: [
        { hsCode: '0808108000', originCountry: 'CN' },
        { hsCode: '0808109000', originCountry: 'CN' },
        { hsCode: '2402209000', originCountry: 'AE' },
      ],
    });
    expect(facts.goods).toEqual([
      { heading: '0808', origin: 'CN' },
      { heading: '2402', origin: 'AE' },
    ]);
  });
});

describe("the alerts a declaration's control result goes back to", () => {
  test('the alerts among its risk hits and those whose intelligence hit forced it, once each', () => {
    expect(alertsOfControl(['R-VALUE', 'alert:KZ-LA', 'alert:KZ-LB'], ['KZ-LB', 'UZ-LC'])).toEqual([
      'KZ-LA',
      'KZ-LB',
      'UZ-LC',
    ]);
    expect(alertsOfControl(['R-VALUE'], [])).toEqual([]);
  });
});

describe('what a post-entry audit asked for by an alert tells it', () => {
  const d = { auditId: 'KZ-A0000000000000001', source: 'HIT_AFTER_RELEASE' as const, findings: 2 };
  const state = (s: string, data?: Record<string, unknown>) => ({
    seq: 1,
    at: '2026-12-02T10:00:00.000Z',
    type: 'state',
    state: s,
    actor: 'auditor-7',
    ...(data ? { data } : {}),
  });

  test('a draft report with findings: found; closed without findings: nothing found', () => {
    expect(auditResultOf(d, [state('DRAFT_ISSUED')])).toEqual({
      found: true,
      what: 'post-entry audit KZ-A0000000000000001: 2 finding(s)',
    });
    expect(auditResultOf({ ...d, findings: 0 }, [state('CLOSED', { outcome: 'NO_FINDINGS' })])).toEqual({
      found: false,
      what: 'post-entry audit KZ-A0000000000000001: no findings',
    });
  });

  test('other steps, and audits no alert asked for, tell nothing', () => {
    expect(auditResultOf(d, [state('UNDER_REVIEW')])).toBeUndefined();
    expect(auditResultOf(d, [state('CLOSED', { outcome: 'PAID' })])).toBeUndefined();
    expect(auditResultOf(d, [{ ...state('DRAFT_ISSUED'), type: 'comment' }])).toBeUndefined();
    expect(auditResultOf({ ...d, source: 'BLUE' }, [state('DRAFT_ISSUED')])).toBeUndefined();
  });
});
