import { servedBy } from '../../../config/administrations';
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Config } from '../../../config/env';
import { jointControlSettings } from '../../../config/joint-control';
import {
  jointControlView,
  type DeclarationView,
  type JointControlInput,
  type JointControlView,
  type JointSide,
  type TransitView,
} from '../../../contracts';
import { inScope, type Principal } from '../auth/tokens';
import { ValidationFailed } from '../common/errors';
import { startOnce } from '../common/start-once';
import { CONFIG, TEMPORAL_CLIENT } from '../infra/tokens';
import { ReferenceService } from '../reference/reference.service';
import { TransitsService, updateOr409 } from '../transits/transits.service';
import { assertExportAtExitPost, exportedDeclaration, exportFacts, exportVisible } from './export';
import { assertAtExitPost, lodgedDeclaration, movementFacts } from './movement';

export const jointControlId = (border: string, mrn: string) => `joint-control/${border}/${mrn}`;

/** True when the caller is of one side of the pair: its country, and its office when office-scoped. */
const ofEitherSide = (p: Principal, v: Pick<JointControlView, 'exit' | 'entry'>): boolean =>
  inScope(p, v.exit.country, v.exit.office) || inScope(p, v.entry.country, v.entry.office);

@Injectable()
export class JointControlsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
    private readonly reference: ReferenceService,
    private readonly transits: TransitsService,
  ) {}

  /** The movement arrived at exit post `office`: the joint control of the pair starts (once). */
  async open(mrn: string, office: string, p: Principal) {
    const offices = (await this.reference.refs()).offices;
    const exit = offices.get(office);
    const entry = offices.facing(office);
    if (!exit || !entry || !exit.crossing)
      throw new ValidationFailed(
        [
          {
            path: 'office',
            message: `${office} is not a border post with a facing office`,
            code: 'no_facing_office',
          },
        ],
        'the request is not valid',
      );
    const pair = {
      exit: { office, country: exit.country },
      entry: { office: entry.code, country: entry.country },
    };
    if (!ofEitherSide(p, pair))
      throw new ForbiddenException(
        `only officers of ${exit.country} or ${entry.country} at ${exit.crossing} may do this`,
      );
    // An export declaration's MRN names its declaration; any other, a transit movement.
    const exported = await exportedDeclaration(this.client, mrn);
    const factsOf = exported
      ? this.exportFacts(exported, p, pair)
      : await this.transitFacts(mrn, p, office, entry.code);
    const workflowId = jointControlId(exit.crossing, mrn);
    const existing = await this.find(workflowId);
    if (existing) return { border: exit.crossing, mrn, state: existing.state, duplicate: true };
    const facts = await factsOf();
    const input: JointControlInput = {
      border: exit.crossing,
      ...pair,
      ...facts,
      arrivedBy: p.sub,
      arrivedAt: new Date().toISOString(),
      settings: jointControlSettings(),
    };
    const { duplicate } = await startOnce(this.client, {
      workflowType: 'jointControlWorkflow',
      workflowId,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      payloadHash: `${mrn}|${office}`,
      owner: p.sub,
      args: [input],
      served: servedBy(this.config),
      scope: { kind: 'joint-control', country: exit.country, office, field: 'office' },
      conflict: `a joint control of ${mrn} at ${exit.crossing} is already open`,
    });
    return { border: exit.crossing, mrn, state: 'ARRIVED', duplicate };
  }

  /** The movement as the caller may see it (else 404); its facts once it stands at the exit post (else 409). */
  private async transitFacts(mrn: string, p: Principal, exit: string, entry: string) {
    const view: TransitView = await this.transits.get(mrn, p);
    return async () => {
      assertAtExitPost(view, exit, entry);
      return movementFacts(view, await lodgedDeclaration(this.client, mrn));
    };
  }

  /** The export as the caller may see it (else 404); its facts once it stands at the exit post (else 409). */
  private exportFacts(view: DeclarationView, p: Principal, pair: { exit: JointSide; entry: JointSide }) {
    if (!exportVisible(p, view, pair.exit.office)) throw new NotFoundException(`no declaration ${view.mrn}`);
    return async () => {
      assertExportAtExitPost(view, pair.exit.office, pair.entry);
      return exportFacts(view);
    };
  }

  private async find(workflowId: string): Promise<JointControlView | undefined> {
    try {
      return await this.client.workflow.getHandle(workflowId).query(jointControlView);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /** The joint control as the caller may see it: officers and supervisors of either side; others 404. */
  async get(border: string, mrn: string, p: Principal): Promise<JointControlView> {
    const v = await this.find(jointControlId(border, mrn));
    if (!v || !ofEitherSide(p, v)) throw new NotFoundException(`no joint control of ${mrn} at ${border}`);
    return v;
  }

  /**
   * An officer's command: the acting country is the caller's side of this pair (`side` first, for a
   * caller whose token covers both countries).
   */
  async update<A>(
    border: string,
    mrn: string,
    p: Principal,
    side: 'exit' | 'entry',
    def: UpdateDefinition<JointControlView, [A]>,
    arg: (country: string) => A,
  ): Promise<JointControlView> {
    const v = await this.get(border, mrn, p);
    const other = side === 'exit' ? 'entry' : 'exit';
    const country = inScope(p, v[side].country, v[side].office) ? v[side].country : v[other].country;
    return updateOr409(
      this.client,
      jointControlId(border, mrn),
      def,
      [arg(country)] as [A],
      async () => (await this.get(border, mrn, p)).state,
    );
  }
}
