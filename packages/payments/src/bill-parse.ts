/**
 * Parses WeChat Pay bill CSV text (protocol §7.2): a detail header, detail rows, a summary header and a summary row.
 * Every detail and summary value is prefixed with a backtick so Excel keeps long numbers as text; values are split on
 * ",`" (not on bare commas, which may appear in product names). A UTF-8 BOM and CRLF line ends are accepted.
 */
import { WxPayArgumentError } from '@wxpay/core';
import { toUnits, yuanToFen } from './money.js';

export interface ParsedBill {
  /** Detail column names, as in the file (Chinese). */
  header: string[];
  /** Detail rows keyed by column name, backticks removed. */
  rows: Record<string, string>[];
  summaryHeader: string[];
  summary: Record<string, string> | undefined;
}

function splitValues(line: string): string[] {
  if (!line.startsWith('`')) return line.split(',');
  // The first value starts with "`"; the rest are separated by ",`".
  return line.slice(1).split(',`');
}

/** Generic parser for trade and fund-flow bills: column names as the file has them, values as text. */
export function parseBill(text: string): ParsedBill {
  if (typeof text !== 'string') {
    throw new WxPayArgumentError('parseBill: pass the bill as text (e.g. (await pay.bills.download(info)).toString("utf8"))');
  }
  if (text.startsWith('\u001f')) {
    throw new WxPayArgumentError('parseBill: the text is gzip data; gunzip it first (bills.download does when tar_type was GZIP)');
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim() !== '');
  const headerLine = lines[0];
  if (headerLine === undefined || headerLine.startsWith('`')) {
    throw new WxPayArgumentError('parseBill: the text does not start with a bill header line; is it still gzip-compressed?');
  }
  const header = headerLine.split(',');
  const rows: Record<string, string>[] = [];
  let summaryHeader: string[] = [];
  let summary: Record<string, string> | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.startsWith('`')) {
      // The second header line starts the summary section.
      summaryHeader = line.split(',');
      const values = lines[i + 1] === undefined ? [] : splitValues(lines[i + 1] as string);
      summary = Object.fromEntries(summaryHeader.map((name, k) => [name, values[k] ?? '']));
      break;
    }
    const values = splitValues(line);
    if (values.length !== header.length) {
      throw new WxPayArgumentError(
        `parseBill: line ${i + 1} has ${values.length} values but the header has ${header.length} columns`,
      );
    }
    rows.push(Object.fromEntries(header.map((name, k) => [name, values[k] as string])));
  }
  return { header, rows, summaryHeader, summary };
}

/** One trade-bill detail row. Amounts are integer fen; the handling fee keeps its 5 decimals exactly. */
export interface TradeBillRow {
  /** 交易时间 `yyyy-MM-dd HH:mm:ss` (Beijing time). */
  trade_time: string;
  /** 公众账号ID */
  appid: string;
  /** 商户号 */
  mchid: string;
  /** 特约商户号 (`0` for a direct merchant). */
  sub_mchid: string;
  /** 设备号 */
  device_id: string;
  /** 微信订单号 */
  transaction_id: string;
  /** 商户订单号 */
  out_trade_no: string;
  /** 用户标识 */
  openid: string;
  /** 交易类型 */
  trade_type: string;
  /** 交易状态 */
  trade_state: string;
  /** 付款银行 */
  bank_type: string;
  /** 货币种类 */
  currency: string;
  /** 应结订单金额, fen */
  settlement_total: number;
  /** 代金券金额, fen */
  coupon_amount: number;
  /** 微信退款单号 (`0` when none) */
  refund_id: string;
  /** 商户退款单号 (`0` when none) */
  out_refund_no: string;
  /** 退款金额, fen */
  settlement_refund: number;
  /** 充值券退款金额, fen */
  recharge_coupon_refund: number;
  /** 退款类型 */
  refund_type: string;
  /** 退款状态 */
  refund_status: string;
  /** 商品名称 */
  description: string;
  /** 商户数据包 */
  attach: string;
  /** 手续费 as printed (yuan, 5 decimals). */
  fee_yuan: string;
  /** 手续费 in 1/1000 fen (10^-5 yuan): exact, integer. "0.01000" -> 1000. */
  fee_milli_fen: number;
  /** 费率, e.g. `0.60%` */
  rate: string;
  /** 订单金额, fen */
  total: number;
  /** 申请退款金额, fen */
  refund_requested: number;
  /** 费率备注 */
  rate_remark: string;
  /** Every column as text, including those of bill types with extra columns (退款申请时间, 退款成功时间 ...). */
  raw: Record<string, string>;
}

