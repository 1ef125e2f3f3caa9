/**
 * Endpoint families of wechatpayv3-api.md that no domain package owns (进件, 开户意愿, 银行组件, 电子发票, 点金计划,
 * 违规通知, 商家转账, 批量转账): the documented method and path are accepted, signature, required fields and sensitive
 * fields are checked by the engine, and a plausible signed answer comes back. State is not kept.
 */
import { constants, createHash, publicEncrypt } from 'node:crypto';
import type { RouteContext, RouteSpec } from '../route-spec.js';
import { routeError } from '../route-spec.js';

const page = (ctx: RouteContext, data: unknown[]) => ({
  data,
  total_count: data.length,
  offset: Number(ctx.query['offset'] ?? 0),
  limit: Number(ctx.query['limit'] ?? 20),
  links: { next: '', prev: '', self: '' },
});

const applymentRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/applyment4sub/applyment/',
    required: ['business_code', 'contact_info', 'subject_info', 'business_info', 'settlement_info', 'bank_account_info'],
    encrypted: [
      'contact_info.contact_name',
      'contact_info.contact_id_number',
      'contact_info.openid',
      'contact_info.mobile_phone',
      'contact_info.contact_email',
      'subject_info.identity_info.id_card_info.id_card_name',
      'subject_info.identity_info.id_card_info.id_card_number',
      'subject_info.identity_info.id_card_info.id_card_address',
      'subject_info.identity_info.id_doc_info.id_doc_name',
      'subject_info.identity_info.id_doc_info.id_doc_number',
      'subject_info.identity_info.id_doc_info.id_doc_address',
      'subject_info.ubo_info_list[].ubo_id_doc_name',
      'subject_info.ubo_info_list[].ubo_id_doc_number',
      'subject_info.ubo_info_list[].ubo_id_doc_address',
      'bank_account_info.account_name',
      'bank_account_info.account_number',
    ],
    respond: (ctx) => ({ applyment_id: Number(ctx.newId('2').slice(0, 16)) }),
  },
  ...(['business_code/{business_code}', 'applyment_id/{applyment_id}'] as const).map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `/v3/applyment4sub/applyment/${tail}`,
      respond: (ctx) => ({
        business_code: ctx.params['business_code'] ?? 'SANDBOX_BUSINESS_CODE',
        applyment_id: Number(ctx.params['applyment_id'] ?? '2000002124775691'),
        sub_mchid: '1900000109',
        applyment_state: 'APPLYMENT_STATE_FINISHED',
        applyment_state_msg: '完成',
        audit_detail: [],
      }),
    }),
  ),
  {
    method: 'POST',
    path: '/v3/apply4sub/sub_merchants/{sub_mchid}/modify-settlement',
    required: ['account_type', 'account_bank', 'bank_address_code', 'account_number'],
    encrypted: ['account_name', 'account_number'],
    respond: (ctx) => ({ application_no: ctx.newId('') }),
  },
  {
    method: 'GET',
    path: '/v3/apply4sub/sub_merchants/{sub_mchid}/settlement',
    respond: () => ({
      account_type: 'ACCOUNT_TYPE_BUSINESS',
      account_bank: '工商银行',
      bank_name: '',
      bank_branch_id: '',
      account_number: '62*************78',
      verify_result: 'VERIFY_SUCCESS',
    }),
  },
  {
    method: 'GET',
    path: '/v3/apply4sub/sub_merchants/{sub_mchid}/application/{application_no}',
    respond: (ctx) => ({
      account_name: '*公司',
      account_type: 'ACCOUNT_TYPE_BUSINESS',
      account_bank: '工商银行',
      account_number: '62*************78',
      verify_result: 'AUDIT_SUCCESS',
      verify_fail_reason: '',
      verify_finish_time: ctx.now(),
    }),
  },
];

