import type { DeclarationInput } from '../../domain/schemas/declaration';
import type { Office } from '../../domain/offices';
import { BAD_KINDS, spoil } from './bad-declarations';
import { Rng } from './random';
import type { GoodsLine, SimReference } from './reference';
import { FOREIGN_EXPORTERS, INCOTERMS, TRADER_KINDS, TRADER_WORDS } from './vocabulary';

/**
 * Synthetic but plausible traffic: traders with stable identities (a share of them AEO), goods from
 * the nomenclature under a demo tariff line of the declaring country, values and masses of the right
 * order for the goods, documents as a border would see them, and - on request - a declaration built
 * to land in a given channel (QUERY without an invoice, YELLOW/RED by the demo profile's weights).
 */

export interface Trader {
  tin: string;
  name: string;
  country: string;
  aeo: boolean;
}

/** What a declaration is built to provoke; the risk engine still decides (random selection too). */
export type Intent = 'green' | 'query' | 'yellow' | 'red';

export interface GeneratorOptions {
  seed: number;
  /** Run tag inside every LRN, so separate runs never collide (LRN + declarant = MRN). */
  runTag: string;
  /** Share of declarants holding AEO status. */
  aeoShare: number;
  /** Countries whose offices lodge declarations (the demo risk profile covers KZ). */
  countries: string[];
  /** Only these offices of declaration (for example to avoid a stand-by green window in a bench). */
  offices?: string[];
}

export class TrafficGenerator {
  readonly rng: Rng;
  private readonly traders = new Map<string, Trader[]>();
  private seq = 0;

  constructor(
    readonly ref: SimReference,
    readonly opts: GeneratorOptions,
  ) {
    this.rng = new Rng(opts.seed);
    for (const c of opts.countries) {
      if (!ref.declarationOffices.get(c)?.length) throw new Error(`no declaration office in ${c}`);
      if (!ref.goods.get(c)?.length) throw new Error(`no demo tariff line for ${c}`);
    }
    // A stable population: 60 traders per country, their AEO status fixed for the run.
    for (const c of new Set([...opts.countries, 'KZ', 'KG', 'UZ', 'TJ', 'CN'])) {
      const list: Trader[] = [];
      for (let i = 0; i < 60; i++) {
        list.push({
          tin: `${c}${this.rng.digits(12)}`,
          name: `${this.rng.pick(TRADER_WORDS)} ${this.rng.pick(TRADER_KINDS)}`,
          country: c,
          aeo: this.rng.chance(opts.aeoShare),
        });
      }
      this.traders.set(c, list);
    }
  }

  nextLrn(prefix: string): string {
    this.seq += 1;
    return `${prefix}-${this.opts.runTag}-${String(this.seq).padStart(6, '0')}`.slice(0, 35);
  }

  trader(country: string): Trader {
    return this.rng.pick(this.traders.get(country)!);
  }

