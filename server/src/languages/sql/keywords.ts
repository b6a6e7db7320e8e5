// Word lists the SQL analyser needs. Upper case; compare with `.toUpperCase()`.

/** Words that end an expression at bracket depth 0: the next clause or statement starts. */
export const CLAUSE_WORDS = new Set([
  'FROM', 'WHERE', 'GROUP', 'HAVING', 'ORDER', 'UNION', 'EXCEPT', 'INTERSECT', 'INTO', 'JOIN', 'INNER',
  'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER', 'ON', 'OPTION', 'FOR', 'WINDOW', 'USING', 'PIVOT', 'UNPIVOT',
  'VALUES', 'OUTPUT',
]);

/** Words that start a new statement when met at depth 0 outside a CASE. */
export const STATEMENT_WORDS = new Set([
  'SELECT', 'WITH', 'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'ALTER', 'DROP', 'DECLARE', 'SET', 'IF',
  'ELSE', 'WHILE', 'BEGIN', 'END', 'EXEC', 'EXECUTE', 'PRINT', 'RETURN', 'USE', 'TRUNCATE', 'GO', 'GRANT',
  'DENY', 'REVOKE', 'RAISERROR', 'THROW', 'BREAK', 'CONTINUE', 'WAITFOR', 'OPEN', 'CLOSE', 'FETCH', 'DEALLOCATE',
]);

/** Words that are never column names in an expression. */
export const EXPRESSION_KEYWORDS = new Set([
  'AND', 'OR', 'NOT', 'NULL', 'IS', 'IN', 'LIKE', 'BETWEEN', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'AS', 'ASC',
  'DESC', 'EXISTS', 'DISTINCT', 'ALL', 'ANY', 'SOME', 'OVER', 'PARTITION', 'BY', 'ROWS', 'RANGE', 'UNBOUNDED',
  'PRECEDING', 'FOLLOWING', 'CURRENT', 'ROW', 'TOP', 'PERCENT', 'TIES', 'COLLATE', 'ESCAPE', 'CURRENT_TIMESTAMP',
  'CURRENT_USER', 'SESSION_USER', 'SYSTEM_USER', 'USER', 'DEFAULT', 'TRUE', 'FALSE', 'WITHIN', 'GROUP', 'NULLS',
  'FIRST', 'LAST', 'ONLY', 'NEXT', 'OFFSET', 'FETCH', 'ROW', 'ROWS', 'ZONE', 'AT', 'TRY_CAST', 'CAST', 'CONVERT',
  'TRY_CONVERT', 'SET',
]);

/** Functions whose first argument is a date part keyword, not a column. */
export const DATEPART_FUNCTIONS = new Set([
  'DATEADD', 'DATEDIFF', 'DATEDIFF_BIG', 'DATEPART', 'DATENAME', 'DATETRUNC', 'DATE_BUCKET',
]);

/** Functions whose first argument is a data type. */
export const TYPE_FIRST_FUNCTIONS = new Set(['CONVERT', 'TRY_CONVERT']);

/** Words after a table name that are not its alias. */
export const NOT_ALIAS = new Set([
  ...CLAUSE_WORDS, ...STATEMENT_WORDS, 'AS', 'WITH', 'TABLESAMPLE', 'APPLY', 'NATURAL',
]);

export const JOIN_START = new Set(['JOIN', 'INNER', 'LEFT', 'RIGHT', 'FULL', 'CROSS', 'OUTER']);
