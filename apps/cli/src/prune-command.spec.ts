import { CliUsageError } from './cli-command';
import { parsePruneArgs } from './prune-command';

describe('frist prune arguments', () => {
  it('defaults to 30 days of changes, 90 days of delivery logs, 5000 rows a statement', () => {
    expect(parsePruneArgs([])).toEqual({
      dryRun: false,
      changesDays: 30,
      deliveriesDays: 90,
      batch: 5000,
      help: false,
    });
    expect(parsePruneArgs(['--dry-run', '--changes-days', '14', '--batch=200'])).toMatchObject({
      dryRun: true,
      changesDays: 14,
      batch: 200,
    });
  });

  it.each([
    [['--changes-days', '3'], /--changes-days must be an integer 7-3650/],
    [['--deliveries-days'], /--deliveries-days needs a value/],
    [['--deliveries-days', ''], /--deliveries-days must be an integer 7-3650/],
    [['--batch', '1.5'], /--batch must be an integer 100-100000/],
    [['--everything'], /unknown option --everything/],
    [['--dry-run=yes'], /--dry-run takes no value/],
  ])('%j is a usage error', (args, message) => {
    expect(() => parsePruneArgs(args)).toThrow(CliUsageError);
    expect(() => parsePruneArgs(args)).toThrow(message);
  });
});
