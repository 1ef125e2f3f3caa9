/**
 * Exact yuan-text -> integer conversions for bills. Bills print yuan ("0.01", "39.00", "0.01000"); floats would turn
 * "0.29" into 28.999999999999996 fen, so the digits are shifted as text and parsed as integers instead.
 */
import { WxPayArgumentError } from '@wxpay/core';

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal text into an integer count of 10^-scale units: `toUnits("1.5", 2)` = 150. Digits beyond `scale`
 * must be zeros (nothing is rounded away); throws `WxPayArgumentError` otherwise or on non-numeric text.
 */
export function toUnits(text: string, scale: number, field = 'amount'): number {
  // Public through yuanToFen: a number or null from a JS caller must be a typed error, not a TypeError from trim().
  if (typeof text !== 'string') {
    throw new WxPayArgumentError(`${field}: expected yuan as text such as "0.01", got ${text === null ? 'null' : typeof text}; pass the bill's text, not a parsed float`);
  }
  const match = DECIMAL.exec(text.trim());
  if (!match) throw new WxPayArgumentError(`${field}: ${JSON.stringify(text)} is not a decimal number`);
  const [, sign, whole = '0', fraction = ''] = match;
  const kept = fraction.slice(0, scale).padEnd(scale, '0');
  const dropped = fraction.slice(scale);
  if (/[1-9]/.test(dropped)) {
    throw new WxPayArgumentError(`${field}: ${JSON.stringify(text)} has more than ${scale} decimal places; it cannot be held exactly`);
  }
  const value = Number(whole) * 10 ** scale + Number(kept || '0');
  if (!Number.isSafeInteger(value)) throw new WxPayArgumentError(`${field}: ${JSON.stringify(text)} is too large`);
  return sign === '-' ? -value : value;
}

/** Yuan text -> integer fen, exactly: "0.01" -> 1, "39.00" -> 3900, "-1.5" -> -150. */
export function yuanToFen(text: string, field = 'amount'): number {
  return toUnits(text, 2, field);
}
