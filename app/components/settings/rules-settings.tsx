/** Placeholder until this section is built (issue #16). */
export function RulesSettings() {
  return null;
}
