-- PHQ-9 scores over time for each referral, with the first and last score side by side.
-- 720433000 is the SNOMED CT concept id of the PHQ-9 total score.

IF OBJECT_ID('tempdb..#phq9') IS NOT NULL DROP TABLE #phq9;

SELECT a.pathwayid,
       a.asstoolcompdate,
       a.asstoolcomptime,
       CAST(a.persscore AS int) AS score,
       ROW_NUMBER() OVER (PARTITION BY a.pathwayid ORDER BY a.asstoolcompdate, a.asstoolcomptime) AS n_first,
       ROW_NUMBER() OVER (PARTITION BY a.pathwayid ORDER BY a.asstoolcompdate DESC, a.asstoolcomptime DESC) AS n_last
INTO #phq9
FROM nhsd.IAPT_coded_scored_assessments_v0003 a
WHERE a.codedasstooltype = '720433000';

SELECT p.pathwayid,
       MAX(CASE WHEN p.n_first = 1 THEN p.score END) AS first_score,
       MAX(CASE WHEN p.n_last = 1 THEN p.score END) AS last_score,
       COUNT(*) AS assessments
FROM #phq9 p
GROUP BY p.pathwayid
HAVING COUNT(*) >= 2;

-- The trajectory, sessions in order.
SELECT pathwayid, n_first AS session, score
FROM #phq9
ORDER BY pathwayid, session;
