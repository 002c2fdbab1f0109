import { caseQuerySchema, createCaseSchema } from './case.dto';

describe('createCaseSchema: birthDate per case type (trials spec H2)', () => {
  const base = { citizenRef: 'ref-1', team: 'team-a' };

  it('requires a birth date for a fleksjob case, named by field', () => {
    const parsed = createCaseSchema.safeParse(base);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['birthDate', 'is required for a fleksjob case'],
    ]);
    expect(createCaseSchema.parse({ ...base, birthDate: '1980-01-01' })).toMatchObject({
      caseType: 'fleksjob',
      birthDate: '1980-01-01',
    });
  });

  it('needs none for a sygedagpenge case', () => {
    expect(createCaseSchema.parse({ ...base, caseType: 'sygedagpenge' })).toEqual({
      ...base,
      caseType: 'sygedagpenge',
      events: [],
    });
  });

  it('still rejects a malformed birth date', () => {
    expect(createCaseSchema.safeParse({ ...base, caseType: 'sygedagpenge', birthDate: '1980-13-01' }).success).toBe(
      false,
    );
  });
});

describe('caseQuerySchema phases', () => {
  it('accepts the sygedagpenge phases next to the fleksjob ones', () => {
    expect(caseQuerySchema.parse({ phase: 'SICK,RECOVERED,LY' }).phase).toEqual(['SICK', 'RECOVERED', 'LY']);
    expect(caseQuerySchema.safeParse({ phase: 'HEALTHY' }).success).toBe(false);
  });
});
