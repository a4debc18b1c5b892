/**
 * The Bot Framework adapter, configured from BOT_* settings. With no BOT_ID it runs unauthenticated
 * (local mode, loopback only, for the Agents Playground); with one, every request to /api/messages
 * must carry a valid Bot Framework token, and replies are sent with the bot's own credentials.
 */
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { AppConfig } from '../config';

const APP_TYPE = {
  MultiTenant: 'MultiTenant',
  SingleTenant: 'SingleTenant',
  UserAssignedMsi: 'UserAssignedMSI',
} as const;

export function createAdapter(config: AppConfig): TeamsAdapter {
  if (config.localMode) return new TeamsAdapter({});
  return new TeamsAdapter({
    MicrosoftAppId: config.bot.id,
    MicrosoftAppPassword: config.bot.password,
    MicrosoftAppType: APP_TYPE[config.bot.type],
    MicrosoftAppTenantId: config.bot.tenantId,
  });
}