const apply4subjectRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/apply4subject/applyment',
    required: ['business_code', 'contact_info', 'subject_info', 'identification_info'],
    encrypted: [
      'contact_info.name',
      'contact_info.mobile',
      'contact_info.id_card_number',
      'identification_info.identification_name',
      'identification_info.identification_number',
      'identification_info.identification_address',
      'ubo_info_list[].ubo_id_doc_name',
      'ubo_info_list[].ubo_id_doc_number',
      'ubo_info_list[].ubo_id_doc_address',
    ],
    respond: (ctx) => ({ applyment_id: Number(ctx.newId('2').slice(0, 16)) }),
  },
  { method: 'POST', path: '/v3/apply4subject/applyment/{business_code}/cancel', status: 204 },
  {
    method: 'GET',
    path: '/v3/apply4subject/applyment',
    respond: (ctx) => {
      if (!ctx.query['business_code'] && !ctx.query['applyment_id']) {
        throw routeError(400, 'PARAM_ERROR', 'business_code和applyment_id须二选一', {
          field: 'business_code',
          value: null,
          issue: 'one of business_code or applyment_id is required',
          location: 'query',
        });
      }
      return { applyment_state: 'APPLYMENT_STATE_PASSED', qrcode_data: 'https://pay.weixin.qq.com/sandbox/apply4subject/qrcode' };
    },
  },
  { method: 'GET', path: '/v3/apply4subject/applyment/merchants/{sub_mchid}/state', respond: () => ({ authorize_state: 'AUTHORIZE_STATE_AUTHORIZED' }) },
];

const bank = { bank_alias: '工商银行', bank_alias_code: '1000009561', account_bank: '工商银行', account_bank_code: 1, need_bank_branch: true };

const capitalRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: '/v3/capital/capitallhh/banks/search-banks-by-bank-account',
    required: ['account_number'],
    encrypted: ['account_number'],
    respond: () => ({ total_count: 1, data: [bank] }),
  },
  { method: 'GET', path: '/v3/capital/capitallhh/banks/personal-banking', respond: (ctx) => page(ctx, [bank]) },
  { method: 'GET', path: '/v3/capital/capitallhh/banks/corporate-banking', respond: (ctx) => page(ctx, [bank]) },
  { method: 'GET', path: '/v3/capital/capitallhh/areas/provinces', respond: () => ({ data: [{ province_name: '广东省', province_code: 19 }], total_count: 1 }) },
  {
    method: 'GET',
    path: '/v3/capital/capitallhh/areas/provinces/{province_code}/cities',
    respond: () => ({ data: [{ city_name: '深圳市', city_code: 215 }], total_count: 1 }),
  },
  {
    method: 'GET',
    path: '/v3/capital/capitallhh/banks/{bank_alias_code}/branches',
    required: ['city_code'],
    respond: (ctx) => ({
      ...page(ctx, [{ bank_branch_name: '中国工商银行股份有限公司深圳南山支行', bank_branch_id: '102584002017' }]),
      bank_alias: '工商银行',
      bank_alias_code: ctx.params['bank_alias_code'],
      account_bank: '工商银行',
      account_bank_code: 1,
    }),
  },
];

const F = '/v3/new-tax-control-fapiao';

