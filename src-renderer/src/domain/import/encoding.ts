// Detects the text encoding of an export from its first bytes: BOMs, UTF-16 without BOM, strict UTF-8,
// and GB18030 versus Big5 by which decoding reads as common Chinese. The guess is shown and can be overridden.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';
export const TEXT_ENCODINGS: TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'gb18030', 'big5'];

export interface EncodingGuess {
  encoding: TextEncodingName;
  bom: boolean;
  /** Why this encoding was chosen, as a message key for the UI. */
  reason: 'bom' | 'bom-contradicted' | 'utf16-zeros' | 'valid-utf8' | 'ascii' | 'chinese-simplified' | 'chinese-traditional' | 'fallback';
}

// The most frequent characters of written Chinese in each script; a wrong decoding produces rare characters.
const COMMON_SIMPLIFIED =
  '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东海口使教西再平真听气信关并内加化由却代产入先五水万市眼体别处总才场员通报马张活数件安表原车白应路期常提感金更反合放做系计或司利受光果界及今京务制解各任至清物记边共接许特觉望直服林题建南度统色字请交爱让认算论百义科怎元社结功指思非流每管连远资队跟带快条院变联言权往展该领传近留红决周保达办运候必城强步完深区即求品转量空众技轻程告语基满式息写识极令收钱未持取设始版双史商片容像找站广改议形委早房音际则首单据导影失网香专若弟谁校读志观争究包组造落视济离坏兴客户问题处理满意投诉订单退款账号登录系统故障软件服务电话邮件咨询工单回复解决关闭紧急优先级别状态创建时间';
const COMMON_TRADITIONAL =
  '的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東海口使教西再平真聽氣信關並內加化由卻代產入先五水萬市眼體別處總才場員通報馬張活數件安表原車白應路期常提感金更反合放做系計或司利受光果界及今京務制解各任至清物記邊共接許特覺望直服林題建南度統色字請交愛讓認算論百義科怎元社結功指思非流每管連遠資隊跟帶快條院變聯言權往展該領傳近留紅決週保達辦運候必城強步完深區即求品轉量空眾技輕程告語基滿式息寫識極令收錢未持取設始版雙史商片容像找站廣改議形委早房音際則首單據導影失網香專若弟誰校讀志觀爭究包組造落視濟離壞興客戶問題處理滿意投訴訂單退款帳號登錄系統故障軟體服務電話郵件諮詢工單回覆解決關閉緊急優先級別狀態建立時間';
const SIMPLIFIED = new Set(COMMON_SIMPLIFIED);
const TRADITIONAL = new Set(COMMON_TRADITIONAL);

function decodeLoose(bytes: Uint8Array, encoding: TextEncodingName): string {
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

/** Share of decoded CJK characters that are common ones; replacement characters count against. */
function chineseScore(text: string, common: Set<string>): number {
  let cjk = 0;
  let hits = 0;
  let bad = 0;
  for (const ch of text) {
    if (ch === '\uFFFD') bad++;
    else if (ch >= '\u3400' && ch <= '\u9FFF') {
      cjk++;
      if (common.has(ch)) hits++;
    }
  }
  return cjk === 0 ? 0 : hits / (cjk + bad * 4);
}

export function detectEncoding(head: Uint8Array): EncodingGuess {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    // A UTF-8 BOM in front of GBK text happens when a tool adds the BOM without re-encoding: trust the bytes.
    const rest = head.subarray(3);
    if (isUtf8(rest)) return { encoding: 'utf-8', bom: true, reason: 'bom' };
    return { ...guessChinese(rest), bom: true, reason: 'bom-contradicted' };
  }
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true, reason: 'bom' };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true, reason: 'bom' };
  // UTF-16 without a BOM: ASCII text has a zero in every other byte.
  const n = Math.min(head.length, 4096) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (n >= 4 && oddZeros > n / 2 / 3 && evenZeros < oddZeros / 4) return { encoding: 'utf-16le', bom: false, reason: 'utf16-zeros' };
  if (n >= 4 && evenZeros > n / 2 / 3 && oddZeros < evenZeros / 4) return { encoding: 'utf-16be', bom: false, reason: 'utf16-zeros' };

  let ascii = true;
  for (let i = 0; i < head.length; i++) if (head[i]! >= 0x80) ascii = false;
  if (ascii) return { encoding: 'utf-8', bom: false, reason: 'ascii' };
  if (isUtf8(head)) return { encoding: 'utf-8', bom: false, reason: 'valid-utf8' };

  return guessChinese(head);
}

function guessChinese(head: Uint8Array): EncodingGuess {
  const simplified = chineseScore(decodeLoose(head, 'gb18030'), SIMPLIFIED);
  const traditional = chineseScore(decodeLoose(head, 'big5'), TRADITIONAL);
  if (simplified === 0 && traditional === 0) return { encoding: 'gb18030', bom: false, reason: 'fallback' };
  return simplified >= traditional
    ? { encoding: 'gb18030', bom: false, reason: 'chinese-simplified' }
    : { encoding: 'big5', bom: false, reason: 'chinese-traditional' };
}

/** Strict UTF-8 check that tolerates a multi-byte character cut off at the end of the sample. */
function isUtf8(head: Uint8Array): boolean {
  let end = head.length;
  // Step back over a trailing incomplete sequence (at most 3 bytes).
  for (let k = 1; k <= 3 && end - k >= 0; k++) {
    const b = head[end - k]!;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (k < need) end -= k;
      break;
    }
    if (b < 0x80) break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/** Decodes a whole file; the BOM is dropped. Counts replacement characters so the UI can warn of a wrong choice. */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): { text: string; replacements: number } {
  if (encoding !== 'utf-8' && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  const text = new TextDecoder(encoding, { fatal: false, ignoreBOM: false }).decode(bytes);
  let replacements = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) replacements++;
  // A U+FFFD the source itself holds (EF BF BD in UTF-8, an earlier system's loss) is not this decoding's doing.
  if (encoding === 'utf-8' && replacements) {
    let literal = 0;
    for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) literal++;
    replacements -= Math.min(literal, replacements);
  }
  return { text, replacements };
}
