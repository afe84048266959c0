// `npx tsx scripts/collections.ts`: the collections and indexes to create in the CloudBase
// console, as the markdown table README.md shows (a test keeps the two equal).
import { COLLECTIONS } from '../cloudfunctions/core/store/collections';

export function collectionsTable(): string {
  const rows = Object.entries(COLLECTIONS).map(([name, spec]) => {
    const indexes = (spec.indexes as readonly (readonly string[])[]).map((fields) =>
      fields.map((f) => `\`${f}\` ↑`).join(' + '),
    );
    return `| \`${name}\` | ${indexes.length ? indexes.join('; ') : '— (only `_id`)'} | \`database-rules/${name}.json\` |`;
  });
  return [
    '| collection | indexes (non-unique, ascending; one index per `;`) | security rule |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

if (require.main === module) console.log(collectionsTable());
