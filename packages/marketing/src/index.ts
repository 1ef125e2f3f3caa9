import type { WxPayClient } from '@wxpay/core';
import { bankPackagesApi } from './bank-packages.js';
import { busifavorApi } from './busifavor.js';
import { businessCircleApi } from './business-circle.js';
import { cardsApi } from './cards.js';
import type { MarketingDefaults } from './defaults.js';
import { favorApi } from './favor.js';
import { imagesApi } from './images.js';
import { industryCouponsApi } from './industry-coupons.js';
import { partnershipsApi } from './partnerships.js';
import { paygiftApi } from './paygift.js';
import { smartGuideApi } from './smart-guide.js';

/**
 * WeChat Pay marketing APIs over a `@wxpay/core` client: 代金券 (`favor`), 商家券 (`busifavor`), 委托营销
 * (`partnerships`), 消费卡 (`cards`), 支付有礼 (`paygift`), 营销图片上传 (`images`), 智慧商圈 (`businessCircle`),
 * 支付即服务 (`smartGuide`), plus the partner-only `bankPackages` and `industryCoupons`.
 */
export function marketing(client: WxPayClient, defaults: MarketingDefaults = {}) {
  const settings: MarketingDefaults = { ...defaults };
  return {
    favor: favorApi(client, settings),
    busifavor: busifavorApi(client, settings),
    partnerships: partnershipsApi(client),
    cards: cardsApi(client, settings),
    paygift: paygiftApi(client),
    images: imagesApi(client),
    businessCircle: businessCircleApi(client, settings),
    smartGuide: smartGuideApi(client),
    bankPackages: bankPackagesApi(client),
    industryCoupons: industryCouponsApi(client),
  };
}

export type Marketing = ReturnType<typeof marketing>;
export type { MarketingDefaults } from './defaults.js';
export type { MarketingImageUploadInput, MarketingImageUploadResult } from './images.js';
export type { BankPackageTask, UploadBankPackageInput } from './bank-packages.js';
export type { CreateIndustryCouponTokenRequest, IndustryCouponToken } from './industry-coupons.js';
export type * from './types/common.js';
export type * from './types/favor.js';
export type * from './types/busifavor.js';
export type * from './types/partnerships.js';
export type * from './types/paygift.js';
export type * from './types/business-circle.js';
export type * from './types/smart-guide.js';
export type * from './types/notifications.js';
