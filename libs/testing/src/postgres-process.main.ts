// Child-process entry for startPostgresProcess: start, report the URL, stop cleanly on SIGTERM.
import { startEmbeddedPostgres } from './postgres-server';

const [dataDir, port, user, password] = process.argv.slice(2);
startEmbeddedPostgres({
  dataDir: dataDir,
  port: Number(port),
  persistent: true,
  unsafeFast: true,
  ...(user && password ? { superuser: { name: user, password } } : {}),
}).then(
  (pg) => {
    process.stdout.write(`ready ${pg.adminUrl}\n`);
    process.once('SIGTERM', () => {
      pg.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
