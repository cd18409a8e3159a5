/** English messages. ja.ts must have exactly the same keys (a test checks). */
export const en = {
  'error.NOT_CONFIGURED': 'SheetBridge is not connected to an API yet',
  'error.BAD_SETTING': 'A SheetBridge setting is wrong',
  'error.BAD_INPUT': 'The formula arguments cannot be used',
  'error.AUTH': 'The API refused SheetBridge',
  'error.BAD_SIGNATURE': 'The API answer was refused as possibly tampered with',
  'error.BAD_REQUEST': 'The API refused the request',
  'error.TOO_LARGE': 'A row is larger than the API accepts',
  'error.REJECTED': 'The API rejected the request',
  'error.INVALID_ROW': 'The API refused this row',
  'error.RATE_LIMITED': 'The API is busy (rate limited)',
  'error.UNAVAILABLE': 'The API is not reachable right now',
  'error.SERVER_ERROR': 'The API failed',
  'error.TIMEOUT': 'Time ran out',
  'error.BAD_RESPONSE': 'The API answer could not be read',
  'error.details': 'Details',
} as const;

export type MessageKey = keyof typeof en;
