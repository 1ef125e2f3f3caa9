/**
 * The API families of wechatpayv3 without a domain package (§1.3, 1.4, 1.6, 1.8, 1.9, 1.12, 1.13, 1.18) are used
 * through `client.request` / `client.upload`. The migration table docs/migration/other-apis.md is the list under
 * test: every row's route and `encrypt` paths are read from it and sent to the real sandbox, which checks the
 * signature, the required fields and decrypts each sensitive field with the platform private key on its own.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSandbox, type Sandbox } from '@wxpay/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type HttpMethod, WxPayArgumentError, type WxPayClientHandle } from '../src/index.js';

function findRepoRoot(start: string): string {
  let dir = start;
  while (!existsSync(resolve(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('pnpm-workspace.yaml not found above the test');
    dir = parent;
  }
  return dir;
}

const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
const guide = readFileSync(resolve(repoRoot, 'docs/migration/other-apis.md'), 'utf8');
const apiSpec = readFileSync(resolve(repoRoot, '../shared/spec/wechatpayv3-api.md'), 'utf8');
const SECTIONS = ['1.3', '1.4', '1.6', '1.8', '1.9', '1.12', '1.13', '1.18'] as const;

interface Route {
  method: HttpMethod;
  path: string;
}
interface Row {
  section: string;
  python: string;
  call: 'client.request' | 'client.upload' | 'fetch';
  routes: Route[];
  encrypt: string[];
  idempotent: boolean;
}

const ROW = /^\| `([a-z0-9_]+)` \| `(client\.request|client\.upload|fetch)` \| `([A-Z]+) ([^`]+)` \| (.*) \|$/;

function parseRoute(text: string): Route {
  const [method, path] = text.split(' ') as [HttpMethod, string];
  return { method, path };
}

function parseGuide(markdown: string): Row[] {
  const rows: Row[] = [];
  let section = '';
  for (const line of markdown.split('\n')) {
    const heading = /^### (1\.\d+) /.exec(line);
    if (heading) section = heading[1] as string;
    const m = ROW.exec(line);
    if (!m) continue;
    const note = m[5] as string;
    const encryptPart = /^encrypt: (none|(?:`[^`]+`(?:, )?)+)(?:;|$)/.exec(note);
    if (!encryptPart) throw new Error(`row ${m[1]}: the note must start with "encrypt: none" or "encrypt: \`a.b\`, ..."`);
    const encrypt = encryptPart[1] === 'none' ? [] : [...(encryptPart[1] as string).matchAll(/`([^`]+)`/g)].map((e) => e[1] as string);
    const also = [...note.matchAll(/also `([A-Z]+ \/[^`]+)`/g)].map((a) => parseRoute(a[1] as string));
    rows.push({
      section,
      python: m[1] as string,
      call: m[2] as Row['call'],
      routes: [{ method: m[3] as HttpMethod, path: m[4] as string }, ...also],
      encrypt,
      idempotent: /\bidempotent\b/.test(note),
    });
  }
  return rows;
}

/** Python function names per section, from the spec's tables (the first backticked name of each row). */
function specFunctions(section: string): string[] {
  const start = apiSpec.indexOf(`### ${section} `);
  if (start < 0) throw new Error(`section ${section} not found in wechatpayv3-api.md`);
  const end = apiSpec.indexOf('\n### ', start + 1);
  const body = apiSpec.slice(start, end < 0 ? undefined : end);
  const names: string[] = [];
  for (const line of body.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| Function') || line.startsWith('|---')) continue;
    const name = /^\| [^|]*?`([a-z0-9_]+)`/.exec(line);
    if (name) names.push(name[1] as string);
  }
  return names;
}

const rows = parseGuide(guide);

type Params = Record<string, unknown>;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const sm3 = (bytes: Buffer) => createHash('sm3').update(bytes).digest('hex');

