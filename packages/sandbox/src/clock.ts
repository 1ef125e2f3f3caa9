/** The sandbox clock (shifted by the clock-skew fault) and WeChat-style time and id formats. */
import { randomDigits, randomHex } from './crypto.js';

export class Clock {
  skewSeconds = 0;
  nowMs(): number {
    return Date.now() + this.skewSeconds * 1000;
  }
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  /** RFC 3339 with the +08:00 offset, e.g. `2018-06-08T10:34:56+08:00`. */
  rfc3339(ms = this.nowMs()): string {
    return rfc3339(ms);
  }
}

export function rfc3339(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19) + '+08:00';
}

/** `yyyy-MM-dd` in China time. */
export function chinaDate(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** `yyyy-MM-dd HH:mm:ss` in China time (bill files). */
export function chinaDateTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function compact(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** A 28-digit id such as `1217752501201407033233368018`, optionally prefixed. */
export function newId(prefix = ''): string {
  return prefix + randomDigits(Math.max(28 - prefix.length, 8));
}

export const newTransactionId = (ms: number): string => `4200${compact(ms).slice(0, 8)}${randomDigits(16)}`;
export const newRefundId = (ms: number): string => `50${compact(ms).slice(0, 8)}${randomDigits(19)}`;
export const newPrepayId = (ms: number): string => `wx${compact(ms)}${randomHex(9)}`;
