/** Trigger guards, evaluated against the case state before the event's effects. */
import { type CaseState, type EngineEvent } from '../case-types/case-type';
import { type CompiledTrigger } from './compiled-rule-set';
import { type CaseStateView } from './occurrence-ledger';

/** Evaluates a trigger's guards; the D11 waiver guards are generic, the rest belong to the case type. */
export function triggerHolds(
  trigger: CompiledTrigger,
  code: string,
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
): boolean {
  const guards = trigger.guards;
  for (let i = 0; i < guards.length; i++) {
    const { name, arg } = guards[i];
    if (name === 'waives-own-code') {
      if (event.fields.code !== code) return false;
    } else if (name === 'waives') {
      if (event.fields.code !== arg) return false;
    } else if (name === 'field-true') {
      if (event.fields[arg ?? ''] !== true) return false;
    } else if (!state.guard(name, arg, event, view)) return false;
  }
  return true;
}

/** The first of the triggers whose guards hold, if any. */
export function firstHolding(
  triggers: readonly CompiledTrigger[],
  code: string,
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
): CompiledTrigger | undefined {
  for (let i = 0; i < triggers.length; i++) if (triggerHolds(triggers[i], code, event, state, view)) return triggers[i];
  return undefined;
}

/** A name guard ('name' or 'name:arg') of a trigger, outside the compiled tables. */
export function guardHolds(
  g: string,
  code: string,
  event: EngineEvent,
  state: CaseState,
  view: CaseStateView,
): boolean {
  const colon = g.indexOf(':');
  const trigger: CompiledTrigger = {
    on: event.type,
    guards: [colon < 0 ? { name: g, arg: undefined } : { name: g.slice(0, colon), arg: g.slice(colon + 1) }],
    anchor: '',
    continues: false,
    flag: undefined,
    resumes: false,
    start: undefined,
  };
  return triggerHolds(trigger, code, event, state, view);
}
