/**
 * 导入定向用户协议号 (bank marketing packages), partner mode. The Python SDK defines `bank_package_file` but never
 * binds it, and its argument check refuses every call that gives `bank_type`; here it is a plain multipart upload.
 */
import { type CallOptions, type UploadInput, type WxPayClient, WxPayArgumentError } from '@wxpay/core';
import { needString } from './defaults.js';

export interface UploadBankPackageInput {
  package_id: string;
  bank_type: string;
  /** The `.txt` or `.csv` file of protocol numbers: a path, a Buffer or a stream. */
  file: UploadInput['file'];
  /** File name ending in `.txt` or `.csv`; defaults to the path's basename. */
  filename?: string;
}

export interface BankPackageTask {
  package_id: string;
  task_id: string;
  status: 'PROCESSING' | 'FINISHED' | string;
  filename?: string;
  bank_type?: string;
  create_time?: string;
  update_time?: string;
  success_count?: number;
  fail_count?: number;
  success_user_count?: number;
}

export function bankPackagesApi(client: WxPayClient) {
  return {
    /** Uploads the protocol-number file of a package; `bank_type` goes in the signed meta. */
    uploadTask: async (input: UploadBankPackageInput, options?: CallOptions) => {
      if (typeof input !== 'object' || input === null) {
        throw new WxPayArgumentError('bankPackages.uploadTask: give { package_id, bank_type, file }');
      }
      const packageId = needString(input.package_id, 'package_id', 'bankPackages.uploadTask');
      const bankType = needString(input.bank_type, 'bank_type', 'bankPackages.uploadTask');
      const name = input.filename ?? (typeof input.file === 'string' ? input.file : undefined);
      if (name !== undefined && !/\.(txt|csv)$/i.test(name)) {
        throw new WxPayArgumentError(`bankPackages.uploadTask: the file must be .txt or .csv, got ${JSON.stringify(name)}`);
      }
      const upload: UploadInput = { file: input.file, meta: { bank_type: bankType } };
      if (input.filename !== undefined) upload.filename = input.filename;
      // upload() takes a concrete path, so the one path segment is encoded here, once.
      return client.upload<BankPackageTask>(
        `/v3/marketing/bank/packages/${encodeURIComponent(packageId)}/tasks`,
        upload,
        options,
      );
    },
  };
}
