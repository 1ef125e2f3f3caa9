/**
 * 账单: trade and fund-flow bill requests answer a signed `download_url` on the sandbox with SHA1 `hash_value` of
 * the uncompressed file (encrypted bills: encrypted-bill.ts); the file (gzip when `tar_type=GZIP`) is a CSV of
 * that day's sandbox transactions in the official layout: every value prefixed with a backtick, CRLF lines, a summary header and row at the end.
 */
import { createPublicKey } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Clock } from './clock.js';
import { chinaDate, chinaDateTime } from './clock.js';
import { randomAlnum, sha1Hex } from './crypto.js';
import { type EncryptedBillEntry, encryptBill } from './encrypted-bill.js';
import type { EngineContext, EngineRoute, Reply } from './engine.js';
import { failWith } from './errors.js';
import type { Order, Refund, Store } from './store.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const FEE_RATE = 0.006;

const ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
// SUCCESS and REFUND bills use these variants of the ALL layout (protocol.md §7.2: REFUND adds the two refund times).
const SUCCESS_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,商品名称,商户数据包,手续费,费率,订单金额,费率备注';
const REFUND_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,退款申请时间,退款成功时间,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const FUND_HEADER = '记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）,账户结余（元）,资金变更提交申请人,备注,业务凭证号';
const FUND_SUMMARY_HEADER = '资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额';

const yuan = (fen: number): string => (fen / 100).toFixed(2);
/** Every value backtick-prefixed; free text cannot break the comma-separated layout. */
const row = (values: (string | number)[]): string => values.map((v) => `\`${String(v).replace(/,/g, '，').replace(/[\r\n]+/g, ' ')}`).join(',');

