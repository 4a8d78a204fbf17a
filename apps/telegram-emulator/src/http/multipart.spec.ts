import { multipartBoundary, parseMultipart } from './multipart';

describe('multipart/form-data parser', () => {
  it('parses fields and files, including headers without a space after the colon (telegraf style)', () => {
    const boundary = 'abc123';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\ncontent-disposition:form-data; name="chat_id"\r\n\r\n42\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a \\"b\\".png"\r\nContent-Type: image/png\r\n\r\n`),
      Buffer.from([0x89, 0x50, 0x0d, 0x0a, 0x00]),
      Buffer.from(`\r\n--${boundary}\r\ncontent-disposition: form-data; name="caption"\r\n\r\nпривет\r\n--${boundary}--\r\n`),
    ]);
    const result = parseMultipart(body, boundary);
    expect(result.fields).toEqual({ chat_id: '42', caption: 'привет' });
    expect(result.files.photo.filename).toBe('a "b".png');
    expect(result.files.photo.contentType).toBe('image/png');
    expect([...result.files.photo.data]).toEqual([0x89, 0x50, 0x0d, 0x0a, 0x00]);
  });

  it('extracts quoted and bare boundaries; rejects truncated bodies', () => {
    expect(multipartBoundary('multipart/form-data; boundary="x y"')).toBe('x y');
    expect(multipartBoundary('multipart/form-data; boundary=----WebKit123')).toBe('----WebKit123');
    expect(multipartBoundary('multipart/form-data')).toBeNull();
    expect(() => parseMultipart(Buffer.from('--b\r\ncontent-disposition: form-data; name="a"\r\n\r\nxx'), 'b')).toThrow('truncated');
  });
});
