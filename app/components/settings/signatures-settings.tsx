/** Placeholder until this section is built (issue #16). */
export function SignaturesSettings() {
  return null;
}
