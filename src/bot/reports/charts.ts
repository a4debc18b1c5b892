/**
 * Teams' chart elements (Chart.VerticalBar, Chart.HorizontalBar, Chart.Donut), which Teams renders
 * in cards of version 1.5 ("Charts in Adaptive Cards", Microsoft's Teams documentation). The
 * `adaptivecards` parser does not know them and drops them, so cards with charts are checked with
 * this schema instead (tests/cards), and every chart carries a `fallback` with the same numbers for
 * clients that cannot draw it (iOS is reported not to).
 */
import { z } from 'zod';

/** Teams' named chart colours (no hex: they follow the user's theme). */
export const CHART_COLORS = [
  'good',
  'warning',
  'attention',
  'neutral',
  'categoricalRed',
  'categoricalPurple',
  'categoricalLavender',
  'categoricalBlue',
  'categoricalLightBlue',
  'categoricalTeal',
  'categoricalGreen',
  'categoricalLime',
  'categoricalMarigold',
] as const;
export type ChartColor = (typeof CHART_COLORS)[number];

const color = z.enum(CHART_COLORS);
const fallback = z.object({ type: z.enum(['FactSet', 'Table', 'TextBlock', 'Container']) }).passthrough();
const common = {
  title: z.string().min(1).optional(),
  colorSet: z.enum(['categorical', 'sequential', 'diverging']).optional(),
  fallback,
  id: z.string().optional(),
  spacing: z.string().optional(),
  separator: z.boolean().optional(),
};
const count = z.number().int().nonnegative();

export const chartSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('Chart.VerticalBar'),
      xAxisTitle: z.string().optional(),
      yAxisTitle: z.string().optional(),
      showBarValues: z.boolean().optional(),
      data: z.array(z.object({ x: z.string().min(1), y: count, color: color.optional() }).strict()).min(1),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal('Chart.HorizontalBar'),
      xAxisTitle: z.string().optional(),
      yAxisTitle: z.string().optional(),
      displayMode: z.enum(['AbsoluteWithAxis', 'AbsoluteNoAxis', 'PartToWhole']).optional(),
      data: z.array(z.object({ x: z.string().min(1), y: count, color: color.optional() }).strict()).min(1),
      ...common,
    })
    .strict(),
  z
    .object({
      type: z.literal('Chart.Donut'),
      data: z
        .array(z.object({ legend: z.string().min(1), value: count, color: color.optional() }).strict())
        .min(1),
      ...common,
    })
    .strict(),
]);
export type ChartElement = z.infer<typeof chartSchema>;
