import type { Condition } from './condition';
import type { ProxiedFrame } from './proxied-frame';
import type { Reaction } from './reaction';

/**
 * Proxy rules: a condition and a reaction. Each node keeps an ordered list per direction;
 * the first rule whose condition holds decides, and a frame no rule matches passes unchanged.
 *
 * @packageDocumentation
 */

/**
 * One rule of a node's request or response list.
 *
 * @example
 * ```ts
 * const rules: ProxyRule[] = [
 *   rule(Condition.opcode(Opcode.PREPARE).and(Condition.bodyContains('ks.t')), Reaction.drop()),
 *   rule(Condition.always(), Reaction.delay(10)),
 * ];
 * ```
 */
export interface ProxyRule {
  /** When the rule applies. */
  readonly condition: Condition;
  /** What it does then. */
  readonly reaction: Reaction;
}

/**
 * Builds a {@link ProxyRule}.
 *
 * @example
 * ```ts
 * proxy.nodes[0].setRequestRules([rule(Condition.opcode(Opcode.QUERY), Reaction.drop())]);
 * ```
 */
export function rule(condition: Condition, reaction: Reaction): ProxyRule {
  return { condition, reaction };
}

/** The first rule of `rules` matching `frame`, with its index. @internal */
export function firstMatchingRule(
  rules: readonly ProxyRule[],
  frame: ProxiedFrame,
): { readonly index: number; readonly rule: ProxyRule } | undefined {
  for (let index = 0; index < rules.length; index++) {
    const candidate = rules[index] as ProxyRule;
    if (candidate.condition.matches(frame)) return { index, rule: candidate };
  }
  return undefined;
}