/** The upload meta must describe the file: PDF or OFD, and the SM3 digest of exactly the bytes uploaded. */
function checkFapiaoFile(ctx: RouteContext): void {
  const fail = (field: string, issue: string) =>
    routeError(400, 'PARAM_ERROR', `${field}: ${issue}`, { field, value: ctx.body[field] ?? null, issue, location: 'body' });
  if (ctx.body['file_type'] !== 'PDF' && ctx.body['file_type'] !== 'OFD') throw fail('file_type', 'must be PDF or OFD');
  if (ctx.body['digest_algorithm'] !== 'SM3') throw fail('digest_algorithm', 'must be SM3');
  const digest = createHash('sm3').update(ctx.file ?? Buffer.alloc(0)).digest('hex');
  if (String(ctx.body['digest']).toLowerCase() !== digest) throw fail('digest', 'does not match the SM3 digest of the file');
}
const fapiaoRoutes: RouteSpec[] = [
  { method: 'POST', path: `${F}/card-template`, required: ['card_template_information'], respond: (ctx) => ({ card_appid: ctx.body['card_appid'] ?? '', card_id: 'pDe7ajrY4G5z_SIDSauDkLSuF9NI' }) },
  { method: 'PATCH', path: `${F}/merchant/development-config`, respond: (ctx) => ({ callback_url: ctx.body['callback_url'] ?? '' }) },
  { method: 'GET', path: `${F}/merchant/development-config`, respond: () => ({ callback_url: 'https://example.com/fapiao/notify' }) },
  {
    method: 'GET',
    path: `${F}/user-title/title-url`,
    // appid is required by the official API (the Python SDK filled it from its init value).
    required: ['fapiao_apply_id', 'source', 'total_amount', 'appid', 'openid'],
    respond: (ctx) => ({ miniprogram_appid: 'wx4a86f6a8a8ffb7b4', miniprogram_path: `pages/fapiao/title?apply_id=${ctx.query['fapiao_apply_id']}`, miniprogram_user_name: 'gh_sandbox' }),
  },
  {
    method: 'GET',
    path: `${F}/user-title`,
    required: ['fapiao_apply_id', 'scene'],
    respond: () => ({ type: 'INDIVIDUAL', name: '个人抬头', phone: '', email: '' }),
  },
  { method: 'GET', path: `${F}/merchant/tax-codes`, respond: (ctx) => page(ctx, [{ goods_category: '餐饮服务', goods_name: '餐费', tax_code: '3070401000000000000', tax_rate: 600, tax_prefer_mark: 'NO_FAVORABLE' }]) },
  { method: 'GET', path: `${F}/merchant/base-information`, respond: () => ({ seller_name: '沙箱商户', taxpayer_id: '202003261233701778', address: '深圳', telephone: '0755-00000000', bank_name: '工商银行', bank_account: '' }) },
  {
    method: 'POST',
    path: `${F}/fapiao-applications`,
    required: ['scene', 'fapiao_apply_id', 'buyer_information', 'fapiao_information'],
    encrypted: ['buyer_information.phone', 'buyer_information.email'],
    status: 204,
  },
  {
    method: 'GET',
    path: `${F}/fapiao-applications/{fapiao_apply_id}`,
    respond: (ctx) => ({ total_count: 1, fapiao_information: [{ fapiao_id: ctx.query['fapiao_id'] ?? 'SANDBOX_FAPIAO_1', status: 'ISSUE_ACCEPTED', card_information: { status: 'INSERTED' } }] }),
  },
  { method: 'POST', path: `${F}/fapiao-applications/{fapiao_apply_id}/reverse`, required: ['reverse_reason', 'fapiao_information'], status: 204 },
  {
    method: 'POST',
    path: `${F}/fapiao-applications/upload-fapiao-file`,
    multipart: true,
    // The official meta key is `digest_algorithm` (the Python SDK sent `digest_alogrithm`); the digest is SM3 hex.
    required: ['file_type', 'digest_algorithm', 'digest'],
    respond: (ctx) => {
      checkFapiaoFile(ctx);
      return { fapiao_media_id: ctx.newId('ASNFZ') };
    },
  },
  { method: 'POST', path: `${F}/fapiao-applications/{fapiao_apply_id}/insert-cards`, required: ['scene', 'buyer_information', 'fapiao_card_information'], status: 204 },
  { method: 'GET', path: `${F}/merchant/{sub_mchid}/check`, respond: (ctx) => ({ sub_mchid: ctx.params['sub_mchid'], tax_control_fapiao_state: 'PERMITTED' }) },
  {
    method: 'GET',
    path: `${F}/fapiao-applications/{fapiao_apply_id}/fapiao-files`,
    respond: () => ({ fapiao_download_info_list: [{ fapiao_id: 'SANDBOX_FAPIAO_1', download_url: 'https://pay.wechatpay.cn/invoicing/fapiao/fapiao-file?token=sandbox', status: 'FILE_GENERATED' }] }),
  },
];

const goldplanRoutes: RouteSpec[] = [
  { method: 'POST', path: '/v3/goldplan/merchants/changegoldplanstatus', required: ['sub_mchid', 'operation_type'], respond: (ctx) => ({ sub_mchid: ctx.body['sub_mchid'] }) },
  { method: 'POST', path: '/v3/goldplan/merchants/changecustompagestatus', required: ['sub_mchid', 'operation_type'], respond: (ctx) => ({ sub_mchid: ctx.body['sub_mchid'] }) },
  { method: 'POST', path: '/v3/goldplan/merchants/set-advertising-industry-filter', required: ['sub_mchid', 'advertising_industry_filters'], status: 204 },
  { method: 'PATCH', path: '/v3/goldplan/merchants/open-advertising-show', required: ['sub_mchid'], status: 204 },
  { method: 'POST', path: '/v3/goldplan/merchants/close-advertising-show', required: ['sub_mchid'], status: 204 },
];