export interface TradeBillSummary {
  /** 总交易单数 */
  count: number;
  /** 应结订单总金额, fen */
  settlement_total: number;
  /** 退款总金额, fen */
  settlement_refund: number;
  /** 充值券退款总金额, fen */
  recharge_coupon_refund: number;
  /** 手续费总金额 as printed (yuan). */
  fee_yuan: string;
  /** 手续费总金额 in 1/1000 fen (10^-5 yuan), exact. */
  fee_milli_fen: number;
  /** 订单总金额, fen */
  total: number;
  /** 申请退款总金额, fen */
  refund_requested: number;
  raw: Record<string, string>;
}

export interface TradeBill {
  rows: TradeBillRow[];
  summary: TradeBillSummary | undefined;
}

const col = (raw: Record<string, string>, name: string): string => raw[name] ?? '';
const fen = (raw: Record<string, string>, name: string, where: string): number => {
  const value = raw[name];
  return value === undefined || value === '' ? 0 : yuanToFen(value, `${where} ${name}`);
};

/**
 * Parses a trade bill (ALL / SUCCESS / REFUND) into typed rows with integer fen. Columns a bill type lacks read as
 * '' or 0; every column is also kept in `raw`.
 */
export function parseTradeBill(csv: string): TradeBill {
  const bill = parseBill(csv);
  if (!bill.header.includes('交易时间') || !bill.header.includes('商户订单号')) {
    throw new WxPayArgumentError('parseTradeBill: this is not a trade bill (no 交易时间 / 商户订单号 columns); use parseBill');
  }
  const rows = bill.rows.map((raw, i): TradeBillRow => {
    const line = `trade bill line ${i + 2}`;
    const feeText = col(raw, '手续费');
    return {
      trade_time: col(raw, '交易时间'),
      appid: col(raw, '公众账号ID'),
      mchid: col(raw, '商户号'),
      sub_mchid: col(raw, '特约商户号'),
      device_id: col(raw, '设备号'),
      transaction_id: col(raw, '微信订单号'),
      out_trade_no: col(raw, '商户订单号'),
      openid: col(raw, '用户标识'),
      trade_type: col(raw, '交易类型'),
      trade_state: col(raw, '交易状态'),
      bank_type: col(raw, '付款银行'),
      currency: col(raw, '货币种类'),
      settlement_total: fen(raw, '应结订单金额', line),
      coupon_amount: fen(raw, '代金券金额', line),
      refund_id: col(raw, '微信退款单号'),
      out_refund_no: col(raw, '商户退款单号'),
      settlement_refund: fen(raw, '退款金额', line),
      recharge_coupon_refund: fen(raw, '充值券退款金额', line),
      refund_type: col(raw, '退款类型'),
      refund_status: col(raw, '退款状态'),
      description: col(raw, '商品名称'),
      attach: col(raw, '商户数据包'),
      fee_yuan: feeText,
      fee_milli_fen: feeText === '' ? 0 : toUnits(feeText, 5, `${line} 手续费`),
      rate: col(raw, '费率'),
      total: fen(raw, '订单金额', line),
      refund_requested: fen(raw, '申请退款金额', line),
      rate_remark: col(raw, '费率备注'),
      raw,
    };
  });
  const raw = bill.summary;
  const summary: TradeBillSummary | undefined = raw && {
    // Printed as "45.0" in real bills: an integer with a zero fraction.
    count: toUnits(col(raw, '总交易单数') || '0', 0, 'trade bill 总交易单数'),
    settlement_total: fen(raw, '应结订单总金额', 'trade bill summary'),
    settlement_refund: fen(raw, '退款总金额', 'trade bill summary'),
    recharge_coupon_refund: fen(raw, '充值券退款总金额', 'trade bill summary'),
    fee_yuan: col(raw, '手续费总金额'),
    fee_milli_fen: toUnits(col(raw, '手续费总金额') || '0', 5, 'trade bill summary 手续费总金额'),
    total: fen(raw, '订单总金额', 'trade bill summary'),
    refund_requested: fen(raw, '申请退款总金额', 'trade bill summary'),
    raw,
  };
  return { rows, summary };
}
