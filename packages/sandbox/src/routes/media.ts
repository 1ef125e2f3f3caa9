import { createHash } from 'node:crypto';
import { type RouteContext, type RouteSpec, routeError } from '../route-spec.js';

/** Routes of the @wxpay/media domain (图片上传, 视频上传; see ../../../shared/spec/wechatpayv3-api.md §1.11). */

const IMAGE = { extensions: new Set(['jpg', 'jpeg', 'png', 'bmp']), maxBytes: 2 * 1024 * 1024, kind: '图片' };
const VIDEO = {
  extensions: new Set(['avi', 'wmv', 'mpeg', 'mp4', 'mov', 'mkv', 'flv', 'f4v', 'm4v', 'rmvb']),
  maxBytes: 5 * 1024 * 1024,
  kind: '视频',
};

/** Checks the file part against the signed meta like the real API, then answers a media_id carrying the digest. */
function upload(rules: typeof IMAGE) {
  return (ctx: RouteContext) => {
    const filename = String(ctx.body['filename']);
    const extension = filename.includes('.') ? filename.slice(filename.lastIndexOf('.') + 1).toLowerCase() : '';
    if (!rules.extensions.has(extension)) {
      throw routeError(400, 'PARAM_ERROR', `${rules.kind}格式不支持: ${extension || '无扩展名'}`, { field: 'filename', location: 'body' });
    }
    const file = ctx.file ?? Buffer.alloc(0);
    if (file.length === 0) {
      throw routeError(400, 'PARAM_ERROR', `输入源“/body/file”映射到字段“${rules.kind}文件”必填性规则校验失败，此字段为必填项`, {
        location: 'body',
        value: '',
      });
    }
    if (file.length > rules.maxBytes) {
      throw routeError(400, 'PARAM_ERROR', `${rules.kind}大小超过限制`, { field: 'file', location: 'body' });
    }
    const digest = createHash('sha256').update(file).digest('hex');
    if (ctx.body['sha256'] !== digest) {
      throw routeError(400, 'PARAM_ERROR', '文件的sha256与meta中的sha256不一致', { field: 'sha256', location: 'body' });
    }
    return { media_id: `${ctx.newId().slice(-8)}-${digest}` };
  };
}

export const mediaRoutes: RouteSpec[] = [
  { method: 'POST', path: '/v3/merchant/media/upload', multipart: true, required: ['filename', 'sha256'], respond: upload(IMAGE) },
  {
    method: 'POST',
    path: '/v3/merchant/media/video_upload',
    multipart: true,
    required: ['filename', 'sha256'],
    respond: upload(VIDEO),
  },
];