const RISK = '/v3/merchant-risk-manage/violation-notifications';
const riskRoutes: RouteSpec[] = [
  { method: 'POST', path: RISK, respond: (ctx) => ({ notify_url: ctx.body['notify_url'] ?? '', mchid: ctx.mchid }) },
  { method: 'GET', path: RISK, respond: (ctx) => ({ notify_url: 'https://example.com/risk', mchid: ctx.mchid }) },
  { method: 'PUT', path: RISK, respond: (ctx) => ({ notify_url: ctx.body['notify_url'] ?? '', mchid: ctx.mchid }) },
  { method: 'DELETE', path: RISK, status: 204 },
];

const MT = '/v3/fund-app/mch-transfer';
const transferBill = (ctx: RouteContext, outBillNo: string) => ({
  mch_id: ctx.mchid,
  out_bill_no: outBillNo,
  transfer_bill_no: ctx.params['transfer_bill_no'] ?? `1330000071100999991182020050700019480001`,
  state: 'SUCCESS',
  transfer_amount: 100,
  transfer_remark: '沙箱转账',
  create_time: ctx.now(),
  update_time: ctx.now(),
});
const mchTransferRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: `${MT}/transfer-bills`,
    required: ['appid', 'out_bill_no', 'transfer_scene_id', 'openid', 'transfer_amount', 'transfer_remark'],
    encrypted: ['user_name'],
    respond: (ctx) => ({
      out_bill_no: ctx.body['out_bill_no'],
      transfer_bill_no: ctx.newId('1330'),
      create_time: ctx.now(),
      state: 'WAIT_USER_CONFIRM',
      package_info: `ABBQO+oYAAABAAAAAAAk+yPZGrAAAAAAAAAAAAAAAAAA${ctx.newId('')}`,
    }),
  },
  {
    method: 'POST',
    path: `${MT}/transfer-bills/out-bill-no/{out_bill_no}/cancel`,
    respond: (ctx) => ({ out_bill_no: ctx.params['out_bill_no'], transfer_bill_no: ctx.newId('1330'), state: 'CANCELING', update_time: ctx.now() }),
  },
  { method: 'GET', path: `${MT}/transfer-bills/out-bill-no/{out_bill_no}`, respond: (ctx) => transferBill(ctx, ctx.params['out_bill_no']!) },
  { method: 'GET', path: `${MT}/transfer-bills/transfer-bill-no/{transfer_bill_no}`, respond: (ctx) => transferBill(ctx, 'SANDBOX_OUT_BILL') },
  { method: 'POST', path: `${MT}/elecsign/out-bill-no`, required: ['out_bill_no'], respond: (ctx) => ({ state: 'ACCEPTED', create_time: ctx.now() }) },
  { method: 'POST', path: `${MT}/elecsign/transfer-bill-no`, required: ['transfer_bill_no'], respond: (ctx) => ({ state: 'ACCEPTED', create_time: ctx.now() }) },
  ...['out-bill-no/{out_bill_no}', 'transfer-bill-no/{transfer_bill_no}'].map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `${MT}/elecsign/${tail}`,
      respond: (ctx) => ({ state: 'FINISHED', create_time: ctx.now(), update_time: ctx.now(), hash_type: 'SHA256', hash_value: '0'.repeat(64), download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=sandbox' }),
    }),
  ),
];

const batchView = (ctx: RouteContext, ids: { batch_id?: string; out_batch_no?: string }) => ({
  transfer_batch: {
    mchid: ctx.mchid,
    out_batch_no: ids.out_batch_no ?? 'SANDBOX_BATCH',
    batch_id: ids.batch_id ?? '1030000071100999991182020050700019480001',
    appid: 'wxf636efh567hg4356',
    batch_status: 'FINISHED',
    batch_type: 'API',
    batch_name: '沙箱批量转账',
    batch_remark: '沙箱',
    total_amount: 100,
    total_num: 1,
    success_amount: 100,
    success_num: 1,
    fail_amount: 0,
    fail_num: 0,
    create_time: ctx.now(),
    update_time: ctx.now(),
  },
  ...(ctx.query['need_query_detail'] === 'true'
    ? { transfer_detail_list: [{ detail_id: '1040000071100999991182020050700019500100', out_detail_no: 'SANDBOX_DETAIL', detail_status: 'SUCCESS' }] }
    : {}),
  offset: Number(ctx.query['offset'] ?? 0),
  limit: Number(ctx.query['limit'] ?? 20),
});
/** The payee name every sandbox transfer detail carries, encrypted as WeChat Pay does it (see `detailView`). */
const SANDBOX_PAYEE_NAME = '沙箱收款人';

