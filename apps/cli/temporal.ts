import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config/env';
import { temporalTls } from '../../config/temporal';
import { dataConverterFor } from '../shared/payload-codec';

/** A Temporal client for the configured cluster (the running dev stack by default). */
export async function withTemporalClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const connection = await Connection.connect({
    address: config.temporalAddress,
    tls: temporalTls(config),
  }).catch((err: Error) => {
    throw new Error(
      `cannot reach Temporal at ${config.temporalAddress} (is 'npm start' running?): ${err.message}`,
    );
  });
  try {
    return await fn(
      new Client({
        connection,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter: dataConverterFor(config),
      }),
    );
  } finally {
    await connection.close();
  }
}
