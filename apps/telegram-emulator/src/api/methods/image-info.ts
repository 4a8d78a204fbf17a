/** Detects common image formats and their dimensions from the first bytes (no dependencies). */
export interface ImageInfo {
  mime: string;
  ext: string;
  width: number;
  height: number;
}

export function imageInfo(data: Buffer): ImageInfo | null {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('ascii', 12, 16) === 'IHDR') {
    return { mime: 'image/png', ext: 'png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && data.toString('ascii', 0, 3) === 'GIF') {
    return { mime: 'image/gif', ext: 'gif', width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  }
  if (data.length >= 30 && data.toString('ascii', 0, 4) === 'RIFF' && data.toString('ascii', 8, 12) === 'WEBP') {
    const chunk = data.toString('ascii', 12, 16);
    if (chunk === 'VP8 ') return { mime: 'image/webp', ext: 'webp', width: data.readUInt16LE(26) & 0x3fff, height: data.readUInt16LE(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const bits = data.readUInt32LE(21);
      return { mime: 'image/webp', ext: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8X') return { mime: 'image/webp', ext: 'webp', width: data.readUIntLE(24, 3) + 1, height: data.readUIntLE(27, 3) + 1 };
    return { mime: 'image/webp', ext: 'webp', width: 0, height: 0 };
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < data.length) {
      if (data[pos] !== 0xff) {
        pos++;
        continue;
      }
      const marker = data[pos + 1];
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        pos += 2;
        continue;
      }
      const length = data.readUInt16BE(pos + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { mime: 'image/jpeg', ext: 'jpg', width: data.readUInt16BE(pos + 7), height: data.readUInt16BE(pos + 5) };
      }
      pos += 2 + length;
    }
    return { mime: 'image/jpeg', ext: 'jpg', width: 0, height: 0 };
  }
  if (data.length >= 26 && data.toString('ascii', 0, 2) === 'BM') {
    return { mime: 'image/bmp', ext: 'bmp', width: data.readInt32LE(18), height: Math.abs(data.readInt32LE(22)) };
  }
  return null;
}
