import { allOf, effective, listenOf, NginxSyntaxError, parseNginx, proxyTarget, renderTemplate, sizeBytes, timeMs } from './nginx-conf';

describe('nginx config parser', () => {
  it('reads directives, arguments, nested blocks and line numbers', () => {
    const conf = parseNginx(
      'resolver 127.0.0.11 valid=10s;\n# a comment; with { braces }\nserver {\n  listen 443 ssl;\n  location = /x {\n    return 200 "ok";\n  }\n}\n',
    );
    expect(conf).toEqual([
      { name: 'resolver', args: ['127.0.0.11', 'valid=10s'], line: 1 },
      {
        name: 'server',
        args: [],
        line: 3,
        block: [
          { name: 'listen', args: ['443', 'ssl'], line: 4 },
          { name: 'location', args: ['=', '/x'], line: 5, block: [{ name: 'return', args: ['200', 'ok'], line: 6 }] },
        ],
      },
    ]);
  });

  it('keeps quoted text whole: spaces, semicolons, braces, escapes', () => {
    const [d] = parseNginx(`add_header X "a; b {c}" 'it\\'s' "tab\\tend\\n" "keep\\d";`);
    expect(d.args).toEqual(['X', 'a; b {c}', "it's", 'tab\tend\n', 'keep\\d']);
  });

  it('reads ${var} inside a word as part of it, not as a block', () => {
    const [d] = parseNginx('return 301 https://${host}$request_uri;');
    expect(d.args).toEqual(['301', 'https://${host}$request_uri']);
  });

  it('refuses what nginx refuses, with the line', () => {
    expect(() => parseNginx('server {\n  listen 80;\n')).toThrow(new NginxSyntaxError('unexpected end of file, expecting "}"', 1));
    expect(() => parseNginx('listen 80;\n}')).toThrow(/line 2: unexpected "}"/);
    expect(() => parseNginx('listen 80\nserver_name x')).toThrow(/line 1: directive "listen" is not terminated by ";"/);
    expect(() => parseNginx('return 200 "ok;\n')).toThrow(/line 1: unterminated quoted string/);
    expect(() => parseNginx('server { listen 80 }')).toThrow(/unexpected "}" in directive "listen"/);
    expect(() => parseNginx('; listen 80;')).toThrow(/unexpected ";"/);
  });
});

describe('the official image template substitution', () => {
  it('replaces ${NAME} and $NAME of the environment, and nothing else', () => {
    const out = renderTemplate('server_name ${PUBLIC_HOST}; return 301 https://$PUBLIC_HOST$request_uri; x ${MISSING} $host;', {
      PUBLIC_HOST: 'a.example.com',
    });
    expect(out).toBe('server_name a.example.com; return 301 https://a.example.com$request_uri; x ${MISSING} $host;');
  });

  it('replaces only the names NGINX_ENVSUBST_FILTER matches', () => {
    const env = { PUBLIC_HOST: 'a.example.com', HOME: '/root', NGINX_ENVSUBST_FILTER: 'PUBLIC_HOST' };
    expect(renderTemplate('${PUBLIC_HOST} ${HOME}', env)).toBe('a.example.com ${HOME}');
  });
});

describe('reading the parsed config as nginx applies it', () => {
  const [server] = parseNginx(`
    server {
      client_max_body_size 1m;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $remote_addr;
      location /a { set $up api:3000; proxy_pass http://$up; }
      location /b { client_max_body_size 1k; proxy_set_header X-Only this; proxy_pass http://admin:3001/b/; }
      location /c { return 404; }
    }`);
  const [a, b, c] = server.block!.filter((d) => d.name === 'location').map((d) => d.block!);

  it('takes the innermost value of a plain directive', () => {
    expect(effective([server.block, a], 'client_max_body_size')?.args).toEqual(['1m']);
    expect(effective([server.block, b], 'client_max_body_size')?.args).toEqual(['1k']);
    expect(effective([server.block, a], 'proxy_read_timeout')).toBeUndefined();
  });

  it('inherits array directives only where a level sets none of its own', () => {
    expect(allOf([server.block, a], 'proxy_set_header').map((d) => d.args[0])).toEqual(['Host', 'X-Forwarded-For']);
    expect(allOf([server.block, b], 'proxy_set_header').map((d) => d.args[0])).toEqual(['X-Only']);
  });

  it('resolves proxy_pass through set variables', () => {
    expect(proxyTarget(server.block!, a)).toEqual({ url: 'http://api:3000', host: 'api', port: '3000', path: '' });
    expect(proxyTarget(server.block!, b)).toEqual({ url: 'http://admin:3001/b/', host: 'admin', port: '3001', path: '/b/' });
    expect(proxyTarget(server.block!, c)).toBeUndefined();
  });

  it('reads listen, times and sizes', () => {
    expect(listenOf({ name: 'listen', args: ['443', 'ssl', 'default_server'], line: 1 })).toEqual({
      host: undefined,
      port: 443,
      ssl: true,
      defaultServer: true,
    });
    expect(listenOf({ name: 'listen', args: ['127.0.0.1:8080'], line: 1 })).toEqual({ host: '127.0.0.1', port: 8080, ssl: false, defaultServer: false });
    expect([timeMs('30s'), timeMs('1m30s'), timeMs('500ms'), timeMs('10'), timeMs('soon')]).toEqual([30_000, 90_000, 500, 10_000, NaN]);
    expect([sizeBytes('1m'), sizeBytes('16k'), sizeBytes('0'), sizeBytes('1x')]).toEqual([1024 ** 2, 16 * 1024, 0, NaN]);
  });
});