export class Bills {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    /** Split encrypted bills into parts of at most this many original bytes (sandbox option `billPartBytes`). */
    private readonly partBytes?: number,
  ) {}

  routes(): EngineRoute[] {
    const date = { type: 'string', required: true, pattern: DATE } as const;
    return [
      {
        method: 'GET',
        path: '/v3/bill/tradebill',
        rules: {
          bill_date: date,
          bill_type: { type: 'string', enum: ['ALL', 'SUCCESS', 'REFUND', 'RECHARGE_REFUND', 'ALL_SPECIAL', 'SUC_SPECIAL', 'REF_SPECIAL'] },
          tar_type: { type: 'string', enum: ['GZIP'] },
          sub_mchid: { type: 'string' },
        },
        handle: (ctx) => this.apply(ctx, this.tradeBill(ctx)),
      },
      {
        method: 'GET',
        path: '/v3/bill/fundflowbill',
        rules: { bill_date: date, account_type: { type: 'string', enum: ['BASIC', 'OPERATION', 'FEES'] }, tar_type: { type: 'string', enum: ['GZIP'] } },
        handle: (ctx) => this.apply(ctx, this.fundFlowBill(ctx, undefined)),
      },
      {
        method: 'GET',
        path: '/v3/bill/sub-merchant-fundflowbill',
        rules: {
          sub_mchid: { type: 'string', required: true },
          bill_date: date,
          account_type: { type: 'string', required: true, enum: ['BASIC', 'OPERATION', 'FEES'] },
          algorithm: { type: 'string', required: true, enum: ['AEAD_AES_256_GCM'] },
          tar_type: { type: 'string', enum: ['GZIP'] },
        },
        handle: (ctx) => this.subMerchantFundFlow(ctx),
      },
      {
        method: 'GET',
        path: '/v3/billdownload/file',
        rules: { token: { type: 'string', required: true } },
        handle: (ctx) => this.download(ctx),
      },
    ];
  }

  private checkDate(ctx: EngineContext): string {
    const billDate = ctx.query['bill_date']!;
    const today = chinaDate(this.clock.nowMs());
    if (billDate > today) failWith(400, 'INVALID_REQUEST', `账单日期${billDate}不能晚于今天（沙箱允许下载当天账单）`);
    const oldest = chinaDate(this.clock.nowMs() - 92 * 86_400_000);
    if (billDate < oldest) failWith(400, 'INVALID_REQUEST', '只能下载三个月以内的账单');
    return billDate;
  }

  private publish(ctx: EngineContext, csv: string): { download_url: string; hash_type: 'SHA1'; hash_value: string } {
    const original = Buffer.from(csv, 'utf8');
    const data = ctx.query['tar_type'] === 'GZIP' ? gzipSync(original) : original;
    const token = randomAlnum(32);
    this.store.bills.set(token, { data, expiresAt: this.clock.nowMs() + 5 * 60_000, mchid: ctx.mchid });
    return { hash_type: 'SHA1', hash_value: sha1Hex(original), download_url: `${ctx.baseUrl}/v3/billdownload/file?token=${token}` };
  }

  private apply(ctx: EngineContext, csv: string): Reply {
    return { json: this.publish(ctx, csv) };
  }

  private ordersOf(ctx: EngineContext, billDate: string, subMchid: string | undefined): { paid: Order[]; refunds: Refund[] } {
    const mine = (o: Order) => (o.mchid === ctx.mchid || o.combineKey?.startsWith(`${ctx.mchid}|`)) && (!subMchid || o.subMchid === subMchid);
    const paid = [...this.store.orders.values()].filter(
      (o) => mine(o) && o.successAt !== undefined && chinaDate(o.successAt) === billDate,
    );
    const refunds = [...this.store.refunds.values()].filter((r) => {
      const o = this.store.orders.get(r.orderKey);
      return o !== undefined && mine(o) && r.status === 'SUCCESS' && r.successAt !== undefined && chinaDate(r.successAt) === billDate;
    });
    return { paid, refunds };
  }

  tradeBill(ctx: EngineContext): string {
    const billDate = this.checkDate(ctx);
    const billType = ctx.query['bill_type'] ?? 'ALL';
    const { paid, refunds } = this.ordersOf(ctx, billDate, ctx.query['sub_mchid']);
    const header = billType === 'SUCCESS' || billType === 'SUC_SPECIAL' ? SUCCESS_HEADER : billType === 'REFUND' || billType === 'REF_SPECIAL' ? REFUND_HEADER : ALL_HEADER;
    const columns = header.split(',');
    const rows: Record<string, string>[] = [];
    let settlement = 0;
    let refundTotal = 0;
    let fees = 0;
    let orderTotal = 0;
    const base = (o: Order, at: number, state: string): Record<string, string> => ({
      交易时间: chinaDateTime(at),
      公众账号ID: o.appid ?? '',
      商户号: o.mchid,
      特约商户号: o.subMchid ?? '0',
      设备号: '',
      微信订单号: o.transactionId ?? '',
      商户订单号: o.outTradeNo,
      用户标识: o.payer['openid'] ?? o.payer['sub_openid'] ?? o.payer['sp_openid'] ?? '',
      交易类型: o.tradeType,
      交易状态: state,
      付款银行: 'OTHERS',
      货币种类: o.currency,
      代金券金额: '0.00',
      充值券退款金额: '0.00',
      商品名称: o.description,
      商户数据包: o.attach ?? '',
      费率: '0.60%',
      费率备注: '',
    });
    if (billType !== 'REFUND' && billType !== 'REF_SPECIAL') {
      for (const o of paid) {
        const fee = Math.round(o.total * FEE_RATE);
        settlement += o.total;
        orderTotal += o.total;
        fees += fee;
        rows.push({
          ...base(o, o.successAt!, 'SUCCESS'),
          应结订单金额: yuan(o.total),
          微信退款单号: '0',
          商户退款单号: '0',
          退款金额: '0.00',
          退款类型: '',
          退款状态: '',
          手续费: (fee / 100).toFixed(5),
          订单金额: yuan(o.total),
          申请退款金额: '0.00',
        });
      }
    }
    if (billType !== 'SUCCESS' && billType !== 'SUC_SPECIAL') {
      for (const r of refunds) {
        const o = this.store.orders.get(r.orderKey)!;
        const fee = -Math.round(r.refund * FEE_RATE);
        refundTotal += r.refund;
        fees += fee;
        rows.push({
          ...base(o, r.successAt!, 'REFUND'),
          应结订单金额: '0.00',
          退款申请时间: chinaDateTime(r.createdAt),
          退款成功时间: chinaDateTime(r.successAt!),
          微信退款单号: r.refundId,
          商户退款单号: r.outRefundNo,
          退款金额: yuan(r.refund),
          退款类型: 'ORIGINAL',
          退款状态: 'SUCCESS',
          手续费: (fee / 100).toFixed(5),
          订单金额: '0.00',
          申请退款金额: yuan(r.refund),
        });
      }
    }
    const lines = [header, ...rows.map((r) => row(columns.map((c) => r[c] ?? '')))];
    lines.push(SUMMARY_HEADER);
    lines.push(row([rows.length, yuan(settlement), yuan(refundTotal), '0.00', (fees / 100).toFixed(5), yuan(orderTotal), yuan(refundTotal)]));
    // The official files start with a UTF-8 BOM and use CRLF.
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  private fundFlowBill(ctx: EngineContext, subMchid: string | undefined): string {
    const billDate = this.checkDate(ctx);
    const { paid, refunds } = this.ordersOf(ctx, billDate, subMchid);
    const entries: { at: number; id: string; name: string; type: string; inOut: '收入' | '支出'; fen: number; voucher: string }[] = [];
    for (const o of paid) {
      entries.push({ at: o.successAt!, id: o.transactionId!, name: '交易', type: '交易', inOut: '收入', fen: o.total, voucher: o.outTradeNo });
      const fee = Math.round(o.total * FEE_RATE);
      if (fee > 0) entries.push({ at: o.successAt!, id: o.transactionId!, name: '手续费', type: '扣除交易手续费', inOut: '支出', fen: fee, voucher: o.outTradeNo });
    }
    for (const r of refunds) entries.push({ at: r.successAt!, id: r.refundId, name: '退款', type: '退款', inOut: '支出', fen: r.refund, voucher: r.outRefundNo });
    entries.sort((a, b) => a.at - b.at);
    let balance = 0;
    const lines = [FUND_HEADER];
    let inCount = 0;
    let inFen = 0;
    let outCount = 0;
    let outFen = 0;
    for (const e of entries) {
      balance += e.inOut === '收入' ? e.fen : -e.fen;
      if (e.inOut === '收入') {
        inCount += 1;
        inFen += e.fen;
      } else {
        outCount += 1;
        outFen += e.fen;
      }
      lines.push(row([chinaDateTime(e.at), e.id, `${e.id}${randomAlnum(4)}`, e.name, e.type, e.inOut, yuan(e.fen), yuan(balance), 'system', '', e.voucher]));
    }
    lines.push(FUND_SUMMARY_HEADER);
    lines.push(row([entries.length, inCount, yuan(inFen), outCount, yuan(outFen)]));
    return `\uFEFF${lines.join('\r\n')}\r\n`;
  }

  /**
   * 申请单个子商户资金账单 (AEAD_AES_256_GCM): the sub-merchant's fund flow, published encrypted for the calling
   * merchant (encrypted-bill.ts says what is encrypted with what, and what `hash_value` covers).
   */
  private subMerchantFundFlow(ctx: EngineContext): Reply {
    const csv = Buffer.from(this.fundFlowBill(ctx, ctx.query['sub_mchid']), 'utf8');
    return { json: this.publishEncrypted(ctx, csv, { gzip: ctx.query['tar_type'] === 'GZIP' }) };
  }

  /**
   * Encrypts a bill for the calling merchant and makes each part downloadable (5 minutes, that merchant only) at
   * `/v3/billdownload/file`: the `{ download_bill_count, download_bill_list }` answer of the encrypted-bill APIs.
   */
  publishEncrypted(
    ctx: Pick<EngineContext, 'mchid' | 'baseUrl' | 'merchant'>,
    bill: Buffer,
    options: { gzip: boolean },
  ): { download_bill_count: number; download_bill_list: EncryptedBillEntry[] } {
    const merchantKey = createPublicKey(ctx.merchant.material.certificatePem);
    const parts = encryptBill(bill, merchantKey, { gzip: options.gzip, ...(this.partBytes === undefined ? {} : { partBytes: this.partBytes }) });
    const list = parts.map(({ file, ...entry }) => {
      const token = randomAlnum(32);
      this.store.bills.set(token, { data: file, expiresAt: this.clock.nowMs() + 5 * 60_000, mchid: ctx.mchid });
      return { ...entry, download_url: `${ctx.baseUrl}/v3/billdownload/file?token=${token}` };
    });
    return { download_bill_count: list.length, download_bill_list: list };
  }

  private download(ctx: EngineContext): Reply {
    const bill = this.store.bills.get(ctx.query['token']!);
    if (!bill || bill.expiresAt < this.clock.nowMs()) failWith(400, 'INVALID_REQUEST', '下载链接已失效，请重新申请账单');
    if (bill.mchid !== ctx.mchid) failWith(403, 'NO_AUTH', '无权下载该账单');
    return { file: bill.data, contentType: 'application/octet-stream' };
  }
}
