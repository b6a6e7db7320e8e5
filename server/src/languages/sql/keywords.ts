// Word lists the SQL analyser needs, upper case. The lexer gives each word token its upper-case spelling when it is
// one of KNOWN_WORDS (test/languages/sql/lexer.test.ts checks that every word the analyser compares is).

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

/** Table hints that may be written without WITH, `FROM t (NOLOCK)` (deprecated, still accepted). */
export const TABLE_HINTS = new Set([
  'NOLOCK', 'HOLDLOCK', 'NOWAIT', 'PAGLOCK', 'READCOMMITTED', 'READCOMMITTEDLOCK', 'READPAST', 'READUNCOMMITTED',
  'REPEATABLEREAD', 'ROWLOCK', 'SERIALIZABLE', 'SNAPSHOT', 'TABLOCK', 'TABLOCKX', 'UPDLOCK', 'XLOCK', 'NOEXPAND',
  'FORCESEEK', 'FORCESCAN',
]);

/** Every word the analyser compares a token with: the lexer sets `upper` for these only. */
export const KNOWN_WORDS: readonly string[] = [
  'ALL', 'ALTER', 'AND', 'ANY', 'APPLY', 'AS', 'ASC', 'AT', 'AVG', 'BEGIN', 'BETWEEN', 'BREAK', 'BY', 'CASE', 'CAST',
  'CHECK', 'CLOSE', 'COLLATE', 'CONSTRAINT', 'CONTINUE', 'CONVERT', 'COUNT', 'COUNT_BIG', 'CREATE', 'CROSS',
  'CURRENT', 'CURRENT_TIMESTAMP', 'CURRENT_USER', 'DATEADD', 'DATEDIFF', 'DATEDIFF_BIG', 'DATENAME', 'DATEPART',
  'DATETRUNC', 'DATE_BUCKET', 'DEALLOCATE', 'DECLARE', 'DEFAULT', 'DELETE', 'DENY', 'DESC', 'DISTINCT', 'DROP',
  'ELSE', 'END', 'ESCAPE', 'EXCEPT', 'EXEC', 'EXECUTE', 'EXISTS', 'FALSE', 'FETCH', 'FIRST', 'FOLLOWING', 'FOR',
  'FOREIGN', 'FROM', 'FULL', 'FUNCTION', 'GO', 'GRANT', 'GROUP', 'HASH', 'HAVING', 'IF', 'IN', 'INDEX', 'INNER',
  'INSERT', 'INTERSECT', 'INTO', 'IS', 'JOIN', 'LAST', 'LEFT', 'LIKE', 'LOOP', 'MERGE', 'NATURAL', 'NEXT', 'NOT',
  'NULL', 'NULLS', 'OFFSET', 'ON', 'ONLY', 'OPEN', 'OPTION', 'OR', 'ORDER', 'OUTER', 'OUTPUT', 'OVER', 'PARTITION',
  'PERCENT', 'PERIOD', 'PIVOT', 'PRECEDING', 'PRIMARY', 'PRINT', 'PROC', 'PROCEDURE', 'RAISERROR', 'RANGE', 'REMOTE',
  'REPEATABLE', 'RETURN', 'REVOKE', 'RIGHT', 'ROW', 'ROWS', 'SELECT', 'SESSION_USER', 'SET', 'SOME', 'STDEV',
  'STDEVP', 'STRING_AGG', 'SUM', 'SYSTEM', 'SYSTEM_USER', 'TABLE', 'TABLESAMPLE', 'THEN', 'THROW', 'TIES', 'TOP',
  'TRUE', 'TRUNCATE', 'TRY_CAST', 'TRY_CONVERT', 'UNBOUNDED', 'UNION', 'UNIQUE', 'UNPIVOT', 'UPDATE', 'USE', 'USER',
  'USING', 'VALUES', 'VAR', 'VARP', 'VIEW', 'WAITFOR', 'WHEN', 'WHERE', 'WHILE', 'WINDOW', 'WITH', 'WITHIN',
  'XMLNAMESPACES', 'ZONE', 'ADD', 'GROUPING', 'SETS', 'TIME', 'TRIM', 'LEADING', 'TRAILING', 'BOTH', 'NOLOCK', 'HOLDLOCK',
  'NOWAIT', 'PAGLOCK', 'READCOMMITTED', 'READCOMMITTEDLOCK', 'READPAST', 'READUNCOMMITTED', 'REPEATABLEREAD', 'ROWLOCK',
  'SERIALIZABLE', 'SNAPSHOT', 'TABLOCK', 'TABLOCKX', 'UPDLOCK', 'XLOCK', 'NOEXPAND', 'FORCESEEK', 'FORCESCAN',
];
