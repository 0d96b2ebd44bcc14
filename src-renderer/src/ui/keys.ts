// Keyboard shortcuts must not fire while a person types in a field.

/**
 * Is this key event aimed at a text field (input, textarea, select, editable text), where letters are text, not
 * commands? A checkbox or radio button keeps focus after a click but takes no text: shortcuts still work there.
 */
export function isTyping(e: KeyboardEvent): boolean {
  const target = e.target as HTMLElement | null;
  if (!target) return false;
  if (target.isContentEditable) return true;
  if (target.tagName === 'INPUT') return !/^(checkbox|radio|button|submit)$/.test((target as HTMLInputElement).type);
  return /^(TEXTAREA|SELECT)$/.test(target.tagName);
}
