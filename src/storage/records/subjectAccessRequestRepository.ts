/**
 * Subject access requests (src/domain/records/subjectAccessRequest.ts), in the `records` container:
 * one document a request, by its reference. A council has tens a year: the open ones are found by a
 * query on the indexed `type` and filtered here.
 */
import type { Container } from '@azure/cosmos';
import type { SubjectAccessRequest } from '../../domain/records/subjectAccessRequest';

const TYPE = 'subject-access-request';
const idOf = (reference: string) => `sar:${reference}`;

export interface SubjectAccessRequests {
  create(request: SubjectAccessRequest): Promise<void>;
  get(reference: string): Promise<SubjectAccessRequest | undefined>;
  /** Changes one request, read afresh; the change returns undefined to leave it. */
  update(
    reference: string,
    change: (current: SubjectAccessRequest) => SubjectAccessRequest | undefined,
  ): Promise<SubjectAccessRequest | undefined>;
  listOpen(): Promise<SubjectAccessRequest[]>;
}

function fields(document: Record<string, unknown>): SubjectAccessRequest {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document))
    if (!key.startsWith('_') && key !== 'id' && key !== 'type') copy[key] = value;
  return copy as unknown as SubjectAccessRequest;
}

export class CosmosSubjectAccessRequests implements SubjectAccessRequests {
  constructor(private readonly container: Container) {}

  async create(request: SubjectAccessRequest): Promise<void> {
    await this.container.items.create({ id: idOf(request.reference), type: TYPE, ...request });
  }

  async get(reference: string): Promise<SubjectAccessRequest | undefined> {
    const { resource } = await this.container
      .item(idOf(reference), idOf(reference))
      .read<Record<string, unknown>>();
    return resource?.type === TYPE ? fields(resource) : undefined;
  }

  async update(
    reference: string,
    change: (current: SubjectAccessRequest) => SubjectAccessRequest | undefined,
  ): Promise<SubjectAccessRequest | undefined> {
    for (let attempt = 1; ; attempt++) {
      const item = this.container.item(idOf(reference), idOf(reference));
      const { resource, etag } = await item.read<Record<string, unknown>>();
      if (resource?.type !== TYPE) return undefined;
      const next = change(fields(resource));
      if (!next) return fields(resource);
      try {
        await item.replace(
          { id: idOf(reference), type: TYPE, ...next },
          { accessCondition: { type: 'IfMatch', condition: etag ?? '' } },
        );
        return next;
      } catch (error) {
        if ((error as { code?: number }).code !== 412 || attempt >= 5) throw error;
      }
    }
  }

  async listOpen(): Promise<SubjectAccessRequest[]> {
    const { resources } = await this.container.items
      .query<Record<string, unknown>>({
        query: 'SELECT * FROM c WHERE c.type = @type',
        parameters: [{ name: '@type', value: TYPE }],
      })
      .fetchAll();
    return resources
      .map(fields)
      .filter((r) => !r.closed)
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  }
}
