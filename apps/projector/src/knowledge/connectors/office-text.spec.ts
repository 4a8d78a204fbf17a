import { docxFile, pdfFile } from './fixtures/office-files';
import { docxToText, pdfToText } from './office-text';

describe('PDF and DOCX text', () => {
  it('reads a PDF page by page, Russian and English, with the title from its metadata', async () => {
    const pdf = pdfFile([['Travel policy', 'The daily allowance is 2,500 roubles.'], ['Суточные в командировке — 2 500 рублей.']], 'Командировки');
    expect(pdf.length).toBeLessThan(4000);
    expect(await pdfToText(pdf)).toEqual({
      title: 'Командировки',
      text: 'Travel policy\nThe daily allowance is 2,500 roubles.\n\nСуточные в командировке — 2 500 рублей.',
    });
  });

  it('reads a DOCX with its heading styles as sections', async () => {
    const docx = docxFile(['# Отпуск', 'Сотрудник получает 28 дней.', '## Perenos', 'Up to 14 days carry over.']);
    expect(await docxToText(docx)).toEqual({ title: 'Отпуск', text: '# Отпуск\n\nСотрудник получает 28 дней.\n\n## Perenos\n\nUp to 14 days carry over.' });
  });

  it('refuses a file that is no PDF or DOCX', async () => {
    await expect(pdfToText(Buffer.from('not a pdf'))).rejects.toThrow();
    await expect(docxToText(Buffer.from('not a zip'))).rejects.toThrow();
  });
});
