import { constants, createHash, publicEncrypt } from 'node:crypto';
import { type RouteContext, type RouteSpec, routeError } from '../route-spec.js';

/**
 * Routes of the @wxpay/complaints domain (消费者投诉 2.0; see ../../../shared/spec/wechatpayv3-api.md §1.7).
 * Complaints are made up on demand from the id (digits only, like the real ones), so any test can query one.
 */

const BASE = '/v3/merchant-service/complaints-v2';
const NOTIFICATIONS = '/v3/merchant-service/complaint-notifications';
/** The phone every sandbox complaint's payer_phone decrypts to. */
const SANDBOX_PAYER_PHONE = '13800138000';
/** A 1x1 PNG served for complaint images that were not uploaded to this sandbox. */
const SAMPLE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'bmp']);

/** Per merchant: notification URL; per media_id: uploaded image bytes (bounded, this is a test server). */
/** Complaint notification URLs (by mchid) and uploaded images, kept per sandbox so two sandboxes never share them. */
interface ComplaintState {
  notificationUrls: Map<string, string>;
  images: Map<string, Buffer>;
}
const states = new WeakMap<object, ComplaintState>();
const unscoped = {};

function stateOf(ctx: RouteContext): ComplaintState {
  const scope = ctx.sandboxScope ?? unscoped;
  let state = states.get(scope);
  if (state === undefined) {
    state = { notificationUrls: new Map(), images: new Map() };
    states.set(scope, state);
  }
  return state;
}
const MAX_IMAGES = 1000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function paramError(message: string, field?: string): never {
  throw routeError(400, 'PARAM_ERROR', message, field === undefined ? undefined : { field, location: 'query' });
}

function checkRange(ctx: RouteContext, name: string, min: number, max: number): number | undefined {
  const raw = ctx.query[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) paramError(`${name} 取值范围为[${min},${max}]`, name);
  return value;
}

function complaintId(ctx: RouteContext): string {
  const id = ctx.params['complaint_id'] ?? '';
  if (!/^\d{1,64}$/.test(id)) throw routeError(404, 'RESOURCE_NOT_EXISTS', '投诉单不存在');
  return id;
}

/** WeChat Pay encrypts payer_phone with the merchant certificate's public key (RSA-OAEP, SHA-1). */
function encryptedPhone(ctx: RouteContext): string | undefined {
  if (ctx.merchantCertificatePem === undefined) return undefined;
  return publicEncrypt(
    { key: ctx.merchantCertificatePem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(SANDBOX_PAYER_PHONE),
  ).toString('base64');
}

function complaint(ctx: RouteContext, id: string, mchid: string) {
  const mediaId = `sandbox-${id}`;
  return {
    complaint_id: id,
    complaint_time: ctx.now(),
    complaint_detail: '反馈一个重复扣费的问题',
    complaint_state: 'PENDING',
    complainted_mchid: mchid,
    payer_phone: encryptedPhone(ctx),
    payer_openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    complaint_order_info: [{ transaction_id: '4200000404202001010000000001', out_trade_no: `out-${id}`, amount: 3 }],
    complaint_full_refunded: false,
    incoming_user_response: false,
    user_complaint_times: 1,
    complaint_media_list: [
      { media_type: 'USER_COMPLAINT_IMAGE', media_url: [`https://api.mch.weixin.qq.com/v3/merchant-service/images/${mediaId}`] },
    ],
    problem_description: '不满意商家服务',
    problem_type: 'REFUND',
    apply_refund_amount: 3,
    user_tag_list: ['TRUSTED'],
  };
}

/** The real API takes HTTPS only; the sandbox also takes plain http on loopback, where test receivers listen. */
function checkHttpsUrl(ctx: RouteContext): string {
  const url = ctx.body['url'];
  const loopback = typeof url === 'string' && /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url);
  if (typeof url !== 'string' || !(url.startsWith('https://') || loopback)) {
    throw routeError(400, 'PARAM_ERROR', '通知地址仅支持https', { field: 'url', location: 'body' });
  }
  return url;
}

