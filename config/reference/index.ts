import { OfficeSchema, type Office } from '../../domain/offices';
import { ReferenceDataSchema, TariffBook, type ReferenceData } from '../../domain/tariff';
import officesFile from './offices.json';
import tariffFile from './tariff-lines.json';
import preferencesFile from './preferences.json';
import vatFile from './vat-rates.json';
import exciseFile from './excise-rates.json';
import ratesFile from './exchange-rates.json';
import pricesFile from './reference-prices.json';

/**
 * ILLUSTRATIVE demo reference data for KZ, KG, UZ, TJ and CN (see README.md): not the official
 * tariffs, rates or office codes of any administration. Parsed with the domain schemas at import,
 * so a typo in the JSON fails fast.
 */
export const demoOffices: Office[] = OfficeSchema.array().parse(officesFile.offices);

export const demoReferenceData: ReferenceData = ReferenceDataSchema.parse({
  offices: officesFile.offices,
  tariffLines: tariffFile.tariffLines,
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
