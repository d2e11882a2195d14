import {
  decideApproval,
  inForce,
  proposalRefusal,
  RiskProfileApprovalSchema,
  versionStatus,
  type RiskProfileVersionRecord,
} from '../../../domain/risk';

const NOW = new Date('2026-12-02T10:00:00Z');
const at = (iso: string) => new Date(iso);
const kzAdmin = (sub: string) => ({ sub, countries: ['KZ'] });

/** A fresh version record per call: proposed by anna@KZ unless overridden. */
function version(over: Partial<RiskProfileVersionRecord> = {}): RiskProfileVersionRecord {
  return {
    id: 'KZ-IMPORT',
    version: 2,
    country: 'KZ',
    proposedBy: 'anna',
    proposedAt: at('2026-12-01T09:00:00Z'),
    approvedBy: null,
    approvedAt: null,
    activeFrom: null,
    ...over,
  };
}
const approved = (v: number, activeFrom: string, over: Partial<RiskProfileVersionRecord> = {}) =>
  version({
    version: v,
    approvedBy: 'boris',
    approvedAt: at('2026-12-01T12:00:00Z'),
    activeFrom: at(activeFrom),
    ...over,
  });

describe('proposing a risk profile version', () => {
  it('is open to an administrator of the profile country', () => {
    expect(proposalRefusal(kzAdmin('anna'), { id: 'KZ-IMPORT', country: 'KZ' }, undefined)).toBeUndefined();
    expect(proposalRefusal(kzAdmin('anna'), { id: 'KZ-IMPORT', country: 'KZ' }, 'KZ')).toBeUndefined();
  });

  it('refuses an administrator of another country (403, naming both)', () => {
    expect(
      proposalRefusal({ sub: 'kim', countries: ['KG'] }, { id: 'KZ-IMPORT', country: 'KZ' }, 'KZ'),
    ).toEqual({
      status: 403,
      message: expect.stringMatching(/administrator of KZ.*covers KG/),
    });
  });

  it('refuses a profile without a country: it would apply to every administration', () => {
    expect(proposalRefusal(kzAdmin('anna'), { id: 'ANY' }, undefined)).toMatchObject({
      status: 400,
      path: 'country',
    });
  });

  it('refuses an id another administration (or the system fallback) already uses', () => {
    const kgAdmin = { sub: 'kim', countries: ['KG'] };
    expect(proposalRefusal(kgAdmin, { id: 'KZ-IMPORT', country: 'KG' }, 'KZ')).toMatchObject({ status: 409 });
    expect(proposalRefusal(kgAdmin, { id: 'demo-region', country: 'KG' }, null)).toMatchObject({
      status: 409,
    });
  });
});