/** WeChat Pay returns a detail's `user_name` RSA-OAEP(SHA-1)-encrypted to the merchant certificate's public key. */
function encryptedPayeeName(ctx: RouteContext): string | undefined {
  if (ctx.merchantCertificatePem === undefined) return undefined;
  const key = { key: ctx.merchantCertificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' };
  return publicEncrypt(key, Buffer.from(SANDBOX_PAYEE_NAME)).toString('base64');
}

const detailView = (ctx: RouteContext) => ({
  mchid: ctx.mchid,
  out_batch_no: ctx.params['out_batch_no'] ?? 'SANDBOX_BATCH',
  batch_id: ctx.params['batch_id'] ?? '1030000071100999991182020050700019480001',
  appid: 'wxf636efh567hg4356',
  out_detail_no: ctx.params['out_detail_no'] ?? 'SANDBOX_DETAIL',
  detail_id: ctx.params['detail_id'] ?? '1040000071100999991182020050700019500100',
  detail_status: 'SUCCESS',
  transfer_amount: 100,
  transfer_remark: '沙箱',
  openid: 'o-MYE42l80oelYMDE34nYD456Xoy',
  user_name: encryptedPayeeName(ctx),
  initiate_time: ctx.now(),
  update_time: ctx.now(),
});
const transferRoutes: RouteSpec[] = [
  {
    method: 'POST',
    path: '/v3/transfer/batches',
    required: ['appid', 'out_batch_no', 'batch_name', 'batch_remark', 'total_amount', 'total_num', 'transfer_detail_list', 'transfer_detail_list[].out_detail_no', 'transfer_detail_list[].transfer_amount', 'transfer_detail_list[].openid'],
    encrypted: ['transfer_detail_list[].user_name'],
    respond: (ctx) => ({ out_batch_no: ctx.body['out_batch_no'], batch_id: ctx.newId('1030'), create_time: ctx.now(), batch_status: 'ACCEPTED' }),
  },
  { method: 'GET', path: '/v3/transfer/batches/batch-id/{batch_id}', required: ['need_query_detail'], respond: (ctx) => batchView(ctx, { batch_id: ctx.params['batch_id']! }) },
  { method: 'GET', path: '/v3/transfer/batches/batch-id/{batch_id}/details/detail-id/{detail_id}', respond: detailView },
  { method: 'GET', path: '/v3/transfer/batches/out-batch-no/{out_batch_no}', required: ['need_query_detail'], respond: (ctx) => batchView(ctx, { out_batch_no: ctx.params['out_batch_no']! }) },
  { method: 'GET', path: '/v3/transfer/batches/out-batch-no/{out_batch_no}/details/out-detail-no/{out_detail_no}', respond: detailView },
  { method: 'POST', path: '/v3/transfer/bill-receipt', required: ['out_batch_no'], respond: (ctx) => ({ out_batch_no: ctx.body['out_batch_no'], signature_status: 'ACCEPTED', create_time: ctx.now() }) },
  { method: 'GET', path: '/v3/transfer/bill-receipt/{out_batch_no}', respond: (ctx) => ({ out_batch_no: ctx.params['out_batch_no'], signature_status: 'FINISHED', hash_type: 'SHA256', hash_value: '0'.repeat(64), download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=sandbox', create_time: ctx.now(), update_time: ctx.now() }) },
  { method: 'POST', path: '/v3/transfer-detail/electronic-receipts', required: ['accept_type', 'out_detail_no'], respond: (ctx) => ({ accept_type: ctx.body['accept_type'], out_detail_no: ctx.body['out_detail_no'], signature_status: 'ACCEPTED', create_time: ctx.now() }) },
  { method: 'GET', path: '/v3/transfer-detail/electronic-receipts', required: ['accept_type', 'out_detail_no'], respond: (ctx) => ({ accept_type: ctx.query['accept_type'], out_detail_no: ctx.query['out_detail_no'], signature_status: 'FINISHED', hash_type: 'SHA256', hash_value: '0'.repeat(64), download_url: 'https://api.mch.weixin.qq.com/v3/billdownload/file?token=sandbox', create_time: ctx.now(), update_time: ctx.now() }) },
];

/** Routes of API families without a domain package of their own. */
export const miscRoutes: RouteSpec[] = [
  ...applymentRoutes,
  ...apply4subjectRoutes,
  ...capitalRoutes,
  ...fapiaoRoutes,
  ...goldplanRoutes,
  ...riskRoutes,
  ...mchTransferRoutes,
  ...transferRoutes,
];
