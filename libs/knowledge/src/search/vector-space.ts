import { dotAt, grow, TopK } from './columns';

/** Below this many vectors an exact scan is cheap enough (~5 ms at 10,000 × 512) and no clustering is built. */
export const CLUSTER_FROM = 20_000;
/** Vectors the clusters are trained on (k-means on a sample: training on all 100k would take minutes). */
const TRAIN_SAMPLE = 4096;
const TRAIN_ROUNDS = 5;
/** Clusters probed at least, as a share of all, and allowed candidates scanned at least per result wanted (recall@10 ≥ 0.95 in bench:knowledge). */
const PROBE_SHARE = 0.05;
const SCAN_PER_RESULT = 40;

/** One cluster: the rows nearest its centroid (a removed vector's row stays until the index compacts, skipped as slot -1). */
interface Cluster {
  rows: Int32Array;
  length: number;
}

/** Clustering work done between two yields to the event loop (vectors compared with every centroid). */
const CLUSTER_SLICE = 256;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The vectors of one embedding model as rows of one Float32Array (only chunks with a vector take a row), searched
 * with the reader's mask inside the scan. From CLUSTER_FROM vectors on, an inverted file (spherical k-means
 * clusters) narrows the scan to the clusters nearest the question, still filtering inside it; when the reader
 * may read few chunks, an exact scan of just those is both cheaper and exact, so it is used instead. Clustering
 * takes seconds at 100k, so it runs in slices between other work; until it is done searches scan exactly.
 */
export class VectorSpace {
  private data: Float32Array;
  private rowOf = new Int32Array(1024).fill(-1);
  private slotOf = new Int32Array(1024);
  private rows = 0;
  count = 0;
  private centroids: Float32Array | null = null;
  private clusters: Cluster[] = [];
  private clusteredAt = 0;
  private clustering?: Promise<void>;
  /** Bumped when rows are renumbered: a clustering under way is then thrown away. */
  private epoch = 0;

  constructor(
    readonly model: string,
    readonly dimensions: number,
    private readonly clusterFrom = CLUSTER_FROM,
  ) {
    this.data = new Float32Array(1024 * dimensions);
  }

  has(slot: number): boolean {
    return slot < this.rowOf.length && this.rowOf[slot] >= 0;
  }

  set(slot: number, vector: Float32Array): void {
    if (vector.length !== this.dimensions) throw new Error(`a ${vector.length}-dimensional vector for ${this.model} (${this.dimensions} dimensions)`);
    if (this.has(slot)) {
      this.data.set(vector, this.rowOf[slot] * this.dimensions);
      return;
    }
    if (slot >= this.rowOf.length) this.rowOf = grow(this.rowOf, Math.max(slot + 1, this.rowOf.length * 2)).fill(-1, this.rowOf.length);
    if (this.rows === this.slotOf.length) {
      this.slotOf = grow(this.slotOf, this.rows * 2);
      this.data = grow(this.data, this.rows * 2 * this.dimensions);
    }
    const row = this.rows++;
    this.data.set(vector, row * this.dimensions);
    this.rowOf[slot] = row;
    this.slotOf[row] = slot;
    this.count++;
    if (this.centroids) this.assign(row);
  }

  delete(slot: number): void {
    if (!this.has(slot)) return;
    this.slotOf[this.rowOf[slot]] = -1;
    this.rowOf[slot] = -1;
    this.count--;
  }

  cosine(q: Float32Array, slot: number): number {
    return dotAt(q, this.data, this.rowOf[slot] * this.dimensions);
  }

  /** Clusters in use (0: searches scan exactly). */
  get clusterCount(): number {
    return this.clusters.length;
  }

  /** The memory the vectors and clusters hold, in bytes. */
  get bytes(): number {
    return (
      this.data.byteLength +
      this.rowOf.byteLength +
      this.slotOf.byteLength +
      (this.centroids?.byteLength ?? 0) +
      this.clusters.reduce((s, c) => s + c.rows.byteLength, 0)
    );
  }

  /** Starts clustering when it is due (enough vectors, or twice as many as last time) and resolves when the clusters are in use. */
  prepare(): Promise<void> {
    if (this.clustering) return this.clustering;
    if (this.count < this.clusterFrom || (this.centroids && this.count <= 2 * this.clusteredAt)) return Promise.resolve();
    this.clustering = this.cluster().finally(() => (this.clustering = undefined));
    return this.clustering;
  }

