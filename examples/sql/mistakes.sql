-- Deliberate mistakes: `node dist/cli.js check examples/` reports each of them,
-- and in the editor each is underlined and has a quick fix.

-- unknown-table: a misspelt table name (did you mean ..._referral_...?)
SELECT r.pathwayid
FROM [LLC_1234].[nhsd_IAPT_demographics_and_referal_v0003] r;

-- unknown-column: a misspelt column (did you mean phq9_firstscore?)
SELECT r.pathwayid, r.phq9_firstscor, r.gad_lastscore
FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] r;

-- invalid-value: 64 is not an end code (46 is)
SELECT COUNT(*) AS completed
FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]
WHERE endcode = '64';

-- unknown-column, unqualified: the column is in no table of the query
SELECT pathwayid, persscore
FROM nhsd.IAPT_coded_scored_assessments_v0003
WHERE asstoolcompdate >= '2022-04-01'
  AND codedasstool = '720433000';
