// Links into the console's pages (hash routes), for any page that points at an item to review.

/** The review workspace for an item (in a calibration session when one is named). */
export function reviewHref(kind: 'call' | 'ticket', id: string, calibrationSessionId?: string) {
  return `#/review?kind=${kind}&id=${encodeURIComponent(id)}${calibrationSessionId ? `&calibration=${encodeURIComponent(calibrationSessionId)}` : ''}`;
}
