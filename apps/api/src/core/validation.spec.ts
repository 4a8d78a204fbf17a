import { WorkingDayQueryDto } from '@megabot/contracts';
import { createValidationPipe } from './validation';

describe('the validation pipe (with the rules remembered per class)', () => {
  const pipe = createValidationPipe();
  const validate = (value: Record<string, unknown>) => pipe.transform(value, { type: 'query', metatype: WorkingDayQueryDto });

  it('applies own and inherited rules, every time', async () => {
    for (let i = 0; i < 3; i++) {
      await expect(validate({ date: '2026-01-09' })).resolves.toEqual({ date: '2026-01-09' });
      await expect(validate({ date: '2026-01-09', waitFor: 'x' })).rejects.toMatchObject({ response: { errors: [{ field: 'waitFor' }] } });
      await expect(validate({ date: 'nope' })).rejects.toMatchObject({ response: { errors: [{ field: 'date' }] } });
      await expect(validate({ date: '2026-01-09', extra: 1 })).rejects.toMatchObject({ response: { errors: [{ field: 'extra' }] } });
    }
  });
});
