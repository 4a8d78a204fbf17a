import { dotAt, grow, TopK } from './columns';

/** Below this many vectors an exact scan is cheap enough (~5 ms at 10,000 × 512) and no clustering is built. */
export const CLUSTER_FROM = 20_000;
/** Vectors the clusters are trained on (k-means on a sample: training on all 100k would take minutes). */
const TRAIN_SAMPLE = 4096;
const TRAIN_ROUNDS = 5;
/** Clusters probed at least, as a share of all, and candidates scanned at least, per result wanted. */
const PROBE_SHARE = 0.08;
const SCAN_PER_RESULT = 40;

/** One cluster: its centroid's slots (removed ones stay until a retrain, skipped by `present`). */
interface Cluster {
  slots: Int32Array;
  length: number;
}

/**
 * The vectors of one embedding model, one row of a Float32Array per slot, searched with the reader's mask inside
 * the scan. From CLUSTER_FROM vectors on, an inverted file (spherical k-means clusters) narrows the scan to the
 * clusters nearest the question, still filtering inside it; when the reader may read few chunks, an exact scan of
 * just those is both cheaper and exact, so it is used instead.
 */
export class VectorSpace {
  private data: Float32Array;
  private present: Uint8Array;
  count = 0;
  private centroids: Float32Array | null = null;
  private clusters: Cluster[] = [];
  private trainedAt = 0;

  constructor(
    readonly model: string,
    readonly dimensions: number,
    private readonly clusterFrom = CLUSTER_FROM,
  ) {
    this.data = new Float32Array(1024 * dimensions);
    this.present = new Uint8Array(1024);
  }

  has(slot: number): boolean {
    return slot < this.present.length && this.present[slot] === 1;
  }

