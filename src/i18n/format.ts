/** Values a message puts in its `{placeholders}`. */
export type MessageParams = Record<string, string | number | boolean | null>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholders a template uses, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Fills `{name}` placeholders. A placeholder without a value is a bug in the caller, never shown
 * to a person as `{name}`: it throws, and the catalogue tests render every message to prove none does.
 */
export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    if (!(name in params)) throw new Error(`Message "${template.slice(0, 60)}…" needs the parameter "${name}"`);
    const value = params[name];
    return value === null ? '' : String(value);
  });
}
