export { Rng } from './random';
export { loadSimReference, type SimReference, type GoodsLine } from './reference';
export { TrafficGenerator, type Intent, type Trader } from './generate';
export { ApiClient, capabilities, type Capabilities } from './client';
export { apiObserver, readModelObserver, type CaseObserver, type CaseSnapshot } from './observe';
export { runSimulation } from './run';
export { summarise, percentile, sleep } from './report';
export type { SimulationOptions, SimulationResult, Progress } from './simulation';
