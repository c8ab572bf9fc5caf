// A PNG's size and its tEXt chunks: the committed picture of a slide says which source it shows.
import zlib from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function* chunks(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    yield { type: png.toString('latin1', at + 4, at + 8), data: png.subarray(at + 8, at + 8 + length), at };
    at += 12 + length;
  }
}

export function sizeOf(png) {
  const header = chunks(png).next().value.data;
  return { width: header.readUInt32BE(0), height: header.readUInt32BE(4) };
}

/** The PNG with a tEXt chunk `key`=`value` right after its header. */
export function withText(png, key, value) {
  const body = Buffer.concat([Buffer.from('tEXt', 'latin1'), Buffer.from(`${key}\0${value}`, 'latin1')]);
  const chunk = Buffer.alloc(body.length + 8);
  chunk.writeUInt32BE(body.length - 4, 0);
  body.copy(chunk, 4);
  chunk.writeUInt32BE(zlib.crc32(body), body.length + 4);
  const afterHeader = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, afterHeader), chunk, png.subarray(afterHeader)]);
}

/** The tEXt chunks of a PNG, key to value. */
export function textOf(png) {
  const text = {};
  for (const { type, data } of chunks(png)) {
    if (type === 'tEXt') {
      const zero = data.indexOf(0);
      text[data.toString('latin1', 0, zero)] = data.toString('latin1', zero + 1);
    }
  }
  return text;
}
