import { borderDwellReport, type DwellSample } from '../../apps/api/statistics/border-dwell';

const at = (min: number) => new Date(Date.UTC(2026, 11, 2, 8, min));
const sample = (arrived: number, accepted: number | null, over: Partial<DwellSample> = {}): DwellSample => ({
  border: 'KHORGOS',
  exitOffice: 'CNKHO001',
  entryOffice: 'KZKHO001',
  arrivedAt: at(arrived),
  acceptedAt: accepted === null ? null : at(accepted),
  noStop: false,
  ...over,
});

describe('border dwell per border pair: arrival at the exit post to entry acceptance', () => {
  test('median and p90 over the accepted joint controls of each pair, direction kept apart', () => {
    const report = borderDwellReport([
      sample(0, 10),
      sample(0, 30),
      sample(0, 0, { noStop: true }),
      sample(0, null),
      sample(0, 20, { exitOffice: 'KZKHO001', entryOffice: 'CNKHO001' }),
    ]);
    expect(report).toEqual([
      {
        border: 'KHORGOS',
        exitOffice: 'CNKHO001',
        entryOffice: 'KZKHO001',
        arrived: 4,
        accepted: 3,
        noStop: 1,
        medianSeconds: 600,
        p90Seconds: 1560,
      },
      {
        border: 'KHORGOS',
        exitOffice: 'KZKHO001',
        entryOffice: 'CNKHO001',
        arrived: 1,
        accepted: 1,
        noStop: 0,
        medianSeconds: 1200,
        p90Seconds: 1200,
      },
    ]);
  });

  test('a pair with no acceptance yet has no dwell figures', () => {
    expect(borderDwellReport([sample(0, null)])[0]).toMatchObject({
      accepted: 0,
      medianSeconds: null,
      p90Seconds: null,
    });
  });
});
