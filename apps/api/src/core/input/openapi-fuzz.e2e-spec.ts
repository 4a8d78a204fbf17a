import { operationsOf, sampleRequests, type OpenApiDocument } from '@megabot/testing/openapi-fuzz';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';
import { Sessions } from '../access/sessions';
import { fuzzFixture, sendFuzzRequest, type FuzzFixture } from '../../../../../tools/testing/fuzz-fixture';

/**
 * Every route of the OpenAPI document of the running API, sent property-based bad requests with credentials its
 * policy admits (so they reach validation and the handlers, not just the guard): 0 answers >= 500, and every refusal
 * an application/problem+json 4xx with a specific code. Seeded and bounded: the same requests every run.
 */
const RUNS_PER_OPERATION = 20;
const SEED = 19;

describe('fuzzing every route of the OpenAPI document', () => {
  let system: TestSystem;
  let fixture: FuzzFixture;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['fz-admin'], bidRateLimitPerMinute: 0, auth: { telegramBotToken: '4242:fuzz-token' } });
    doc = (await (await fetch(`${system.apiUrl}/docs-json`)).json()) as OpenApiDocument;
    fixture = await fuzzFixture(system.apiUrl, doc, {
      bot: system.bot,
      as: system.as,
      telegramIdOf: system.telegramIdOf,
      hire: (...ids: string[]) => system.employees(...ids),
      session: (employeeId: string) => system.api.get(Sessions).open(employeeId, 'login'),
    });
  });
  afterAll(async () => {
    await system?.close();
  });

  it('the document has every route of the application', () => {
    expect(operationsOf(doc).length).toBeGreaterThanOrEqual(90);
    expect(operationsOf(doc).filter((op) => !fixture.credentialsFor(op.method, op.path))).toEqual([]);
  });

  it('no request gets a 5xx; every refusal is a specific problem+json 4xx', async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const op of operationsOf(doc)) {
      for (const request of sampleRequests(op, doc, fixture.known, new Date(), RUNS_PER_OPERATION, SEED)) {
        tried++;
        const answer = await sendFuzzRequest(system.apiUrl, request, await fixture.credentialsFor(op.method, op.path)!());
        if (answer.fault) wrong.push(`${op.method} ${op.path} [${request.mutation.slice(0, 60)}] ${request.url.slice(0, 80)}: ${answer.fault.slice(0, 300)}`);
      }
    }
    expect(tried).toBeGreaterThanOrEqual(90 * RUNS_PER_OPERATION);
    expect(wrong).toEqual([]);
  }, 600_000);
});
