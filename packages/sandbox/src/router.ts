/** Path-template matching: `{name}` matches one segment; literal segments win over placeholders. */
import type { RouteMethod } from './route-spec.js';

export interface Template {
  method: RouteMethod;
  path: string;
}

interface Compiled<T> {
  route: T;
  segments: string[];
  literals: number;
}

export class Router<T extends Template> {
  private readonly byMethod = new Map<string, Compiled<T>[]>();

  add(route: T): void {
    const segments = route.path.split('/');
    const literals = segments.filter((s) => !/^\{.+\}$/.test(s)).length;
    const list = this.byMethod.get(route.method) ?? [];
    list.push({ route, segments, literals });
    // Most literal segments first, so `/v3/x/batch` beats `/v3/x/{id}`.
    list.sort((a, b) => b.literals - a.literals);
    this.byMethod.set(route.method, list);
  }

  match(method: string, rawPath: string): { route: T; params: Record<string, string> } | undefined {
    const parts = rawPath.split('/');
    for (const c of this.byMethod.get(method) ?? []) {
      if (c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = c.segments[i]!;
        const part = parts[i]!;
        if (seg.startsWith('{') && seg.endsWith('}')) {
          if (part === '') {
            ok = false;
            break;
          }
          params[seg.slice(1, -1)] = safeDecode(part);
        } else if (seg !== part) {
          ok = false;
          break;
        }
      }
      if (ok) return { route: c.route, params };
    }
    return undefined;
  }

  /** Whether any method serves this path (to tell "no such method" from "no such path"). */
  hasPath(rawPath: string): boolean {
    for (const method of this.byMethod.keys()) if (this.match(method, rawPath)) return true;
    return false;
  }
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