  /**
   * The `k` nearest vectors by cosine among the allowed slots. `exact` scans every allowed vector (the baseline the
   * approximate search is measured against); otherwise the clusters are used when they pay off.
   */
  nearest(q: Float32Array, allowed: Uint8Array, allowedCount: number, k: number, exact = false): [number, number][] {
    void this.prepare();
    const top = new TopK(k);
    const d = this.dimensions;
    // A reader allowed a smaller share of the chunks than a probe scans: their own chunks are fewer, scan them all.
    if (exact || !this.centroids || allowedCount < allowed.length * PROBE_SHARE) {
      for (let row = 0; row < this.rows; row++) {
        const slot = this.slotOf[row];
        if (slot >= 0 && allowed[slot]) top.push(slot, dotAt(q, this.data, row * d));
      }
      return top.sorted();
    }
    const nlist = this.clusters.length;
    const near = new Float64Array(nlist);
    for (let c = 0; c < nlist; c++) near[c] = dotAt(q, this.centroids, c * d);
    const order = Array.from({ length: nlist }, (_, c) => c).sort((a, b) => near[b] - near[a]);
    const minProbe = Math.ceil(nlist * PROBE_SHARE);
    const minScan = k * SCAN_PER_RESULT;
    let scanned = 0;
    for (let p = 0; p < nlist && (p < minProbe || scanned < minScan); p++) {
      const { rows, length } = this.clusters[order[p]];
      for (let j = 0; j < length; j++) {
        const row = rows[j];
        const slot = this.slotOf[row];
        if (slot >= 0 && allowed[slot]) {
          top.push(slot, dotAt(q, this.data, row * d));
          scanned++;
        }
      }
    }
    return top.sorted();
  }

  /** Renumbers the slots after the index compacted, dropping removed rows (the clusters are rebuilt when next due). */
  remap(remap: Int32Array): void {
    const d = this.dimensions;
    const size = Math.max(1024, this.count);
    const data = new Float32Array(size * d);
    const rowOf = new Int32Array(Math.max(1024, remap.length)).fill(-1);
    const slotOf = new Int32Array(size);
    let rows = 0;
    for (let row = 0; row < this.rows; row++) {
      const slot = this.slotOf[row];
      if (slot < 0 || remap[slot] < 0) continue;
      data.set(this.data.subarray(row * d, (row + 1) * d), rows * d);
      rowOf[remap[slot]] = rows;
      slotOf[rows++] = remap[slot];
    }
    Object.assign(this, { data, rowOf, slotOf, rows, count: rows, centroids: null, clusters: [], clusteredAt: 0 });
    this.epoch++;
  }

  /** Spherical k-means on an even sample of the vectors (√n/2 clusters: the share probed is fixed, so fewer and larger clusters cost the same per search and half the clustering), then every row to its nearest centroid. */
  private async cluster(): Promise<void> {
    const d = this.dimensions;
    const epoch = this.epoch;
    const live: number[] = [];
    for (let row = 0; row < this.rows; row++) if (this.slotOf[row] >= 0) live.push(row);
    const nlist = Math.max(16, Math.round(Math.sqrt(live.length) / 2));
    const step = Math.max(1, live.length / Math.min(TRAIN_SAMPLE, live.length));
    const sample: number[] = [];
    for (let x = 0; x < live.length && sample.length < TRAIN_SAMPLE; x += step) sample.push(live[Math.floor(x)]);
    const centroids = new Float32Array(nlist * d);
    for (let c = 0; c < nlist; c++) {
      const row = sample[Math.floor((c * sample.length) / nlist)];
      centroids.set(this.data.subarray(row * d, (row + 1) * d), c * d);
    }
    const rowVector = (row: number) => this.data.subarray(row * d, (row + 1) * d);
    for (let round = 0; round < TRAIN_ROUNDS; round++) {
      const sums = new Float64Array(nlist * d);
      const sizes = new Int32Array(nlist);
      for (let s = 0; s < sample.length; s++) {
        if (s % CLUSTER_SLICE === 0) {
          await yieldToEventLoop();
          if (this.epoch !== epoch) return;
        }
        const c = nearestCentroid(rowVector(sample[s]), centroids, nlist);
        sizes[c]++;
        for (let j = 0; j < d; j++) sums[c * d + j] += this.data[sample[s] * d + j];
      }
      for (let c = 0; c < nlist; c++) {
        if (!sizes[c]) continue; // an empty cluster keeps its centroid
        let norm = 0;
        for (let j = 0; j < d; j++) norm += sums[c * d + j] ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] / norm;
      }
    }
    const clusters: Cluster[] = Array.from({ length: nlist }, () => ({ rows: new Int32Array(16), length: 0 }));
    const put = (row: number) => {
      const cluster = clusters[nearestCentroid(rowVector(row), centroids, nlist)];
      if (cluster.length === cluster.rows.length) cluster.rows = grow(cluster.rows, cluster.length * 2);
      cluster.rows[cluster.length++] = row;
    };
    // Rows added while this runs are assigned too: the loop reads `this.rows` afresh.
    for (let row = 0; row < this.rows; row++) {
      if (row % CLUSTER_SLICE === 0) {
        await yieldToEventLoop();
        if (this.epoch !== epoch) return;
      }
      if (this.slotOf[row] >= 0) put(row);
    }
    this.centroids = centroids;
    this.clusters = clusters;
    this.clusteredAt = this.count;
  }

  private assign(row: number): void {
    const d = this.dimensions;
    const cluster = this.clusters[nearestCentroid(this.data.subarray(row * d, (row + 1) * d), this.centroids!, this.clusters.length)];
    if (cluster.length === cluster.rows.length) cluster.rows = grow(cluster.rows, cluster.length * 2);
    cluster.rows[cluster.length++] = row;
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
