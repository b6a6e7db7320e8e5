-- Days from referral to first assessment and to first treatment session,
-- for GP referrals (A1) and self-referrals (B1).

SELECT d.sourceofreferralmh,
       COUNT(DISTINCT d.pathwayid) AS referrals,
       AVG(DATEDIFF(day, d.referralrequestreceiveddate, d.assessment_firstdate)) AS mean_days_to_assessment,
       AVG(DATEDIFF(day, d.referralrequestreceiveddate, d.therapysession_firstdate)) AS mean_days_to_treatment
FROM LLC_1234.nhsd_IAPT_demographics_and_referral_v0003 d
WHERE d.referralrequestreceiveddate >= '2021-04-01'
  AND d.sourceofreferralmh IN ('A1', 'B1')
GROUP BY d.sourceofreferralmh;
GO

-- Contacts attended before the first treatment appointment, from the care activities table.
SELECT ca.pathwayid,
       COUNT(*) AS contacts_before_treatment
FROM LLC_1234.nhsd_IAPT_care_activities_v0003 ca
JOIN LLC_1234.nhsd_IAPT_demographics_and_referral_v0003 d
  ON d.pathwayid = ca.pathwayid
WHERE ca.carecontdate < d.therapysession_firstdate
  AND ca.attendordnacode IN ('5', '6')
GROUP BY ca.pathwayid;
