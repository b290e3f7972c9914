/** Placeholder until this section is built (issue #16). */
export function AutomaticRepliesSettings() {
  return null;
}
