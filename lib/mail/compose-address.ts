/*
 * The keyboard rules of an address field, as data: the field's value stays the comma-separated text the
 * draft keeps ("a@x.com, b@y.com, typ"), shown as chips for the addresses before the last separator and
 * an input for the one being typed. Client-safe and pure, so the rules are unit-tested.
 */

/** Matches what people type as an address; the server's check is the final word. */
const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export const isAddress = (value: string) => EMAIL.test(value);

/** "Name <a@b.c>" pasted from elsewhere counts as its address. */
export function addressOf(part: string): string {
  const trimmed = part.trim();
  return /<([^>]+)>\s*$/.exec(trimmed)?.[1]?.trim() ?? trimmed;
}

export interface AddressParts {
  /** The addresses already accepted (chips), as typed. */
  chips: string[];
  /** What is being typed after the last separator. */
  typing: string;
}

export function splitField(value: string): AddressParts {
  const parts = value.split(/[,;]/);
  const typing = parts.pop() ?? '';
  return { chips: parts.map(addressOf).filter(Boolean), typing };
}

export function joinField({ chips, typing }: AddressParts): string {
  return chips.length > 0 ? `${chips.join(', ')}, ${typing.trimStart()}` : typing.trimStart();
}

export type AddressKeyResult =
  /** Let the key do what it does (type a letter, move focus with Tab from an empty field, …). */
  | { kind: 'default' }
  /** Swallow the key and put this value in the field (an address became a chip, or a chip went). */
  | { kind: 'set'; value: string }
  /** Swallow the key, change nothing: Enter in an empty field must not submit the form. */
  | { kind: 'ignore' };

/**
 * What a key does in an address field. Enter, Tab, comma and semicolon accept the highlighted suggestion,
 * else the typed text, as a chip (an invalid one too: it shows as such, and sending names it). Enter never
 * reaches the form, so it never sends or asks about the subject. Backspace in an empty input takes the
 * last chip back into the input for editing, as Outlook does.
 */
export function addressKey(
  key: string,
  value: string,
  { suggestion, modified = false }: { suggestion?: string | null; modified?: boolean } = {},
): AddressKeyResult {
  const { chips, typing } = splitField(value);
  const typed = typing.trim();
  if (key === 'Enter' && modified) return { kind: 'default' };
  if (key === 'Enter' || key === 'Tab' || key === ',' || key === ';') {
    const accepted = suggestion ?? (typed ? addressOf(typed) : '');
    if (!accepted) return key === 'Tab' ? { kind: 'default' } : { kind: 'ignore' };
    const without = chips.filter((c) => c.toLowerCase() !== accepted.toLowerCase());
    return { kind: 'set', value: joinField({ chips: [...without, accepted], typing: '' }) };
  }
  if (key === 'Backspace' && typed === '' && chips.length > 0) {
    const last = chips[chips.length - 1] ?? '';
    return { kind: 'set', value: joinField({ chips: chips.slice(0, -1), typing: last }) };
  }
  return { kind: 'default' };
}

/** The field without the chip at `index`. */
export function removeChip(value: string, index: number): string {
  const { chips, typing } = splitField(value);
  return joinField({ chips: chips.filter((_, i) => i !== index), typing });
}

/** Leaving the field: what was typed becomes a chip, as if Enter had been pressed. */
export function commitTyping(value: string): string {
  const result = addressKey('Enter', value);
  return result.kind === 'set' ? result.value : value;
}

/** Text typed or pasted into the input: separators in it turn what is before them into chips. */
export function typedText(value: string, input: string): string {
  const { chips } = splitField(value);
  const pasted = splitField(input);
  return joinField({ chips: [...chips, ...pasted.chips], typing: pasted.typing });
}
