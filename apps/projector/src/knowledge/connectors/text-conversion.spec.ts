import { htmlToText } from './html-text';
import { languageOf } from './knowledge-connector';
import { wikitextToText } from './wikitext';

describe('htmlToText', () => {
  it('keeps headings, paragraphs, list items and table rows; drops scripts and styles; decodes entities', () => {
    const { title, text } = htmlToText(`<html><head><title>Отпуск &amp; больничный</title><style>p{}</style></head><body>
      <h1>Отпуск</h1><p>Сотрудник получает <b>28 дней</b>&nbsp;в год.</p><script>alert(1)</script>
      <ul><li>Заявление за 2 недели</li><li>Согласование</li></ul>
      <table><tr><th>Стаж</th><th>Дни</th></tr><tr><td>5 лет</td><td>31</td></tr></table></body></html>`);
    expect(title).toBe('Отпуск & больничный');
    expect(text).toBe('# Отпуск\n\nСотрудник получает 28 дней в год.\n\n- Заявление за 2 недели\n\n- Согласование\n\nСтаж | Дни\n\n5 лет | 31');
  });

  it("reads Confluence storage format: macro parameters out, code macro's CDATA in", () => {
    const { title, text } = htmlToText(
      '<h2>Deploy</h2><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[npm run deploy]]></ac:plain-text-body></ac:structured-macro><p>Then check.</p>',
    );
    expect(title).toBe('Deploy');
    expect(text).toBe('## Deploy\n\nnpm run deploy\n\nThen check.');
  });
});

describe('wikitextToText', () => {
  it('turns headings, links, lists and emphasis into plain text; drops templates, refs, files and categories', () => {
    const text = wikitextToText(
      "{{Infobox|a={{b}}}}\n'''VPN''' is set up by [[IT Helpdesk|the helpdesk]].<ref>memo</ref>\nSee [https://vpn.example.com portal].\n== Steps ==\n* Install [[OpenVPN]]\n* Import the profile\n[[File:x.png|thumb]]\n[[Category:IT]]",
    );
    expect(text).toBe('VPN is set up by the helpdesk. See portal.\n\n## Steps\n\n- Install OpenVPN\n\n- Import the profile');
  });
});

describe('languageOf', () => {
  it('tells Russian from English by the letters', () => {
    expect(languageOf('Отпуск 28 дней, VPN')).toBe('ru');
    expect(languageOf('Vacation is 28 days')).toBe('en');
    expect(languageOf('2026-12-03')).toBeNull();
  });
});