  set(slot: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`a ${vector.length}-dimensional vector for ${this.model} (${this.dimensions} dimensions)`);
    if (slot >= this.present.length) {
      const size = Math.max(slot + 1, this.present.length * 2);
      this.present = grow(this.present, size);
      this.data = grow(this.data, size * this.dimensions);
    }
    this.data.set(vector, slot * this.dimensions);
    if (!this.present[slot]) this.count++;
    this.present[slot] = 1;
    if (this.centroids) this.assign(slot);
  }

  delete(slot: number): void {
    if (!this.has(slot)) return;
    this.present[slot] = 0;
    this.count--;
  }

  cosine(q: Float32Array, slot: number): number {
    return dotAt(q, this.data, slot * this.dimensions);
  }

  vectorOf(slot: number): Float32Array {
    return this.data.slice(slot * this.dimensions, (slot + 1) * this.dimensions);
  }

  /** The memory the vectors and clusters hold, in bytes. */
  get bytes(): number {
    return this.data.byteLength + this.present.byteLength + (this.centroids?.byteLength ?? 0) + this.clusters.reduce((s, c) => s + c.slots.byteLength, 0);
  }

  /**
   * The `k` nearest vectors by cosine among the allowed slots. `exact` scans every allowed vector (the baseline the
   * approximate search is measured against); otherwise the clusters are used when they pay off.
   */
  nearest(q: Float32Array, allowed: Uint8Array, allowedCount: number, k: number, exact = false): [number, number][] {
    const top = new TopK(k);
    if (!exact && this.count >= this.clusterFrom && (!this.centroids || this.count > 2 * this.trainedAt)) this.train();
    // An allowed share of the vectors below the probed share: the reader's own chunks are fewer than a probe would scan.
    if (exact || !this.centroids || allowedCount < this.count * PROBE_SHARE) {
      const n = Math.min(allowed.length, this.present.length);
      for (let i = 0; i < n; i++) if (allowed[i] && this.present[i]) top.push(i, dotAt(q, this.data, i * this.dimensions));
      return top.sorted();
    }
    const nlist = this.clusters.length;
    const order = Array.from({ length: nlist }, (_, c) => c);
    const near = new Float64Array(nlist);
    for (let c = 0; c < nlist; c++) near[c] = dotAt(q, this.centroids, c * this.dimensions);
    order.sort((a, b) => near[b] - near[a]);
    const minProbe = Math.ceil(nlist * PROBE_SHARE);
    const minScan = k * SCAN_PER_RESULT;
    let scanned = 0;
    for (let p = 0; p < nlist && (p < minProbe || scanned < minScan); p++) {
      const { slots, length } = this.clusters[order[p]];
      for (let j = 0; j < length; j++) {
        const i = slots[j];
        if (i < allowed.length && allowed[i] && this.present[i]) {
          top.push(i, dotAt(q, this.data, i * this.dimensions));
          scanned++;
        }
      }
    }
    return top.sorted();
  }

  /** Renumbers the slots after the index compacted (the clusters are retrained on the next search that needs them). */
  remap(remap: Int32Array): void {
    const d = this.dimensions;
    const data = new Float32Array(Math.max(1024, remap.length) * d);
    const present = new Uint8Array(Math.max(1024, remap.length));
    for (let i = 0; i < this.present.length && i < remap.length; i++) {
      if (!this.present[i] || remap[i] < 0) continue;
      data.set(this.data.subarray(i * d, (i + 1) * d), remap[i] * d);
      present[remap[i]] = 1;
    }
    this.data = data;
    this.present = present;
    this.centroids = null;
    this.clusters = [];
  }

  /** Spherical k-means on an even sample of the vectors (√n clusters), then every vector to its nearest centroid. */
  private train(): void {
    const d = this.dimensions;
    const live: number[] = [];
    for (let i = 0; i < this.present.length; i++) if (this.present[i]) live.push(i);
    const nlist = Math.max(16, Math.round(Math.sqrt(live.length)));
    const step = Math.max(1, live.length / Math.min(TRAIN_SAMPLE, live.length));
    const sample: number[] = [];
    for (let x = 0; x < live.length && sample.length < TRAIN_SAMPLE; x += step) sample.push(live[Math.floor(x)]);
    const centroids = new Float32Array(nlist * d);
    const seedStep = sample.length / nlist;
    for (let c = 0; c < nlist; c++) centroids.set(this.data.subarray(sample[Math.floor(c * seedStep)] * d, (sample[Math.floor(c * seedStep)] + 1) * d), c * d);
    const nearestOf = (slot: number) => nearestCentroid(this.data.subarray(slot * d, (slot + 1) * d), centroids, nlist);
    for (let round = 0; round < TRAIN_ROUNDS; round++) {
      const sums = new Float64Array(nlist * d);
      const sizes = new Int32Array(nlist);
      for (const slot of sample) {
        const c = nearestOf(slot);
        sizes[c]++;
        for (let j = 0; j < d; j++) sums[c * d + j] += this.data[slot * d + j];
      }
      for (let c = 0; c < nlist; c++) {
        if (!sizes[c]) continue; // an empty cluster keeps its centroid
        let norm = 0;
        for (let j = 0; j < d; j++) norm += sums[c * d + j] ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] / norm;
      }
    }
    this.centroids = centroids;
    this.clusters = Array.from({ length: nlist }, () => ({ slots: new Int32Array(16), length: 0 }));
    for (const slot of live) this.assign(slot);
    this.trainedAt = live.length;
  }

  private assign(slot: number): void {
    const d = this.dimensions;
    const cluster = this.clusters[nearestCentroid(this.data.subarray(slot * d, (slot + 1) * d), this.centroids!, this.clusters.length)];
    if (cluster.length === cluster.slots.length) cluster.slots = grow(cluster.slots, cluster.length * 2);
    cluster.slots[cluster.length++] = slot;
  }
}

function nearestCentroid(v: Float32Array, centroids: Float32Array, nlist: number): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < nlist; c++) {
    const s = dotAt(v, centroids, c * v.length);
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}
