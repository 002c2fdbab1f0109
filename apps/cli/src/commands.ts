/** The subcommand table. A new subcommand is a file exporting a CliCommand, added here. */
import { changesCommand } from './changes-command';
import { type CliCommand } from './cli-command';
import { dbCommand } from './db-command';
import { importCommand } from './import-command';
import { previewCommand } from './preview-command';
import { pruneCommand } from './prune-command';
import { quotaCommand } from './quota-command';
import { reprojectCommand } from './reproject-command';
import { rulesCommand } from './rules-command';
import { teamsCommand } from './teams-command';
import { tokenCommand } from './token-command';

export const COMMANDS: readonly CliCommand[] = [
  previewCommand,
  quotaCommand,
  tokenCommand,
  reprojectCommand,
  rulesCommand,
  changesCommand,
  pruneCommand,
  dbCommand,
  teamsCommand,
  importCommand,
];
