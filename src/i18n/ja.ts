import type { MessageKey } from './en';
import { sidebarJa } from './sidebar-ja';

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
  'error.LOCKED': '別の SheetBridge の処理がこのスプレッドシートに書き込み中です',
  'menu.predictSelection': '選択範囲を予測…',
  'menu.rerunFailed': '失敗した行を再実行',
  'menu.freeze': '選択範囲の数式を値に固定',
  'menu.settings': '設定…',
  'menu.testConnection': '接続テスト',
  'menu.clearCache': 'キャッシュをクリア',
  'menu.help': 'ヘルプ',
  'sidebar.title': 'SheetBridge',
  'cache.cleared': 'SheetBridge のキャッシュをクリアしました。次回の計算では API に再度問い合わせます。',
  'help.text':
    '=PREDICT(A2:H100) で行を予測 API に送信し、入力 1 行につき結果 1 行を返します。=PREDICT(A1:H100, "default", TRUE) はモデル名を指定し、先頭行が列名であることを示します。失敗した行にはその行のセルに「#ERROR コード: メッセージ」が表示されます。「#ERROR」で絞り込み、「失敗した行を再実行」を使ってください。大量の行には、進捗バー付きで値を書き込む「選択範囲を予測…」を使ってください。',
  'freeze.confirm':
    '{range} にある {count} 個の PREDICT 数式を現在の値に置き換えますか？結果は残りますが、再計算されなくなります。',
  'freeze.none': '選択範囲に PREDICT 数式はありません。',
  'freeze.unreadable':
    '次の PREDICT 数式は A2:H100 のような通常の範囲で始まっていないため、結果の位置を特定できず、そのままにしました: {cells}。',
  'freeze.done': '{range} の {count} 個の PREDICT 数式を値に置き換えました。',
  'freeze.pending':
    '読み込み中または #ERROR! の PREDICT 結果があります。完了するまで待つか再計算してから、もう一度固定してください。',
  'connection.ok': '{ms} ms で接続しました。モデルバージョン {version}、署名: {signature}。',
  'connection.failed': '接続テストに失敗しました: {message}',
  'connection.healthStatus':
    '{path} が HTTP {status} を返しました。API またはロードバランサーが正常ではありません。',
  'connection.modelsStatus':
    '{path} が HTTP {status} を返しました。API は動いていますが、モデル一覧を返せません。理由は API のログを確認してください。',
  'connection.unsigned':
    '接続できました。リクエストは署名されていません。SHEETBRIDGE_SECRET を設定してください。',
  'connection.verified': '接続できました。応答の署名を確認しました。',
  'signature.verified': '検証済み',
  'signature.unsigned': '未使用（シークレット未設定）',
  'signature.failed': '失敗',
  'error.details': '詳細',
  'error.paused': 'API で障害が続いているため、SheetBridge は {time} まで呼び出しを止めています',
  ...sidebarJa,
};
