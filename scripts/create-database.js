// Creates the database named in a PostgreSQL URL if it does not exist; with --drop, drops it
// (closing its connections). `node scripts/create-database.js [--drop] URL`. Also required by the
// benchmarks and the tests, so every place that makes or removes a database does it this one way.
const { Client } = require('pg');

/** Runs `work` on a connection to the server's `postgres` database, as the database's owner would. */
async function withAdmin(url, work) {
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    return await work(admin, decodeURIComponent(new URL(url).pathname.slice(1)));
  } finally {
    await admin.end();
  }
}

const quoted = (name) => `"${name.replace(/"/g, '""')}"`;

function createDatabase(url) {
  return withAdmin(url, async (admin, name) => {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${quoted(name)}`);
  });
}

function dropDatabase(url) {
  return withAdmin(url, (admin, name) => admin.query(`DROP DATABASE IF EXISTS ${quoted(name)} WITH (FORCE)`));
}

module.exports = { createDatabase, dropDatabase };

if (require.main === module) {
  const drop = process.argv[2] === '--drop';
  const url = process.argv[drop ? 3 : 2];
  (drop ? dropDatabase(url) : createDatabase(url)).catch((err) => {
    console.error(`Could not ${drop ? 'drop' : 'create'} the database: ${err.message}`);
    process.exit(1);
  });
}
