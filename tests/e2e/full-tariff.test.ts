import fs from 'node:fs';
import path from 'node:path';
import { demoTariffBook } from '../../config/reference';
import { parseHsCsv } from '../../domain/hs';
import { clearance, freshLrn, officer, stack, useClearanceStack, viewWhen } from '../support/clearance';
import { SHARED, example } from '../support/examples';

/**
 * Issue 19, point 6: a declaration of any real HS 2022 subheading, drawn at random on each run,
 * reaches a channel and duties (before the chapter lines, most were HELD: "no KZ tariff line").
 * The codes drawn are in the test's name of each assertion, so a failure can be re-run by hand.
 */
useClearanceStack('e2e-full-tariff');

const subheadings = parseHsCsv(fs.readFileSync(path.join(SHARED, 'reference', 'hs2022.csv'), 'utf8'))
  .filter((r) => r.level === 6 && r.hscode < '98')
  .map((r) => r.hscode);
const drawn = Array.from({ length: 3 }, () => subheadings[Math.floor(Math.random() * subheadings.length)]);
const book = demoTariffBook();

/** The unit a per-unit duty or excise wants the quantity in (any other rate takes pieces). */
function unitFor(hsCode: string): string {
  for (const r of [
    book.tariffLine('KZ', hsCode, '2026-11-27')?.line.duty,
    book.exciseRate('KZ', hsCode, '2026-11-27')?.rate,
  ])
    if (r && r.kind !== 'ad_valorem' && r.unit) return r.unit;
  return 'PCE';
}

test(`declarations of randomly drawn HS 2022 subheadings (${drawn.join(', ')}) reach a channel and duties`, async () => {
  const base = example('declaration-import.json');
  const lodged = await Promise.all(
    drawn.map(async (sub) => {
      const hsCode = `${sub}0000`;
      const res = await stack.request('POST', '/v1/declarations', {
        token: clearance,
        body: {
          ...base,
          lrn: freshLrn(sub),
          invoice: { ...base.invoice, amount: '1000.00' },
          items: [{ ...base.items[0], hsCode, unit: unitFor(hsCode), invoiceAmount: '1000.00' }],
        },
      });
      expect([hsCode, res.status === 202 ? 202 : res.body]).toEqual([hsCode, 202]);
      return { hsCode, mrn: res.body.mrn as string };
    }),
  );
  for (const { hsCode, mrn } of lodged) {
    const v = await viewWhen(mrn, (x) => !!x.channel && !!x.duties?.totals, officer);
    expect([hsCode, v.state]).not.toEqual([hsCode, 'HELD']);
    expect(v.duties.items[0]).toMatchObject({ hsCode, tariffLine: { id: expect.stringMatching(/^KZ-/) } });
    expect(v.duties.totals.total).toMatch(/^\d+(\.\d+)?$/);
    expect(['GREEN', 'YELLOW', 'RED', 'BLUE']).toContain(v.channel);
  }
});
