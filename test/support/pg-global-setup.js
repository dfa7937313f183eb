// `npm run test:pg`: every e2e suite creates its own database on the server named by PG_TEST_URL.
const { Client } = require('pg');

module.exports = async () => {
  process.env.TEST_DB_DRIVER = 'postgres';
  process.env.PG_TEST_URL = process.env.PG_TEST_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new Client({ connectionString: process.env.PG_TEST_URL });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`test:pg needs PostgreSQL at ${process.env.PG_TEST_URL}: ${err.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
};