  /** An import declaration lodged at an office of one of the configured countries. */
  declaration(intent: Intent = 'green', countryOverride?: string): DeclarationInput {
    const r = this.rng;
    const country = countryOverride ?? r.pick(this.opts.countries);
    const allowed = this.ref.declarationOffices
      .get(country)!
      .filter((o) => !this.opts.offices?.length || this.opts.offices.includes(o.code));
    const office = r.pick(allowed.length ? allowed : this.ref.declarationOffices.get(country)!);
    const entry = this.ref.crossings.find((x) => x.office.country === country)?.office;
    const trader = this.trader(country);
    // Green traffic from traders the profile trusts less still goes green; red/yellow need weight.
    const declarant = intent === 'green' ? trader : { ...trader, aeo: false };
    const [exporterCountry, exporterName] = r.pick(FOREIGN_EXPORTERS);
    const currency = r.weighted([
      ['USD', 8],
      ['EUR', 2],
    ] as const);
    const perUsd = currency === 'EUR' ? 0.92 : 1;
    const goods = this.ref.goods.get(country)!;
    const excise = goods.filter((g) => /^(2203|2204|2208|2402)/.test(g.hsCode));
    const nItems = r.weighted([
      [1, 5],
      [2, 3],
      [3, 1],
      [4, 1],
    ] as const);
    const items = Array.from({ length: nItems }, (_, i) => {
      const g =
        (intent === 'yellow' || intent === 'red') && i === 0 && excise.length
          ? r.pick(excise)
          : r.pick(goods);
      return this.item(i + 1, g, exporterCountry, perUsd, intent === 'red');
    });
    const total = items.reduce((s, it) => s + Math.round(Number(it.invoiceAmount) * 100), 0);
    const road = r.chance(0.75);
    const invoiceNo = `INV-${r.digits(6)}`;
    const documents = [
      ...(intent === 'query' ? [] : [{ code: 'N380', reference: invoiceNo }]),
      { code: road ? 'N730' : 'N720', reference: `${road ? 'CMR' : 'SMGS'}-${r.digits(6)}` },
      ...(r.chance(0.6) ? [{ code: 'N954', reference: `CO-${exporterCountry}-${r.digits(7)}` }] : []),
    ];
    const arrived = new Date(Date.now() - r.int(6 * 3_600_000));
    return {
      lrn: this.nextLrn('SIM'),
      type: 'IM',
      additionalType: 'A',
      procedureCode: '4000',
      declarant: { tin: declarant.tin, name: declarant.name, country, aeo: declarant.aeo },
      importer: { tin: declarant.tin, name: declarant.name, country },
      exporter: { name: exporterName, country: exporterCountry },
      officeOfDeclaration: office.code,
      ...(entry && entry.code !== office.code ? { officeOfEntry: entry.code } : {}),
      countryOfDispatch: exporterCountry,
      countryOfDestination: country,
      transport: road
        ? {
            mode: 'ROAD',
            vehicleRegistration: `${exporterCountry}${r.digits(3)}${r.letters(3)}`,
            containers: [],
          }
        : { mode: 'RAIL', containers: [`${r.letters(3)}U${r.digits(7)}`] },
      incoterm: r.pick(INCOTERMS),
      invoice: { number: invoiceNo, currency, amount: (total / 100).toFixed(2) },
      valuation: {
        method: '1',
        relatedParties: intent === 'yellow' || intent === 'red',
        freight: ((total / 100) * r.between(0.02, 0.06)).toFixed(2),
        insurance: ((total / 100) * 0.003).toFixed(2),
        currency,
      },
      items,
      documents,
      arrivedAt: arrived.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  private item(seq: number, g: GoodsLine, origin: string, perUsd: number, heavy: boolean) {
    const r = this.rng;
    const p = g.profile;
    let qty = Math.max(1, Math.round(r.logNormal(p.lot, 0.6)));
    // RED intent: a consignment over 20 t (the demo profile's heavy-consignment weight).
    if (heavy) qty = Math.max(qty, Math.ceil(21_000 / p.kgPerUnit));
    // Price spread above 0.8 of the median keeps honest traffic clear of import price verification.
    const unitPrice = p.priceUsd * perUsd * Math.max(0.8, r.logNormal(1, 0.15));
    const net = qty * p.kgPerUnit;
    return {
      seq,
      hsCode: g.hsCode,
      description: g.description.slice(0, 200),
      originCountry: origin,
      quantity: String(qty),
      unit: p.unit,
      netMassKg: net.toFixed(3),
      grossMassKg: (net * r.between(1.03, 1.12)).toFixed(3),
      invoiceAmount: (qty * unitPrice).toFixed(2),
    };
  }

  /** A guarantee for a holder (comprehensive, type 1), valid for a year across the five countries. */
  guarantee(holder: Trader, amountUsd = 250_000) {
    const r = this.rng;
    const today = new Date();
    const until = new Date(today.getTime() + 365 * 86_400_000);
    return {
      grn: `${String(today.getUTCFullYear() % 100).padStart(2, '0')}KZ${r.digits(2)}${r.letters(2)}${r.digits(10)}`,
      type: '1',
      holder: { tin: holder.tin, name: holder.name, country: holder.country },
      guarantor: {
        name: r.pick(['Halyk Insurance JSC', 'Kyrgyz Insurance OJSC', 'Eurasian Guarantee Fund']),
        country: 'KZ',
      },
      currency: 'USD',
      referenceAmount: amountUsd.toFixed(2),
      validFrom: today.toISOString().slice(0, 10),
      validUntil: until.toISOString().slice(0, 10),
      accessCode: `${r.digits(4)}`,
      countriesOfValidity: ['CN', 'KZ', 'KG', 'UZ', 'TJ'],
    };
  }

  /** A transit movement over a real demo route: departure -> crossing pair(s) -> destination. */
  transit(holder: Trader, guarantee: { grn: string; accessCode: string }) {
    const r = this.rng;
    const crossing = r.pick(this.ref.crossings);
    const departure = this.pickOffice(this.ref.departureOffices, crossing.office.country, crossing.office);
    const destination = this.pickOffice(
      this.ref.destinationOffices,
      crossing.facing.country,
      crossing.facing,
    );
    const goods = this.ref.goods.get(crossing.facing.country) ?? this.ref.goods.get('KZ')!;
    const nItems = r.weighted([
      [1, 6],
      [2, 3],
      [3, 1],
    ] as const);
    const items = Array.from({ length: nItems }, (_, i) => {
      const g = r.pick(goods);
      const packages = Math.max(1, Math.round(r.logNormal(300, 0.5)));
      return {
        seq: i + 1,
        hsCode: g.hsCode.slice(0, 6),
        description: g.description.slice(0, 200),
        packages: { kind: r.pick(['CT', 'PK', 'BX', 'PL']), count: packages },
        grossMassKg: (packages * r.between(8, 30)).toFixed(3),
      };
    });
    const gross = items.reduce((s, it) => s + Number(it.grossMassKg), 0);
    return {
      lrn: this.nextLrn('SIMT'),
      declarationType: 'T1',
      additionalType: 'A',
      holder: { tin: holder.tin, name: holder.name, country: holder.country },
      officeOfDeparture: departure.code,
      officesOfTransit: [crossing.office, crossing.facing]
        .filter((o) => o.code !== departure.code && o.code !== destination.code)
        .map((o) => o.code),
      officeOfDestination: destination.code,
      countriesOfRouting: [
        ...new Set([
          departure.country,
          crossing.office.country,
          crossing.facing.country,
          destination.country,
        ]),
      ],
      transport: {
        mode: 'ROAD',
        vehicleRegistration: `${departure.country}${r.digits(5)}`,
        seals: [`S${r.digits(8)}`, `S${r.digits(8)}`],
      },
      guarantee: {
        type: '1',
        grn: guarantee.grn,
        accessCode: guarantee.accessCode,
        amountToBeCovered: { currency: 'USD', amount: (gross * r.between(1.5, 4)).toFixed(2) },
      },
      consignment: { grossMassKg: gross.toFixed(3), items },
    };
  }

  private pickOffice(list: Office[], country: string, fallback: Office): Office {
    const inCountry = list.filter((o) => o.country === country && !o.crossing);
    return inCountry.length ? this.rng.pick(inCountry) : fallback;
  }

  /**
   * A payload the API must refuse with 400 (the share of bad payloads in live traffic): each a
   * mistake real clearance systems make. Returns what was broken, for the summary.
   */
  badDeclaration(): { kind: string; body: unknown } {
    const d = this.declaration('green');
    const kind = this.rng.pick(BAD_KINDS);
    return { kind, body: spoil(d, kind) };
  }
}
