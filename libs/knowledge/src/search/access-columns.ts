import { CLEARANCE_LEVELS, type KnowledgeAccess } from '@megabot/contracts';
import { grow } from './columns';
import type { KnowledgeReader } from './reader';

/** A reader's part of the index: allowed[slot] = 1 for every live chunk they may read. */
export interface AccessMask {
  allowed: Uint8Array;
  count: number;
  /** Sum of the allowed chunks' lengths (BM25's average length is the reader's). */
  lengthSum: number;
}

/** Rank of a slot no reader passes: free slots and unknown classifications. */
const CLOSED = 255;
const MASKS_KEPT = 64;

/**
 * Who may read each slot, in columns: the classification as a rank per slot, a public flag per slot, and per
 * access token the slots that allow it. A reader's mask is computed once per access-token set and index
 * generation - a pass over the ranks plus the slots of the reader's own tokens - and every list of the search is
 * computed inside it.
 */
export class AccessColumns {
  private rank = new Uint8Array(1024).fill(CLOSED);
  private open = new Uint8Array(1024);
  private length = new Float32Array(1024);
  private readonly byToken = new Map<string, Set<number>>();
  private readonly tokensOf: (readonly string[] | undefined)[] = [];
  private readonly masks = new Map<string, AccessMask>();
  private slots = 0;

  set(slot: number, access: KnowledgeAccess, length?: number): void {
    this.clear(slot);
    if (slot >= this.rank.length) {
      const size = Math.max(slot + 1, this.rank.length * 2);
      this.rank = grow(this.rank, size).fill(CLOSED, this.rank.length);
      this.open = grow(this.open, size);
      this.length = grow(this.length, size);
    }
    this.slots = Math.max(this.slots, slot + 1);
    const rank = CLEARANCE_LEVELS.indexOf(access.classification);
    this.rank[slot] = rank < 0 ? CLOSED : rank;
    this.open[slot] = access.public ? 1 : 0;
    if (length !== undefined) this.length[slot] = length;
    const tokens = [...new Set(access.allow)];
    this.tokensOf[slot] = tokens;
    for (const t of tokens) {
      let slots = this.byToken.get(t);
      if (!slots) this.byToken.set(t, (slots = new Set()));
      slots.add(slot);
    }
    this.masks.clear();
  }

  /** The slot reads as closed to everyone (a removed chunk). */
  clear(slot: number): void {
    for (const t of this.tokensOf[slot] ?? []) {
      const slots = this.byToken.get(t)!;
      slots.delete(slot);
      if (!slots.size) this.byToken.delete(t);
    }
    this.tokensOf[slot] = undefined;
    if (slot < this.rank.length) this.rank[slot] = CLOSED;
    this.masks.clear();
  }

  /** Each slot's length in stems (BM25's length normalization). */
  get lengths(): Float32Array {
    return this.length;
  }

  /** The reader's mask; null clearance (not an active employee) and unknown classifications read nothing. */
  maskOf(reader: KnowledgeReader): AccessMask {
    const key = `${reader.clearance}\u0000${[...reader.tokens].sort().join('\u0000')}`;
    let mask = this.masks.get(key);
    if (mask) return mask;
    const n = this.slots;
    const allowed = new Uint8Array(n);
    let count = 0;
    let lengthSum = 0;
    if (reader.clearance !== null) {
      const rank = CLEARANCE_LEVELS.indexOf(reader.clearance);
      const ranks = this.rank;
      const open = this.open;
      for (let i = 0; i < n; i++) if (open[i] && ranks[i] <= rank) allowed[i] = 1;
      for (const t of reader.tokens) for (const i of this.byToken.get(t) ?? []) if (ranks[i] <= rank) allowed[i] = 1;
      for (let i = 0; i < n; i++)
        if (allowed[i]) {
          count++;
          lengthSum += this.length[i];
        }
    }
    mask = { allowed, count, lengthSum };
    if (this.masks.size >= MASKS_KEPT) this.masks.delete(this.masks.keys().next().value!);
    this.masks.set(key, mask);
    return mask;
  }

  /** Renumbers the slots (remap[old] = new, -1: dropped) after the index compacted; accessOf takes the new slot. */
  remap(remap: Int32Array, accessOf: (slot: number) => KnowledgeAccess): void {
    const lengths = this.length;
    this.rank = new Uint8Array(1024).fill(CLOSED);
    this.open = new Uint8Array(1024);
    this.length = new Float32Array(1024);
    this.byToken.clear();
    this.tokensOf.length = 0;
    this.slots = 0;
    for (let old = 0; old < remap.length; old++) if (remap[old] >= 0) this.set(remap[old], accessOf(remap[old]), lengths[old]);
  }
}
