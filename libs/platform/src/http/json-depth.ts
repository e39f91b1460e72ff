/**
 * Deepest nesting accepted in a JSON body. Every real body is far shallower (a Stripe event is
 * under 10 levels); a deeper one (10 KB of `[`) would overflow the stack in validation and in the
 * NATS codec, so it is refused at the edge with a 400 before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

/** True when the JSON text nests arrays/objects deeper than `max`; strings are skipped, so brackets in them do not count. */
export function jsonNestsDeeperThan(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return true;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return false;
}

export function tooDeepError(): Error {
  return Object.assign(new Error(`The JSON body is nested more than ${MAX_JSON_DEPTH} levels deep; send a flatter body`), { statusCode: 400 });
}
