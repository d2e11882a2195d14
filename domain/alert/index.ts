// The alert process's rules (docs/alerts.md): pure, zod-free, workflow-safe.
export * from './case';
export * from './commands';
export * from './subject';
