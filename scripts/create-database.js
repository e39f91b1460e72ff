// Creates the database named in a PostgreSQL URL if it does not exist.
const { Client } = require('pg');

async function main() {
  const url = new URL(process.argv[2]);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new Client({ connectionString: Object.assign(new URL(url), { pathname: '/postgres' }).toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

main().catch((err) => {
  console.error(`Could not create the database: ${err.message}`);
  process.exit(1);
});