/** Representative params per Python function (official field names); an array gives one per route of the row. */
const fixtures: Record<string, Params | Params[]> = {
  applyment_submit: {
    business_code: 'APPLY_2026112701',
    contact_info: {
      contact_type: 'LEGAL',
      contact_name: '张三',
      contact_id_number: '110101199003071234',
      openid: 'pVd1HJ6zyvPedzGaV+X3qtmrq9bb9tPROvwia4ibL+F6mfjbzQIzfb3HHLEjZ4YiNWWNeespDykY',
      mobile_phone: '13900000000',
      contact_email: 'zhangsan@example.com',
    },
    subject_info: {
      subject_type: 'SUBJECT_TYPE_ENTERPRISE',
      identity_info: {
        id_holder_type: 'LEGAL',
        id_doc_type: 'IDENTIFICATION_TYPE_IDCARD',
        id_card_info: { id_card_name: '张三', id_card_number: '110101199003071234', id_card_address: '北京市东城区' },
        // A real form has id_card_info OR id_doc_info; both are filled here so every declared path is exercised.
        id_doc_info: { id_doc_name: '张三', id_doc_number: 'E12345678', id_doc_address: '香港九龙' },
      },
      ubo_info_list: [{ ubo_id_doc_type: 'IDENTIFICATION_TYPE_IDCARD', ubo_id_doc_name: '李四', ubo_id_doc_number: '110101198001011234', ubo_id_doc_address: '深圳市南山区' }],
    },
    business_info: { merchant_shortname: '沙箱小店', service_phone: '0755-00000000' },
    settlement_info: { settlement_id: '716', qualification_type: '餐饮' },
    bank_account_info: { bank_account_type: 'BANK_ACCOUNT_TYPE_CORPORATE', account_bank: '工商银行', account_name: '沙箱有限公司', bank_address_code: '440300', account_number: '6222020202020202020' },
  },
  applyment_query: [{ business_code: 'APPLY_2026112701' }, { applyment_id: '2000002124775691' }],
  applyment_settlement_modify: {
    sub_mchid: '1900000109',
    modify_mode: 'MODIFY_MODE_ASYNC',
    account_type: 'ACCOUNT_TYPE_BUSINESS',
    account_bank: '工商银行',
    bank_address_code: '440300',
    account_name: '沙箱有限公司',
    account_number: '6222020202020202020',
  },
  applyment_settlement_query: { sub_mchid: '1900000109' },
  applyment_settlement_modify_state: { sub_mchid: '1900000109', application_no: '102329389XXXX' },
  apply4subject_submit: {
    business_code: 'SUBJECT_2026112701',
    contact_info: { contact_type: 'LEGAL', name: '张三', mobile: '13900000000', id_card_number: '110101199003071234' },
    subject_info: { subject_type: 'SUBJECT_TYPE_ENTERPRISE' },
    identification_info: { identification_type: 'IDENTIFICATION_TYPE_IDCARD', identification_name: '张三', identification_number: '110101199003071234', identification_address: '北京市东城区' },
    ubo_info_list: [{ ubo_id_doc_type: 'IDENTIFICATION_TYPE_IDCARD', ubo_id_doc_name: '李四', ubo_id_doc_number: '110101198001011234', ubo_id_doc_address: '深圳市南山区' }],
  },
  apply4subject_cancel: [{ business_code: 'SUBJECT_2026112701' }, { applyment_id: '20000011111' }],
  apply4subject_query: { business_code: 'SUBJECT_2026112701' },
  apply4subject_state: { sub_mchid: '1900000109' },
  capital_search_bank_number: { account_number: '6222020202020202020' },
  capital_personal_banks: { offset: 0, limit: 200 },
  capital_corporate_banks: { offset: 0, limit: 200 },
  capital_provinces: {},
  capital_cities: { province_code: 19 },
  capital_branches: { bank_alias_code: '1000009561', city_code: 215, offset: 0, limit: 100 },
  fapiao_card_template: { card_appid: 'wxb1170446a4c0a5a2', card_template_information: { logo_url: 'https://mmbiz.qpic.cn/logo.png' } },
  fapiao_set_merchant_config: { callback_url: 'https://example.com/fapiao/notify' },
  fapiao_merchant_config: {},
  fapiao_title_url: { fapiao_apply_id: '4200000444201910177461284488', appid: 'wxb1170446a4c0a5a2', openid: 'plN5twRbHym_j-QcqCzstl0HmwEs', total_amount: 1000, source: 'WEB', seller_name: '深圳 沙箱/商户&有限公司' },
  fapiao_title: { fapiao_apply_id: '4200000444201910177461284488', scene: 'WITH_WECHATPAY' },
  fapiao_tax_codes: { offset: 0, limit: 20 },
  fapiao_merchant_base_info: {},
  fapiao_applications: {
    scene: 'WITH_WECHATPAY',
    fapiao_apply_id: '4200000444201910177461284488',
    buyer_information: { type: 'INDIVIDUAL', name: '张三', phone: '13900000000', email: 'zhangsan@example.com' },
    fapiao_information: [{ fapiao_id: '20200701123456', total_amount: 1000, need_list: false, items: [{ tax_code: '3070401000000000000', goods_name: '餐费', quantity: 100000000, total_amount: 1000, discount: false }] }],
  },
  fapiao_query: { fapiao_apply_id: '4200000444201910177461284488', fapiao_id: '20200701123456' },
  fapiao_reverse: { fapiao_apply_id: '4200000444201910177461284488', reverse_reason: '退款', fapiao_information: [{ fapiao_id: '20200701123456', fapiao_code: '044001911211', fapiao_number: '12897794' }] },
  fapiao_upload_file: { file_type: 'PDF', digest_algorithm: 'SM3', digest: sm3(pdf) },
  fapiao_insert_cards: {
    fapiao_apply_id: '4200000444201910177461284488',
    scene: 'WITH_WECHATPAY',
    buyer_information: { type: 'INDIVIDUAL', name: '张三' },
    fapiao_card_information: [{ fapiao_media_id: 'ASNFZ4mrze/+3LqYdlQyEA==', fapiao_number: '12897794', fapiao_code: '044001911211', fapiao_time: '2020-07-01T12:00:00+08:00', check_code: '69001808340631374774', total_amount: 382895, tax_amount: 44050, amount: 338845 }],
  },
  fapiao_check_submch: { sub_mchid: '1900000109' },
  fapiao_query_files: { fapiao_apply_id: '4200000444201910177461284488', fapiao_id: '20200701123456' },
  fapiao_download_file: { openid: 'plN5twRbHym_j-QcqCzstl0HmwEs', invoice_code: '044001911211', invoice_no: '12897794', fapiao_id: '20200701123456' },
  goldplan_plan_change: { sub_mchid: '1900000109', operation_type: 'OPEN' },
  goldplan_custompage_change: { sub_mchid: '1900000109', operation_type: 'CLOSE' },
  goldplan_advertising_filter: { sub_mchid: '1900000109', advertising_industry_filters: ['E_COMMERCE', 'LOVE_MARRIAGE'] },
  goldplan_advertising_open: { sub_mchid: '1900000109' },
  goldplan_advertising_close: { sub_mchid: '1900000109' },
  merchantrisk_callback_create: {},
  merchantrisk_callback_query: {},
  merchantrisk_callback_update: { notify_url: 'https://example.com/risk/notify' },
  merchantrisk_callback_delete: {},
  mch_transfer_bills: {
    appid: 'wxf636efh567hg4356',
    out_bill_no: 'plfk2020042013',
    transfer_scene_id: '1000',
    openid: 'o-MYE42l80oelYMDE34nYD456Xoy',
    user_name: '张三',
    transfer_amount: 20,
    transfer_remark: '新会员开通有礼',
    transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '新会员有礼' }],
  },
  mch_transfer_bills_cancel: { out_bill_no: 'plfk2020042013' },
  mch_transfer_bills_query: [{ out_bill_no: 'plfk2020042013' }, { transfer_bill_no: '1330000071100999991182020050700019480001' }],
  mch_transfer_elecsign: [{ out_bill_no: 'plfk2020042013' }, { transfer_bill_no: '1330000071100999991182020050700019480001' }],
  mch_transfer_elecsign_query: [{ out_bill_no: 'plfk2020042013' }, { transfer_bill_no: '1330000071100999991182020050700019480001' }],
  transfer_batch: {
    appid: 'wxf636efh567hg4356',
    out_batch_no: 'plfk2020042013',
    batch_name: '2019年1月深圳分部报销单',
    batch_remark: '2019年1月深圳分部报销单',
    total_amount: 400000,
    total_num: 2,
    transfer_detail_list: [
      { out_detail_no: 'x23zy545Bd5436', transfer_amount: 200000, transfer_remark: '报销', openid: 'o-MYE42l80oelYMDE34nYD456Xoy', user_name: '张三' },
      { out_detail_no: 'x23zy545Bd5437', transfer_amount: 200000, transfer_remark: '报销', openid: 'o-MYE42l80oelYMDE34nYD456Xoz', user_name: '李四' },
    ],
  },
  transfer_query_batchid: { batch_id: '1030000071100999991182020050700019480001', need_query_detail: true, offset: 0, limit: 20, detail_status: 'ALL' },
  transfer_query_detail_id: { batch_id: '1030000071100999991182020050700019480001', detail_id: '1040000071100999991182020050700019500100' },
  transfer_query_out_batch_no: { out_batch_no: 'plfk2020042013', need_query_detail: false, offset: 0, limit: 20 },
  transfer_query_out_detail_no: { out_batch_no: 'plfk2020042013', out_detail_no: 'x23zy545Bd5436' },
  transfer_bill_receipt: { out_batch_no: 'plfk2020042013' },
  transfer_query_bill_receipt: { out_batch_no: 'plfk2020042013' },
  transfer_detail_receipt: { accept_type: 'BATCH_TRANSFER', out_batch_no: 'plfk2020042013', out_detail_no: 'x23zy545Bd5436' },
  transfer_query_receipt: { accept_type: 'BATCH_TRANSFER', out_batch_no: 'plfk2020042013', out_detail_no: 'x23zy545Bd5436' },
};

