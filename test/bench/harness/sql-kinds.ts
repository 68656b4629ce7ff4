/**
 * Groups SQL statements by what they do ("SELECT UploadTicket", "BEGIN", "INSERT File",
 * "UPDATE UploadTicket + DELETE PromotionAttempt"), so a table shows where a request's statements
 * go without printing every one.
 */
export function statementKind(sql: string): string {
  const text = sql.trim().replace(/\s+/g, ' ');
  // One common table expression (WITH x AS (DELETE …) UPDATE …): the statement, then what it wraps.
  const cte = /^WITH \w+ AS \(([^()]*)\) (.*)$/i.exec(text);
  if (cte) return `${statementKind(cte[2]!)} + ${statementKind(cte[1]!)}`;
  const verb = (/^\w+/.exec(text)?.[0] ?? '?').toUpperCase();
  const table = /(?:FROM|INTO|UPDATE)\s+(?:"\w+"\.)?"?(\w+)"?/i.exec(text)?.[1];
  const locks = /FOR UPDATE/i.test(text) ? ' FOR UPDATE' : '';
  return table ? `${verb} ${table}${locks}` : verb;
}

/** Statements per kind, divided by `per` (e.g. per confirm), most frequent first. */
export function countKinds(statements: readonly string[], per = 1): [string, number][] {
  const counts = new Map<string, number>();
  for (const sql of statements) counts.set(statementKind(sql), (counts.get(statementKind(sql)) ?? 0) + 1);
  return [...counts.entries()]
    .map(([kind, count]): [string, number] => [kind, count / per])
    .sort((a, b) => b[1] - a[1]);
}
