// Generates realistic analysis scripts of a given length, in SQL, R and Stata, using real IAPT names.
// Every block varies its aliases and numbers so that no two blocks are identical.
// The bracketed SQL keeps its results in temp tables (SELECT ... INTO #t), as T-SQL scripts in a TRE do.

const SQL_BLOCK = (i) => `-- block ${i}: recovery by provider, financial year ${2020 + (i % 5)}
WITH latest_${i} AS (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.pathwayid ORDER BY r.extractperiod_enddate DESC) AS rn
    FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] AS r
    WHERE r.referralrequestreceiveddate >= '${2020 + (i % 5)}-04-01'
)
SELECT r.orgid_provider,
       COUNT(*) AS referrals,
       SUM(CASE WHEN r.servdischdate IS NOT NULL AND r.treatmentcarecontact_count >= 2 THEN 1 ELSE 0 END) AS finished,
       AVG(CAST(r.phq9_firstscore AS float)) AS mean_phq9_first,
       AVG(CAST(r.gad_firstscore AS float)) AS mean_gad_first,
       SUM(CASE WHEN r.recovery_flag = 'True' THEN 1 ELSE 0 END) AS recovered
FROM latest_${i} r
JOIN [LLC_1234].[nhsd_IAPT_care_activities_v0003] c ON c.pathwayid = r.pathwayid
WHERE r.rn = 1
  AND r.endcode IN ('46', '47')
  AND c.attendordnacode IN ('5', '6')
GROUP BY r.orgid_provider
ORDER BY referrals DESC;

SELECT a.pathwayid, a.persscore, a.asstoolcompdate
INTO #phq9_${i}
FROM nhsd.IAPT_coded_scored_assessments_v0003 a
WHERE a.codedasstooltype = '720433000' AND a.asstoolcompdate >= '2021-0${1 + (i % 9)}-01';

SELECT s.pathwayid, MAX(s.persscore) AS worst_${i}
FROM #phq9_${i} s
GROUP BY s.pathwayid;
`;

// The same kind of work written the way sql-language-server can read it: no [brackets], no CTEs (it completes
// nothing inside either), so that it is compared where it answers with columns.
const PLAIN_SQL_BLOCK = (i) => `-- block ${i}: finished treatment by provider, financial year ${2020 + (i % 5)}
SELECT r.orgid_provider,
       COUNT(*) AS referrals,
       SUM(CASE WHEN r.servdischdate IS NOT NULL AND r.treatmentcarecontact_count >= 2 THEN 1 ELSE 0 END) AS finished,
       AVG(CAST(r.phq9_firstscore AS float)) AS mean_phq9_first,
       AVG(CAST(r.gad_firstscore AS float)) AS mean_gad_first
FROM LLC_1234.nhsd_IAPT_demographics_and_referral_v0003 AS r
JOIN LLC_1234.nhsd_IAPT_care_activities_v0003 AS c ON c.pathwayid = r.pathwayid
WHERE r.referralrequestreceiveddate >= '${2020 + (i % 5)}-04-01'
  AND r.endcode IN ('46', '47')
  AND c.attendordnacode IN ('5', '6')
GROUP BY r.orgid_provider
ORDER BY referrals DESC;

`;

const R_BLOCK = (i) => `# block ${i}: recovery with dplyr
ref_${i} <- sqlQuery(conn, "SELECT r.pathwayid, r.phq9_firstscore, r.phq9_lastscore, r.gad_firstscore, r.gad_lastscore, r.servdischdate, r.treatmentcarecontact_count FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r WHERE r.endcode IN ('46', '47')")
out_${i} <- ref_${i} %>%
  filter(!is.na(servdischdate), treatmentcarecontact_count >= 2) %>%
  mutate(caseness = phq9_firstscore >= 10 | gad_firstscore >= 8,
         change_${i} = phq9_firstscore - phq9_lastscore) %>%
  group_by(caseness) %>%
  summarise(n = n(), mean_change = mean(change_${i}, na.rm = TRUE))
summary(ref_${i}$phq9_firstscore)
table(ref_${i}$treatmentcarecontact_count > ${i % 4})

`;

const STATA_BLOCK = (i) => `* block ${i}: recovery in Stata
odbc load, exec("SELECT r.pathwayid, r.phq9_firstscore, r.phq9_lastscore, r.gad_firstscore, r.gad_lastscore, r.treatmentcarecontact_count FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r") dsn(LLC_DB) clear
generate caseness_${i} = phq9_firstscore >= 10 | gad_firstscore >= 8
generate change_${i} = phq9_firstscore - phq9_lastscore
summarize phq9_firstscore phq9_lastscore change_${i} if treatmentcarecontact_count >= 2
tabulate caseness_${i}
keep pathwayid phq9_firstscore phq9_lastscore caseness_${i} change_${i}

`;

const BLOCKS = { sql: SQL_BLOCK, 'sql-plain': PLAIN_SQL_BLOCK, r: R_BLOCK, stata: STATA_BLOCK };

export function generate(language, lines) {
  const block = BLOCKS[language];
  let text = '';
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const b = block(i);
    text += b;
    count += b.split('\n').length - 1;
  }
  return text;
}

export const LANGUAGES = ['sql', 'r', 'stata'];
export const EXTENSIONS = { sql: 'sql', r: 'R', stata: 'do' };
