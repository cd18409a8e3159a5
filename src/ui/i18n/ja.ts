import type { MessageKey } from './en';

/** 日本語のメッセージ。en.ts と同じキーをすべて持つこと（テストで確認）。 */
export const ja: Record<MessageKey, string> = {
  'error.NOT_CONFIGURED': 'SheetBridge の接続先 API がまだ設定されていません',
  'error.BAD_SETTING': 'SheetBridge の設定値に誤りがあります',
  'error.BAD_INPUT': '数式の引数が正しくありません',
  'error.AUTH': 'API が SheetBridge の認証を拒否しました',
  'error.BAD_SIGNATURE': 'API の応答は改ざんの可能性があるため拒否されました',
  'error.BAD_REQUEST': 'API がリクエストを拒否しました',
  'error.TOO_LARGE': 'API が受け付けない大きさの行があります',
  'error.REJECTED': 'API がリクエストを受け付けませんでした',
  'error.INVALID_ROW': 'API がこの行を受け付けませんでした',
  'error.RATE_LIMITED': 'API が混み合っています（レート制限）',
  'error.UNAVAILABLE': '現在 API に接続できません',
  'error.SERVER_ERROR': 'API でエラーが発生しました',
  'error.TIMEOUT': '時間切れになりました',
  'error.BAD_RESPONSE': 'API の応答を読み取れませんでした',
  'error.details': '詳細',
};