describe('approving a version (four eyes)', () => {
  const ref = { id: 'KZ-IMPORT', version: 2 };

  it('a second administrator of the country approves; absent activeFrom it takes effect now', () => {
    expect(decideApproval(kzAdmin('boris'), ref, version(), undefined, undefined, NOW)).toEqual({
      kind: 'approve',
      activeFrom: NOW,
    });
    const later = at('2026-12-05T00:00:00Z');
    expect(decideApproval(kzAdmin('boris'), ref, version(), undefined, later, NOW)).toEqual({
      kind: 'approve',
      activeFrom: later,
    });
  });

  it('refuses the proposer approving their own version', () => {
    expect(decideApproval(kzAdmin('anna'), ref, version(), undefined, undefined, NOW)).toEqual({
      kind: 'refused',
      refusal: { status: 403, message: expect.stringContaining('four eyes') },
    });
  });

  it('answers 404 for an unknown version, one of another country, or the system fallback', () => {
    const kg = { sub: 'kim', countries: ['KG'] };
    for (const [admin, target] of [
      [kzAdmin('boris'), undefined],
      [kg, version()],
      [kzAdmin('boris'), version({ country: null })],
    ] as const)
      expect(decideApproval(admin, ref, target, undefined, undefined, NOW)).toMatchObject({
        kind: 'refused',
        refusal: { status: 404 },
      });
  });

  it('refuses an activation time in the past, naming activeFrom', () => {
    expect(
      decideApproval(kzAdmin('boris'), ref, version(), undefined, at('2026-12-02T09:59:59Z'), NOW),
    ).toMatchObject({ kind: 'refused', refusal: { status: 400, path: 'activeFrom' } });
  });

  it('the same approval again changes nothing; another one is a conflict', () => {
    const done = approved(2, '2026-12-03T00:00:00Z');
    expect(decideApproval(kzAdmin('boris'), ref, done, undefined, undefined, NOW)).toEqual({
      kind: 'unchanged',
    });
    expect(decideApproval(kzAdmin('boris'), ref, done, undefined, at('2026-12-03T00:00:00Z'), NOW)).toEqual({
      kind: 'unchanged',
    });
    expect(decideApproval(kzAdmin('carl'), ref, done, undefined, undefined, NOW)).toMatchObject({
      kind: 'refused',
      refusal: { status: 409 },
    });
  });

  it('refuses approving a version older than one already approved (no silent roll-back)', () => {
    expect(decideApproval(kzAdmin('boris'), ref, version(), 3, undefined, NOW)).toMatchObject({
      kind: 'refused',
      refusal: { status: 409, message: expect.stringContaining('propose a new version') },
    });
  });

  it('the approval body takes an ISO time with an offset, nothing else', () => {
    expect(RiskProfileApprovalSchema.safeParse({}).success).toBe(true);
    expect(RiskProfileApprovalSchema.safeParse({ activeFrom: '2026-12-05T00:00:00+05:00' }).success).toBe(
      true,
    );
    expect(RiskProfileApprovalSchema.safeParse({ activeFrom: 'tomorrow' }).success).toBe(false);
    expect(RiskProfileApprovalSchema.safeParse({ activeFrom: '2026-12-05T00:00:00Z', by: 'x' }).success).toBe(
      false,
    );
  });
});

describe('the version in force and the status of each version', () => {
  it('is the latest approved version whose activation time has come', () => {
    const v1 = approved(1, '2026-11-01T00:00:00Z');
    const v2 = approved(2, '2026-12-02T09:00:00Z');
    const v3 = approved(3, '2026-12-02T11:00:00Z');
    const v4 = version({ version: 4 });
    expect(inForce([v1, v2, v3, v4], NOW)).toBe(v2);
    expect(inForce([v1, v2, v3, v4], at('2026-12-02T11:00:00Z'))).toBe(v3);
    expect(inForce([v1, v2, v3, v4], at('2026-10-01T00:00:00Z'))).toBeUndefined();
    expect(inForce([v4], NOW)).toBeUndefined();
  });

  it('orders by activation time across profile ids, then version, then approval', () => {
    const a = approved(7, '2026-12-01T00:00:00Z', { id: 'KZ-A' });
    const b = approved(1, '2026-12-02T00:00:00Z', { id: 'KZ-B' });
    expect(inForce([a, b], NOW)).toBe(b);
    const sameTime = approved(2, '2026-12-02T00:00:00Z', {
      id: 'KZ-B',
      approvedAt: at('2026-12-01T00:00:00Z'),
    });
    expect(inForce([b, sameTime], NOW)).toBe(sameTime);
  });

  it('names each version proposed, approved, active or superseded', () => {
    const v1 = approved(1, '2026-11-01T00:00:00Z');
    const v2 = approved(2, '2026-12-02T09:00:00Z');
    const v3 = approved(3, '2026-12-03T00:00:00Z');
    const v4 = version({ version: 4 });
    const all = [v1, v2, v3, v4];
    const current = inForce(all, NOW);
    expect(all.map((v) => versionStatus(v, current, all, NOW))).toEqual([
      'superseded',
      'active',
      'approved',
      'proposed',
    ]);
    const stale = version({ version: 1 });
    const withLater = [stale, v2];
    expect(versionStatus(stale, inForce(withLater, NOW), withLater, NOW)).toBe('superseded');
  });
});
