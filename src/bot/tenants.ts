/**
 * Which Microsoft 365 tenant an activity comes from, and whether the bot serves it.
 *
 * The council's own tenant (BOT_TENANT_ID) is the home tenant; other tenants in ALLOWED_TENANT_IDS
 * are partner tenants (NHSmail for GP practices and most NHS staff). Activities from any other
 * tenant are refused before any handler runs.
 */
import type { Activity } from 'botbuilder';

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : activity.conversation?.tenantId;
  return id ? id.toLowerCase() : undefined;
}

/** Empty `allowed` means any tenant: only possible in local mode (see config). */
export function isTenantAllowed(activity: Partial<Activity>, allowed: ReadonlySet<string>): boolean {
  if (allowed.size === 0) return true;
  const tenant = tenantOf(activity);
  return tenant !== undefined && allowed.has(tenant);
}
