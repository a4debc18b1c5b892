/**
 * The journey's pages in order and the questions each asks (the domain's `WEB_PAGES`): who is
 * making it, immediate risk (before anything about a person), the person, contact, what matters,
 * and the introducer, asked only when it is about someone else.
 */
import { WEB_PAGES, type WebField } from '../../domain/introductions/webIntroduction';

export const STEPS = ['who', 'risk', 'person', 'contact', 'matters', 'introducer'] as const;
export type Step = (typeof STEPS)[number];

/** The questions of each page (the domain's own list). */
export const FIELDS: Record<Step, readonly WebField[]> = WEB_PAGES;

/** The steps a journey takes: the introducer's page only for someone else. */
export function stepsFor(who: string | undefined): Step[] {
  return STEPS.filter((step) => step !== 'introducer' || (who !== undefined && who !== 'self'));
}
