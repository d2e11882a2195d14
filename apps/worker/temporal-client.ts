import { Client, Connection } from '@temporalio/client';
import type { Config } from '../../config/env';
import { temporalTls } from '../../config/temporal';
import { dataConverterFor } from '../shared/payload-codec';

/** A Temporal client beside the worker's native connection, for what runs next to it (the archiver). */
export async function temporalClient(config: Config): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address: config.temporalAddress, tls: temporalTls(config) });
  return {
    client: new Client({
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      dataConverter: dataConverterFor(config),
    }),
    close: () => connection.close(),
  };
}
