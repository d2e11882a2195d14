import { OfficeSchema, type Office } from '../../domain/offices';
import { ReferenceDataSchema, TariffBook, type ReferenceData, type TariffLine } from '../../domain/tariff';
import officesFile from './offices.json';
import tariffFile from './tariff-lines.json';
import preferencesFile from './preferences.json';
import vatFile from './vat-rates.json';
import exciseFile from './excise-rates.json';
import ratesFile from './exchange-rates.json';
import pricesFile from './reference-prices.json';
import chapterFile from './chapter-rates.json';

/**
 * ILLUSTRATIVE demo reference data for KZ, KG, UZ, TJ and CN (see README.md): not the official
 * tariffs, rates or office codes of any administration. Parsed with the domain schemas at import,
 * so a typo in the JSON fails fast.
 */
export const demoOffices: Office[] = OfficeSchema.array().parse(officesFile.offices);

/**
 * One ad valorem line per HS chapter and country at its section's rate (chapter-rates.json), so
 * every HS 2022 subheading has a line; the lines of tariff-lines.json, longer prefixes, win over them.
 */
export function demoChapterLines(): TariffLine[] {
  return chapterFile.sections.flatMap((s) =>
    Object.entries(s.percent).flatMap(([country, percent]) =>
      s.chapters.map((chapter) => ({
        id: `${country}-ch${chapter}`,
        country,
        hsPrefix: chapter,
        description: `Chapter ${chapter} (section ${s.section}: ${s.title}): ILLUSTRATIVE chapter rate`,
        duty: { kind: 'ad_valorem' as const, percent },
        validFrom: chapterFile.validFrom,
      })),
    ),
  );
}

export const demoReferenceData: ReferenceData = ReferenceDataSchema.parse({
  offices: officesFile.offices,
  tariffLines: [...tariffFile.tariffLines, ...demoChapterLines()],
  preferences: preferencesFile.preferences,
  vatRates: vatFile.vatRates,
  exciseRates: exciseFile.exciseRates,
  exchangeRates: ratesFile.exchangeRates,
  referencePrices: pricesFile.referencePrices,
});

/** A TariffBook over the demo data (compiled on each call; cache it if you call it often). */
export function demoTariffBook(): TariffBook {
  return new TariffBook(demoReferenceData);
}
