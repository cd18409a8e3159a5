import { sidebarEn } from './sidebar-en';

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
  'error.LOCKED': 'Another SheetBridge run is writing this spreadsheet',
  'menu.predictSelection': 'Predict selection…',
  'menu.rerunFailed': 'Rerun failed rows',
  'menu.freeze': 'Freeze formulas in selection',
  'menu.settings': 'Settings…',
  'menu.testConnection': 'Test connection',
  'menu.clearCache': 'Clear cache',
  'menu.help': 'Help',
  'sidebar.title': 'SheetBridge',
  'cache.cleared': 'SheetBridge cache cleared: the next calculation asks the API again.',
  'help.text':
    'Use =PREDICT(A2:H100) to send rows to the prediction API; one result row comes back per input row. =PREDICT(A1:H100, "default", TRUE) names the model and says the first row holds column names. Rows that fail show "#ERROR CODE: message" in their own cells: filter on "#ERROR" and use "Rerun failed rows". For long runs use "Predict selection…", which writes values with a progress bar.',
  'freeze.confirm':
    'Replace {count} PREDICT formulas in {range} by their current values? Their results stay, but they will no longer recalculate.',
  'freeze.none': 'The selection holds no PREDICT formula.',
  'freeze.unreadable':
    'These PREDICT formulas do not start with a plain range such as A2:H100, so their results cannot be located and were left as they are: {cells}.',
  'freeze.done': '{count} PREDICT formulas replaced by their values in {range}.',
  'freeze.pending':
    'Some PREDICT results are still loading or show #ERROR!: wait for them, or recalculate, then freeze again.',
  'connection.ok': 'Connected in {ms} ms, model version {version}, signatures: {signature}.',
  'connection.failed': 'Connection test failed: {message}',
  'connection.healthStatus': '{path} answered HTTP {status}: the API or its load balancer is not healthy.',
  'connection.modelsStatus':
    '{path} answered HTTP {status}: the API is up but cannot list its models. Its logs say why.',
  'connection.unsigned': 'Connected. Requests are not signed: set SHEETBRIDGE_SECRET.',
  'connection.verified': 'Connected; the answers’ signatures verify.',
  'signature.verified': 'verified',
  'signature.unsigned': 'not used (no secret set)',
  'signature.failed': 'FAILED',
  'error.details': 'Details',
  'error.paused': 'the API is failing; SheetBridge paused calls until {time}',
  // The sidebar page's texts live in their own file to keep this one readable.
  ...sidebarEn,
} as const;

export type MessageKey = keyof typeof en;
