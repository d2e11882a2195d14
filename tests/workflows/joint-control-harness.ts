import type { JointControlInput, SideDecision } from '../../contracts';

/** Shared by the joint-control unit and workflow tests: a movement at the Khorgos posts, CN to KZ. */
export const MRN = '26CN00000000000019';
export const HOUR = 3_600_000;

export function jointInput(overrides: Partial<JointControlInput['movement']> = {}): JointControlInput {
  return {
    border: 'KHORGOS',
    exit: { office: 'CNKHO001', country: 'CN' },
    entry: { office: 'KZKHO001', country: 'KZ' },
    movement: {
      kind: 'transit',
      mrn: MRN,
      holderTin: 'CN91650100MA7XYZ12',
      holderName: 'Urumqi Freight Forwarding Co.',
      aeo: false,
      seals: ['CNS000101'],
      sealsIntact: true,
      routeCountries: ['CN', 'KZ'],
      containers: [],
      ...overrides,
    },
    goods: { items: [{ seq: 1, hsCode: '640299' }], documentCodes: ['N380'] },
    arrivedBy: 'cn-officer',
    arrivedAt: '2026-12-02T08:00:00.000Z',
    settings: { slaMs: 4 * HOUR },
  };
}

export const decision = (
  country: string,
  channel: SideDecision['channel'],
  reasons: string[] = [],
): SideDecision => ({
  country,
  office: country === 'CN' ? 'CNKHO001' : 'KZKHO001',
  channel,
  profileId: country === 'KZ' ? 'demo-kz' : 'demo-region',
  profileVersion: 3,
  reasons,
});
