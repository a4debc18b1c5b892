/**
 * How many people each coordinator is walking alongside or has been offered, for routing.
 * Counted in code, not with GROUP BY (which the local server lacks); at a council's volume the
 * query returns a few hundred small rows.
 *
 * Query: introductions filtered on /type, /status (indexed), projecting /coordinatorEmail.
 */
import type { Container } from '@azure/cosmos';
import { CASELOAD_STATUSES } from '../../domain/directory/caseload';

export interface CaseloadRepository {
  current(): Promise<Map<string, number>>;
}

export class CosmosCaseloadRepository implements CaseloadRepository {
  constructor(private readonly container: Container) {}

  async current(): Promise<Map<string, number>> {
    const { resources } = await this.container.items
      .query<{ coordinatorEmail?: string }>({
        query:
          "SELECT c.coordinatorEmail FROM c WHERE c.type = 'introduction' AND ARRAY_CONTAINS(@statuses, c.status) AND IS_DEFINED(c.coordinatorEmail)",
        parameters: [{ name: '@statuses', value: [...CASELOAD_STATUSES] }],
      })
      .fetchAll();
    const counts = new Map<string, number>();
    for (const { coordinatorEmail } of resources) {
      if (coordinatorEmail) counts.set(coordinatorEmail, (counts.get(coordinatorEmail) ?? 0) + 1);
    }
    return counts;
  }
}
