import { sessionCookies, webAppSessionCookies } from './auth.cookies';

const session = { sessionId: 's1', cookie: 's1.sig', csrf: 'c1', expiresAt: new Date(Date.now() + 3_600_000) };

describe('session cookies', () => {
  it('a sign-in: the session Lax and HttpOnly, the CSRF cookie Strict and readable by the page', () => {
    const [s, c] = sessionCookies(session, true);
    expect(s).toMatch(/^mb_session=s1\.sig; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly; Secure$/);
    expect(c).toMatch(/^mb_csrf=c1; Path=\/; Max-Age=\d+; SameSite=Strict; Secure$/);
  });

  it('a Web App over https: the session cookie reaches a frame inside Telegram Web (None, partitioned), no CSRF cookie', () => {
    const cookies = webAppSessionCookies(session, true);
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^mb_session=s1\.sig; Path=\/; Max-Age=\d+; SameSite=None; HttpOnly; Secure; Partitioned$/);
  });

  it('a Web App over plain http (development): what a sign-in gets, as browsers refuse SameSite=None without Secure', () => {
    expect(webAppSessionCookies(session, false)).toEqual(sessionCookies(session, false));
  });
});