function paramsFor(row: Row): Params[] {
  const fixture = fixtures[row.python];
  if (fixture === undefined) throw new Error(`no fixture for ${row.python}`);
  const list = Array.isArray(fixture) ? fixture : [fixture];
  if (list.length !== row.routes.length) throw new Error(`${row.python}: ${row.routes.length} routes but ${list.length} fixtures`);
  return list;
}

/** Plaintexts at a declared path, by concrete path (`transfer_detail_list.1.user_name`), computed from the params. */
function valuesAt(value: unknown, segments: string[], prefix: string, out: Record<string, string>): void {
  if (segments.length === 0) {
    if (typeof value === 'string') out[prefix] = value;
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  if (typeof value !== 'object' || value === null) return;
  const next = (value as Record<string, unknown>)[key];
  const path = prefix ? `${prefix}.${key}` : key;
  if (isArray) {
    if (Array.isArray(next)) {
      for (const [i, item] of next.entries()) valuesAt(item, rest, `${path}.${i}`, out);
    }
  } else {
    valuesAt(next, rest, path, out);
  }
}

function expectedPlaintexts(params: Params, paths: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of paths) {
    const before = Object.keys(out).length;
    valuesAt(params, path.split('.'), '', out);
    // A declared path the fixture does not fill would test nothing.
    expect(Object.keys(out).length, `fixture has no value at ${path}`).toBeGreaterThan(before);
  }
  return out;
}

