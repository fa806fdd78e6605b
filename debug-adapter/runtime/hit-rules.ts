// What decides whether a breakpoint that is reached stops the run: a condition in the
// expression language, a hit condition over the number of hits, and (code breakpoints only) a
// log message. Code breakpoints (breakpoints.ts) and data breakpoints (data-breakpoints.ts) both
// carry these rules and are judged here, by one piece of logic.

import { compile, compileLogMessage, CompiledExpression, EvalContext } from './expressions';

export interface HitRuleSpec {
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface HitRules {
  id: number;
  condition?: CompiledExpression;
  hitCondition?: (hits: number) => boolean;
  log?: (ctx: EvalContext, format: (v: number) => string) => string;
  /** Hits counted so far: reaching it with its condition true (kept with checkpoints). */
  hits: number;
}

/** `N` (the Nth hit and after), `== N`, `> N`, `>= N`, `< N`, `<= N`, `% N` (every Nth hit). */
export function compileHitCondition(text: string): (hits: number) => boolean {
  const m = /^\s*(==|>=|<=|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`bad hit condition '${text}': use N, == N, >= N, > N, < N, <= N or % N`);
  const n = Number(m[2]);
  switch (m[1]) {
    case '==': return (h) => h === n;
    case '>': return (h) => h > n;
    case '<': return (h) => h < n;
    case '<=': return (h) => h <= n;
    case '%': return (h) => n > 0 && h % n === 0;
    default: return (h) => h >= n;
  }
}

/** Compiles a spec's rules into `bp`; a mistake is returned as the reason it is not verified. */
export function compileRules(bp: HitRules, spec: HitRuleSpec): string | undefined {
  try {
    if (spec.condition !== undefined && spec.condition.trim() !== '') bp.condition = compile(spec.condition);
    if (spec.hitCondition !== undefined && spec.hitCondition.trim() !== '') bp.hitCondition = compileHitCondition(spec.hitCondition);
    if (spec.logMessage !== undefined) bp.log = compileLogMessage(spec.logMessage);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * What reaching a breakpoint does: nothing (its condition is false: not a hit), `count` (a hit
 * its hit condition lets pass), `log` (a logpoint's hit) or `stop`. A condition that cannot be
 * evaluated stops, with the reason in `problem`. `count` false judges without counting (the hit
 * was counted already).
 */
export function judge(bp: HitRules, ctx: EvalContext, count: boolean): { action: 'none' | 'count' | 'log' | 'stop'; problem?: string } {
  let problem: string | undefined;
  if (bp.condition !== undefined) {
    try {
      if (bp.condition.evaluate(ctx) === 0) return { action: 'none' };
    } catch (e) {
      problem = ` (condition failed: ${(e as Error).message})`;
    }
  }
  if (count) bp.hits++;
  if (bp.hitCondition !== undefined && !bp.hitCondition(bp.hits)) return { action: 'count' };
  return { action: bp.log !== undefined ? 'log' : 'stop', problem };
}

/** The hit counts now, by breakpoint id (kept with checkpoints: going back restores them). */
export function saveHits(bps: readonly HitRules[]): Map<number, number> {
  return new Map(bps.map((bp) => [bp.id, bp.hits]));
}

/** Hit counts as they were at a checkpoint (a breakpoint set since counts from 0 there). */
export function restoreHits(bps: readonly HitRules[], saved: ReadonlyMap<number, number> | undefined): void {
  for (const bp of bps) bp.hits = saved?.get(bp.id) ?? 0;
}
