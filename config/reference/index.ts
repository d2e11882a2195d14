import { OfficeSchema, type Office } from '../../domain/offices';
import officesFile from './offices.json';

/**
 * Illustrative demo reference data (NOT real tariffs, rates or office codes): see README.md.
 * Validated with the domain schemas at import, so a typo fails fast.
 */
export const demoOffices: Office[] = OfficeSchema.array().parse(officesFile.offices);