const template = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const pathParams = (path: string) => [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string);

let sandbox: Sandbox;
let client: WxPayClientHandle;

beforeAll(async () => {
  sandbox = await createSandbox();
  client = createClient(sandbox.clientOptions());
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('docs/migration/other-apis.md', () => {
  it('maps every function of the spec sections, once, under the right section', () => {
    for (const section of SECTIONS) {
      const expected = specFunctions(section);
      expect(expected.length, `spec §${section} rows`).toBeGreaterThan(0);
      const mapped = rows.filter((r) => r.section === section).map((r) => r.python);
      expect(mapped, `§${section}`).toEqual(expected);
    }
    expect(rows.length).toBe(SECTIONS.reduce((n, s) => n + specFunctions(s).length, 0));
    expect(new Set(rows.map((r) => r.python)).size).toBe(rows.length);
    // Every table line was understood (a malformed row would otherwise drop out silently).
    expect(guide.split('\n').filter((l) => l.startsWith('| `')).length).toBe(rows.length);
  });

  it('has a fixture for every row and no fixture without a row', () => {
    expect(Object.keys(fixtures).sort()).toEqual(rows.map((r) => r.python).sort());
  });

  it('routes follow the official methods where the Python SDK was wrong', () => {
    const route = (name: string) => rows.find((r) => r.python === name)?.routes[0];
    expect(route('apply4subject_cancel')?.method).toBe('POST');
    expect(route('fapiao_query_files')?.method).toBe('GET');
    expect(route('transfer_bill_receipt')).toEqual({ method: 'POST', path: '/v3/transfer/bill-receipt' });
    expect(route('transfer_detail_receipt')).toEqual({ method: 'POST', path: '/v3/transfer-detail/electronic-receipts' });
  });
});

const cases = rows
  .filter((r) => r.call !== 'fetch')
  .flatMap((row) => row.routes.map((route, i) => [`${row.python}: ${route.method} ${route.path}`, { row, route, i }] as const));

describe.each(cases)('%s', (_name, { row, route, i }) => {
    it('reaches the sandbox route, 2xx, sensitive fields decrypted there to the plaintext sent', async () => {
      const params = paramsFor(row)[i] as Params;
      const expected = expectedPlaintexts(params, row.encrypt);
      const before = sandbox.requests().length;
      if (row.call === 'client.upload') {
        await client.upload(route.path, { file: pdf, filename: 'fapiao.pdf', meta: params });
      } else {
        await client.request(`${route.method} ${route.path}` as `${HttpMethod} /${string}`, params, {
          encrypt: row.encrypt,
          idempotent: row.idempotent,
        });
      }
      expect(sandbox.requests().length).toBe(before + 1);
      const rec = sandbox.requests().at(-1);
      if (!rec) throw new Error('nothing recorded');
      expect(rec.method).toBe(route.method);
      expect(rec.route, `matched route for ${rec.target}`).toBeDefined();
      expect(template(rec.route ?? '')).toBe(template(route.path));
      expect(rec.status).toBeGreaterThanOrEqual(200);
      expect(rec.status).toBeLessThan(300);
      expect(rec.decrypted).toEqual(expected);
      for (const plaintext of Object.values(expected)) {
        expect(decodeURIComponent(rec.target) + rec.body).not.toContain(plaintext);
      }
      if (Object.keys(expected).length > 0) expect(rec.headers['wechatpay-serial']).toBeTruthy();

      // Everything else arrived where the official API reads it, unchanged.
      const sensitiveRoots = new Set(row.encrypt.map((p) => p.split(/[.[]/)[0]));
      const rest = Object.entries(params).filter(([k]) => !pathParams(route.path).includes(k));
      for (const name of pathParams(route.path)) expect(rec.target).toContain(`/${encodeURIComponent(String(params[name]))}`);
      if (route.method === 'GET' || route.method === 'DELETE') {
        for (const [k, v] of rest) if (!sensitiveRoots.has(k)) expect(rec.query[k], k).toBe(String(v));
      } else {
        const json = rec.json as Record<string, unknown>;
        for (const [k, v] of rest) if (!sensitiveRoots.has(k)) expect(json[k], k).toEqual(v);
      }
    });
});

describe('idempotent rows', () => {
  const idempotentRows = rows.filter((r) => r.idempotent);

  it('are the creates keyed by a business number', () => {
    expect(idempotentRows.map((r) => r.python).sort()).toEqual(
      ['applyment_submit', 'apply4subject_submit', 'fapiao_applications', 'mch_transfer_bills', 'transfer_batch'].sort(),
    );
  });

  it.each(idempotentRows.map((r) => [r.python, r] as const))('%s survives a SYSTEM_ERROR: sent again, same body', async (_name, row) => {
    const route = row.routes[0] as Route;
    const before = sandbox.requests().length;
    sandbox.faults.next('system-error', 1);
    await client.request(`${route.method} ${route.path}` as `${HttpMethod} /${string}`, paramsFor(row)[0], { encrypt: row.encrypt, idempotent: true });
    const sent = sandbox.requests().slice(before);
    expect(sent[0]?.status).toBe(500);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.status).toBeGreaterThanOrEqual(200);
    expect(sent[1]?.status).toBeLessThan(300);
    expect(sent[1]?.body).toBe(sent[0]?.body);
  });

  it('a POST without the flag is not repeated after a SYSTEM_ERROR', async () => {
    const before = sandbox.requests().length;
    sandbox.faults.next('system-error', 1);
    const error = await client.request('POST /v3/transfer/bill-receipt', { out_batch_no: 'plfk2020042013' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, apiCode: 'SYSTEM_ERROR' });
    expect(sandbox.requests().length).toBe(before + 1);
  });
});

describe('encrypted answers', () => {
  it.each(['transfer_query_detail_id', 'transfer_query_out_detail_no'])('%s: client.decrypt reads the user_name the note points at', async (name) => {
    const row = rows.find((r) => r.python === name);
    if (!row) throw new Error(`${name} is not in the guide`);
    const route = row.routes[0] as Route;
    const detail = await client.request<{ user_name: string }>(`${route.method} ${route.path}` as `${HttpMethod} /${string}`, paramsFor(row)[0]);
    // Ciphertext on the wire (base64 of a 2048-bit RSA block), the sandbox's fixed payee name once decrypted.
    expect(Buffer.from(detail.user_name, 'base64')).toHaveLength(256);
    expect(client.decrypt(detail.user_name)).toBe('沙箱收款人');
  });
});

describe('fapiao_download_file', () => {
  it('is a plain unsigned fetch of download_url: no Authorization to pay.wechatpay.cn, SM3 digest checked', async () => {
    const row = rows.find((r) => r.python === 'fapiao_download_file');
    expect(row?.call).toBe('fetch');
    const documented = new URL((row?.routes[0]?.path ?? '').trim());

    const info = await client.request<{ fapiao_download_info_list: { download_url: string }[] }>(
      'GET /v3/new-tax-control-fapiao/fapiao-applications/{fapiao_apply_id}/fapiao-files',
      { fapiao_apply_id: '4200000444201910177461284488' },
    );
    const downloadUrl = new URL(info.fapiao_download_info_list[0]?.download_url ?? '');
    expect(downloadUrl.origin).toBe(documented.origin);
    expect(downloadUrl.pathname).toBe(documented.pathname);
    // The client refuses to carry the merchant's Authorization to a host other than the API domains.
    await expect(client.download(downloadUrl.href)).rejects.toBeInstanceOf(WxPayArgumentError);

    // A local server plays pay.wechatpay.cn: it serves the file with its SM3 digest, unsigned.
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'sm3-digest': sm3(pdf) });
      res.end(pdf);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as AddressInfo;
      const url = new URL(`${downloadUrl.pathname}${downloadUrl.search}`, `http://127.0.0.1:${port}`);
      const extra = { mchid: sandbox.merchant.mchid, ...(fixtures['fapiao_download_file'] as Params) };
      for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, String(v));
      const response = await fetch(url);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(response.status).toBe(200);
      expect(sm3(bytes)).toBe(response.headers.get('sm3-digest'));
      expect(seen).toHaveLength(1);
      expect(seen[0]?.headers.authorization).toBeUndefined();
      const sent = new URL(seen[0]?.url ?? '', 'http://x');
      expect(sent.pathname).toBe(documented.pathname);
      for (const k of ['token', 'mchid', 'openid', 'invoice_code', 'invoice_no', 'fapiao_id']) expect(sent.searchParams.get(k), k).toBeTruthy();
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});

describe('what the official API requires is enforced', () => {
  it('refuses a fapiao upload whose meta uses the Python spelling digest_alogrithm', async () => {
    const error = await client
      .upload('/v3/new-tax-control-fapiao/fapiao-applications/upload-fapiao-file', { file: pdf, filename: 'fapiao.pdf', meta: { file_type: 'PDF', digest_alogrithm: 'SM3', digest: sm3(pdf) } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, apiCode: 'PARAM_ERROR' });
    expect((error as Error).message).toContain('digest_algorithm');
  });

  it('refuses a fapiao upload whose SM3 digest is not the file digest', async () => {
    const error = await client
      .upload('/v3/new-tax-control-fapiao/fapiao-applications/upload-fapiao-file', { file: pdf, filename: 'fapiao.pdf', meta: { file_type: 'PDF', digest_algorithm: 'SM3', digest: sm3(Buffer.from('other')) } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, apiCode: 'PARAM_ERROR' });
    expect((error as Error).message).toContain('SM3 digest');
  });

  it('capital_cities without province_code fails before anything is sent', async () => {
    const row = rows.find((r) => r.python === 'capital_cities');
    const route = row?.routes[0] as Route;
    const before = sandbox.requests().length;
    for (const params of [{}, { province_code: '' }]) {
      await expect(client.request(`${route.method} ${route.path}` as `${HttpMethod} /${string}`, params)).rejects.toBeInstanceOf(WxPayArgumentError);
    }
    expect(sandbox.requests().length).toBe(before);
  });

  it('refuses a sensitive field sent in plaintext (the declared encrypt list matters)', async () => {
    const error = await client
      .request('POST /v3/transfer/batches', fixtures['transfer_batch'] as Params, { encrypt: [] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, apiCode: 'PARAM_ERROR' });
  });
});
