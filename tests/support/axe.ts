import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeNode = { target: string[]; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; nodes: AxeNode[] };

/**
 * axe-core run in the page as it is now; the serious and critical violations, one line each
 * ("color-contrast: Elements must meet minimum color contrast ratio thresholds — .btn-ghost"), so a
 * failing test says what to fix and where.
 */
export async function seriousA11yViolations(target: Page | Frame, exclude: readonly string[] = []): Promise<string[]> {
  await target.evaluate(axeSource);
  const violations = await target.evaluate(
    async (excluded) => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } })
        .axe;
      const result = await axe.run({ exclude: excluded.map((selector) => [selector]) }, { resultTypes: ['violations'] });
      return result.violations;
    },
    [...exclude],
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.slice(0, 5).map((n) => `${v.id}: ${v.help} — ${n.target.join(' ')}`));
}
