type TCacheEntry = { value: unknown; lastModified: number; cacheControl?: unknown };

export default class PageCache {
  get(key: string): Promise<TCacheEntry | null>;
  set(key: string, value: unknown, ctx?: { cacheControl?: unknown }): Promise<void>;
  delete(key: string): void;
  revalidateTag(tags: string | string[]): Promise<void>;
  resetRequestCache(): void;
}

export function pathOfKey(key: string): string;
