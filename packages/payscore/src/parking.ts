import { type CallOptions, type WxPayClient, defineEndpoint, requireFields, withDefaults } from '@wxpay/core';
import type { PayscoreDefaults } from './options.js';
import type {
  CreateParkingRequest,
  CreateParkingTransactionRequest,
  FindParkingServiceRequest,
  Parking,
  ParkingService,
  ParkingTransaction,
  QueryParkingTransactionRequest,
} from './types/parking.js';

// The plate number is Chinese: core percent-encodes it once and signs exactly the target it sends (the Python SDK
// signed the raw text and sent the encoded one).
const findService = defineEndpoint<FindParkingServiceRequest, ParkingService>({
  method: 'GET',
  path: '/v3/vehicle/parking/services/find',
});
const createParking = defineEndpoint<CreateParkingRequest, Parking>({
  method: 'POST',
  path: '/v3/vehicle/parking/parkings',
  idempotent: true,
});
const createTransaction = defineEndpoint<CreateParkingTransactionRequest, ParkingTransaction>({
  method: 'POST',
  path: '/v3/vehicle/transactions/parking',
  idempotent: true,
});
const queryTransaction = defineEndpoint<QueryParkingTransactionRequest, ParkingTransaction>({
  method: 'GET',
  path: '/v3/vehicle/transactions/out-trade-no/{out_trade_no}',
});

export function parkingApi(client: WxPayClient, defaults: PayscoreDefaults) {
  return {
    /** 查询车牌服务开通信息. */
    findService: async (request: FindParkingServiceRequest, options?: CallOptions) => {
      const what = 'payscore.parking.findService';
      const params = withDefaults(what, request, { appid: defaults.appid });
      requireFields(what, params, ['appid', 'plate_number', 'plate_color', 'openid']);
      return client.call(findService, params, options);
    },
    /** 创建停车入场. */
    createParking: async (request: CreateParkingRequest, options?: CallOptions) => {
      const what = 'payscore.parking.createParking';
      const body = withDefaults(what, request, { notify_url: defaults.notifyUrl });
      requireFields(what, body, [
        'out_parking_no',
        'plate_number',
        'plate_color',
        'notify_url',
        'start_time',
        'parking_name',
        'free_duration',
      ]);
      return client.call(createParking, body, options);
    },
    /** 扣费受理: `amount` and `parking_info` are the official nested objects. */
    createTransaction: async (request: CreateParkingTransactionRequest, options?: CallOptions) => {
      const what = 'payscore.parking.createTransaction';
      const body = withDefaults(what, request, { appid: defaults.appid, notify_url: defaults.notifyUrl });
      requireFields(what, body, ['appid', 'description', 'out_trade_no', 'trade_scene', 'notify_url', 'amount', 'parking_info']);
      return client.call(createTransaction, body, options);
    },
    /** 查询订单 (parking deduction) by out_trade_no. */
    queryTransaction: async (request: QueryParkingTransactionRequest, options?: CallOptions) => {
      const params = withDefaults('payscore.parking.queryTransaction', request, {});
      return client.call(queryTransaction, params, options);
    },
  };
}
