import type { TSinkMessage } from "./types";

export type TMessageStore = {
  add(message: Omit<TSinkMessage, "id">): TSinkMessage;
  /** Newest first, optionally only those sent to `to` (case-insensitive). */
  list(to?: string): TSinkMessage[];
  get(id: string): TSinkMessage | undefined;
  remove(id: string): boolean;
  clear(): void;
};

export function createMessageStore(maxMessages: number): TMessageStore {
  const items: TSinkMessage[] = [];
  let counter = 0;

  return {
    add(message) {
      counter += 1;
      const stored: TSinkMessage = { id: String(counter), ...message };
      items.push(stored);
      while (items.length > maxMessages) items.shift();
      return stored;
    },
    list(to) {
      const wanted = to?.trim().toLowerCase();
      const newestFirst = [...items].reverse();
      return wanted ? newestFirst.filter((m) => m.to.includes(wanted)) : newestFirst;
    },
    get(id) {
      return items.find((m) => m.id === id);
    },
    remove(id) {
      const index = items.findIndex((m) => m.id === id);
      if (index === -1) return false;
      items.splice(index, 1);
      return true;
    },
    clear() {
      items.length = 0;
    },
  };
}
