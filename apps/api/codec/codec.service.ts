import { Inject, Injectable } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import type { Pool } from 'pg';
import { Country, Office } from '../../../contracts/search-attributes';
import { archivedPlace } from '../../shared/archive';
import { ENCRYPTED_ENCODING } from '../../shared/payload-codec';
import { inScope, type Principal } from '../auth/tokens';
import { PG_POOL, TEMPORAL_CLIENT } from '../infra/tokens';

/** A payload in the codec-server protocol: proto3 JSON, bytes as base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const BOUND_TO = 'encryption-workflow-id';
const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]),
  ),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const meta = (p: JsonPayload, name: string) =>
  p.metadata?.[name] === undefined ? undefined : Buffer.from(p.metadata[name], 'base64').toString();

/**
 * The codec server behind the Temporal UI (docs/operations.md, "Decoded payloads in the Temporal
 * UI"). A payload is decoded only for an administrator of the country of the case it is bound to
 * (the workflow id the ciphertext names and authenticates); any other payload goes back as it came.
 * Every decision is written to `codec_decodes` with who and which case.
 */
@Injectable()
export class CodecService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  private get codecs() {
    return this.client.options.dataConverter.payloadCodecs ?? [];
  }

  /** The case's country and office: read model, then archive, then Temporal itself. */
  private async placeOf(caseId: string): Promise<{ country: string; office?: string } | undefined> {
    const row = (
      await this.pool.query<{ country: string | null; office: string | null }>(
        'SELECT country, office FROM cases WHERE case_id = $1',
        [caseId],
      )
    ).rows[0];
    if (row?.country) return { country: row.country, office: row.office ?? undefined };
    const archived = await archivedPlace(this.pool, caseId);
    if (archived) return archived;
    try {
      const d = await this.client.workflow.getHandle(caseId).describe();
      const country = d.typedSearchAttributes.get(Country);
      return country ? { country, office: d.typedSearchAttributes.get(Office) } : undefined;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  async decode(payloads: JsonPayload[], principal: Principal): Promise<JsonPayload[]> {
    const byCase = new Map<string, number[]>();
    payloads.forEach((p, i) => {
      const caseId = meta(p, 'encoding') === ENCRYPTED_ENCODING ? meta(p, BOUND_TO) : undefined;
      if (caseId) byCase.set(caseId, [...(byCase.get(caseId) ?? []), i]);
    });
    const out = [...payloads];
    for (const [caseId, idx] of byCase) {
      const place = await this.placeOf(caseId);
      let allowed = !!place && inScope(principal, place.country, place.office);
      if (allowed) {
        try {
          let decoded = idx.map((i) => fromJson(payloads[i]));
          for (const c of [...this.codecs].reverse()) decoded = await c.decode(decoded);
          idx.forEach((i, k) => (out[i] = toJson(decoded[k])));
        } catch {
          allowed = false; // not ours, or tampered: it goes back as it came
        }
      }
      await this.pool.query(
        'INSERT INTO codec_decodes (principal, role, case_id, payloads, decoded) VALUES ($1, $2, $3, $4, $5)',
        [principal.sub, principal.role, caseId, idx.length, allowed],
      );
    }
    return out;
  }

  /** Encodes as the workers do, bound to no workflow: a worker refuses it (fail closed), by design. */
  async encode(payloads: JsonPayload[]): Promise<JsonPayload[]> {
    let encoded = payloads.map(fromJson);
    for (const c of this.codecs) encoded = await c.encode(encoded);
    return encoded.map(toJson);
  }
}
