export * from './control';
export * from './itinerary';
export * from './recovery';
export * from './rules';
