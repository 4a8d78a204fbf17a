import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it('knows the database away, starting or stopping, bare and wrapped by TypeORM', () => {
    const cases = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('the database system is shutting down'), { code: '57P03' }),
      { message: 'terminating connection due to administrator command', driverError: { code: '57P01' } },
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' }),
    ];
    expect(cases.map(isDatabaseUnavailable)).toEqual(cases.map(() => true));
  });

  it('leaves faults of the request itself alone', () => {
    const cases = [
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      Object.assign(new Error('invalid input syntax for type json'), { code: '22P02' }),
      new Error('Cannot read properties of undefined'),
      undefined,
    ];
    expect(cases.map(isDatabaseUnavailable)).toEqual(cases.map(() => false));
  });
});
