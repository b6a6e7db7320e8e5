-- T-SQL forms of real scripts that the analyser reads specially (test/features/diagnostics-tsql.test.ts checks each);
-- test/languages/incremental.test.ts edits this file at random.
SELECT r.pathwayid, r.servdischdate INTO #ref FROM nhsd.IAPT_demographics_and_referral_v0003 r;
ALTER TABLE #ref ADD finished bit NOT NULL DEFAULT 0, flag AS (1);
UPDATE #ref SET finished = CASE WHEN servdischdate IS NOT NULL THEN 1 ELSE 0 END;
SELECT pathwayid, finished, flag FROM #ref;
SELECT r.pathwayid, r.referralrequestreceiveddate AS event_date, 'referral' AS event FROM nhsd.IAPT_demographics_and_referral_v0003 r
UNION ALL SELECT a.pathwayid, a.carecontdate, 'contact' FROM nhsd.IAPT_care_activities_v0003 a
ORDER BY pathwayid, event_date, event;
SELECT r.pathwayid FROM nhsd.IAPT_demographics_and_referral_v0003 r JOIN nhsd.IAPT_care_activities_v0003 a ON a.pathwayid = r.pathwayid COLLATE DATABASE_DEFAULT
WHERE r.orgid_provider COLLATE Latin1_General_CI_AS LIKE 'r%';
SELECT r.gender, COUNT(*) AS n FROM nhsd.IAPT_demographics_and_referral_v0003 r GROUP BY GROUPING SETS ((r.gender, r.validated_ethniccategory), (r.gender), ());
DECLARE @n int;
IF EXISTS (SELECT 1 FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = '46') PRINT 'x';
SET @n = (SELECT COUNT(*) FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.endcode = '47');
CREATE TABLE #emp_labels (pathwayid varchar(100), employstatus varchar(40));
SELECT r.pathwayid FROM nhsd.IAPT_demographics_and_referral_v0003 r JOIN #emp_labels ON #emp_labels.pathwayid = r.pathwayid
WHERE #emp_labels.employstatus = 'Employed';
SELECT COUNT(*) FROM nhsd.IAPT_care_activities_v0003 a WHERE a.consmediumused = 1 OR a.consmediumused IN (2, 10);
WITH u AS (SELECT r.pathwayid, r.employmentstatus_first AS emp FROM nhsd.IAPT_demographics_and_referral_v0003 r
  UNION ALL SELECT x.pathwayid, 'UNK' FROM #manual_review x)
SELECT u.pathwayid FROM u WHERE u.emp = 'UNK';
GO
CREATE VIEW LLC_1234.IAPT_referrals_latest AS
SELECT r.pathwayid, r.endcode FROM LLC_1234.nhsd_IAPT_demographics_and_referral_v0003 r;
GO
SELECT v.pathwayid FROM LLC_1234.IAPT_referrals_latest v WHERE v.endcode <> '';
SELECT a.pathwayid, STRING_AGG(a.apptype, ',') WITHIN GROUP (ORDER BY a.carecontdate) AS seq FROM nhsd.IAPT_care_activities_v0003 a (NOLOCK)
GROUP BY a.pathwayid;
DECLARE @src varchar(2) = 'A1';
SELECT r.pathwayid FROM nhsd.IAPT_demographics_and_referral_v0003 r WHERE r.sourceofreferralmh IN ('B1', @src, NULL) AND r.endcode = '46';
SELECT 'n_referrals' = COUNT(*), r.orgid_provider FROM nhsd.IAPT_demographics_and_referral_v0003 r GROUP BY r.orgid_provider ORDER BY n_referrals DESC;
SELECT CAST(a.carecontdate AS datetime2) AT TIME ZONE 'GMT Standard Time' AS t, TRIM(LEADING '0' FROM a.apptype) AS p FROM nhsd.IAPT_care_activities_v0003 a;
SELECT CASE r.endcode WHEN '46' THEN 'completed' ELSE 'other' END AS status FROM nhsd.IAPT_demographics_and_referral_v0003 r;
SELECT a.pathwayid, ROW_NUMBER() OVER w AS n FROM nhsd.IAPT_care_activities_v0003 a WINDOW w AS (PARTITION BY a.pathwayid ORDER BY a.carecontdate) ORDER BY n;