/**
 * WeChat Pay tells the merchant's complaint URL when a complaint changes, including after the merchant's own
 * actions; the resource names the complaint and the action, and the merchant queries the rest.
 */
function stateChanged(ctx: RouteContext, complaint_id: string, action_type: string): void {
  const url = stateOf(ctx).notificationUrls.get(ctx.mchid);
  if (url === undefined || ctx.notify === undefined) return;
  ctx.notify({
    url,
    eventType: 'COMPLAINT.STATE_CHANGE',
    summary: '投诉单状态变化',
    originalType: 'complaint',
    resource: { complaint_id, action_type },
  });
}

export const complaintsRoutes: RouteSpec[] = [
  {
    method: 'GET',
    path: BASE,
    required: ['begin_date', 'end_date'],
    respond: (ctx) => {
      const begin = ctx.query['begin_date'] ?? '';
      const end = ctx.query['end_date'] ?? '';
      if (!DATE.test(begin)) paramError('begin_date 格式为yyyy-MM-dd', 'begin_date');
      if (!DATE.test(end)) paramError('end_date 格式为yyyy-MM-dd', 'end_date');
      const span = (Date.parse(end) - Date.parse(begin)) / 86_400_000;
      if (!(span >= 0 && span <= 30)) paramError('查询日期跨度不超过30天', 'end_date');
      const limit = checkRange(ctx, 'limit', 1, 50) ?? 10;
      const offset = checkRange(ctx, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const mchid = ctx.query['complainted_mchid'] ?? ctx.mchid;
      const total = 3;
      const data = [];
      for (let i = offset; i < Math.min(total, offset + limit); i++) {
        const { payer_openid: _openid, ...summary } = complaint(ctx, `20020182020010108007661000${i}`, mchid);
        data.push(summary);
      }
      return offset === 0 ? { data, limit, offset, total_count: total } : { data, limit, offset };
    },
  },
  {
    method: 'GET',
    path: `${BASE}/{complaint_id}`,
    respond: (ctx) => complaint(ctx, complaintId(ctx), ctx.mchid),
  },
  {
    method: 'GET',
    path: `${BASE}/{complaint_id}/negotiation-historys`,
    respond: (ctx) => {
      complaintId(ctx);
      const limit = checkRange(ctx, 'limit', 1, 300) ?? 100;
      const offset = checkRange(ctx, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
      const all = [
        { log_id: '300285320210322170000071077', operator: '投诉人', operate_time: ctx.now(), operate_type: 'USER_CREATE_COMPLAINT', operate_details: '反馈一个重复扣费的问题', image_list: [] },
        { log_id: '300285320210322170000071078', operator: '商户', operate_time: ctx.now(), operate_type: 'MERCHANT_RESPONSE', operate_details: '已与用户电话沟通解决', image_list: [] },
      ];
      const data = all.slice(offset, offset + limit);
      return offset === 0 ? { data, limit, offset, total_count: all.length } : { data, limit, offset };
    },
  },
  {
    method: 'POST',
    path: `${BASE}/{complaint_id}/response`,
    required: ['complainted_mchid', 'response_content'],
    status: 204,
    respond: (ctx) => {
      complaintId(ctx);
      const content = ctx.body['response_content'];
      if (typeof content !== 'string' || content.length > 200) paramError('response_content 长度不超过200', 'response_content');
      const imagesSent = ctx.body['response_images'];
      if (Array.isArray(imagesSent) && imagesSent.length > 4) paramError('response_images 最多4张', 'response_images');
      stateChanged(ctx, complaintId(ctx), 'MERCHANT_RESPONSE');
      return undefined;
    },
  },
  {
    method: 'POST',
    path: `${BASE}/{complaint_id}/complete`,
    required: ['complainted_mchid'],
    status: 204,
    respond: (ctx) => {
      stateChanged(ctx, complaintId(ctx), 'MERCHANT_CONFIRM_COMPLETE');
      return undefined;
    },
  },
  {
    method: 'POST',
    path: `${BASE}/{complaint_id}/update-refund-progress`,
    required: ['action'],
    status: 204,
    respond: (ctx) => {
      complaintId(ctx);
      const action = ctx.body['action'];
      if (action !== 'APPROVE' && action !== 'REJECT') paramError('action 取值为 APPROVE 或 REJECT', 'action');
      if (action === 'REJECT' && typeof ctx.body['reject_reason'] !== 'string') {
        paramError('拒绝退款时 reject_reason 必填', 'reject_reason');
      }
      const day = ctx.body['launch_refund_day'];
      if (day !== undefined && (typeof day !== 'number' || !Number.isInteger(day) || day < 0 || day > 7)) {
        paramError('launch_refund_day 取值范围为[0,7]', 'launch_refund_day');
      }
      stateChanged(ctx, complaintId(ctx), action === 'APPROVE' ? 'MERCHANT_APPROVE_REFUND' : 'MERCHANT_REJECT_REFUND');
      return undefined;
    },
  },
  {
    method: 'POST',
    path: NOTIFICATIONS,
    required: ['url'],
    respond: (ctx) => {
      const url = checkHttpsUrl(ctx);
      stateOf(ctx).notificationUrls.set(ctx.mchid, url);
      return { mchid: ctx.mchid, url };
    },
  },
  {
    method: 'GET',
    path: NOTIFICATIONS,
    respond: (ctx) => {
      const url = stateOf(ctx).notificationUrls.get(ctx.mchid);
      if (url === undefined) throw routeError(400, 'RESOURCE_NOT_EXISTS', '查询的通知回调不存在');
      return { mchid: ctx.mchid, url };
    },
  },
  {
    method: 'PUT',
    path: NOTIFICATIONS,
    required: ['url'],
    respond: (ctx) => {
      const url = checkHttpsUrl(ctx);
      const { notificationUrls } = stateOf(ctx);
      if (!notificationUrls.has(ctx.mchid)) throw routeError(400, 'RESOURCE_NOT_EXISTS', '通知回调不存在，请先创建');
      notificationUrls.set(ctx.mchid, url);
      return { mchid: ctx.mchid, url };
    },
  },
  {
    method: 'DELETE',
    path: NOTIFICATIONS,
    status: 204,
    respond: (ctx) => {
      if (!stateOf(ctx).notificationUrls.delete(ctx.mchid)) throw routeError(400, 'RESOURCE_NOT_EXISTS', '通知回调不存在');
      return undefined;
    },
  },
  {
    method: 'POST',
    path: '/v3/merchant-service/images/upload',
    multipart: true,
    required: ['filename', 'sha256'],
    respond: (ctx) => {
      const filename = String(ctx.body['filename']);
      const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
      if (!IMAGE_EXTENSIONS.has(extension)) paramError('图片格式仅支持JPG、BMP、PNG', 'filename');
      const file = ctx.file ?? Buffer.alloc(0);
      if (file.length === 0) throw routeError(400, 'PARAM_ERROR', '输入源“/body/file”映射到字段“图片文件”必填性规则校验失败，此字段为必填项');
      if (file.length > 2 * 1024 * 1024) paramError('图片大小不能超过2M', 'file');
      const digest = createHash('sha256').update(file).digest('hex');
      if (ctx.body['sha256'] !== digest) paramError('文件sha256与meta中的sha256不一致', 'sha256');
      // The id carries the digest of the bytes received, so a test can tell the exact file arrived.
      const mediaId = `file${ctx.newId().slice(-6)}_${digest}`;
      const { images } = stateOf(ctx);
      if (images.size >= MAX_IMAGES) images.clear();
      images.set(mediaId, file);
      return { media_id: mediaId };
    },
  },
  {
    method: 'GET',
    path: '/v3/merchant-service/images/{media_id}',
    fileContentType: 'image/png',
    respond: (ctx) => {
      const id = ctx.params['media_id'] ?? '';
      const uploaded = stateOf(ctx).images.get(id);
      if (uploaded !== undefined) return uploaded;
      if (id.startsWith('sandbox-')) return SAMPLE_PNG;
      throw routeError(404, 'RESOURCE_NOT_EXISTS', '图片不存在');
    },
  },
];
