-- Recovery and reliable improvement rates per financial year of discharge, from NHS England's
-- derived flags in the demographics and referral table (one row per referral per extract).
-- Replace LLC_1234 with your project's schema.

WITH latest AS (
    -- Rows repeat across extract periods: keep the latest extract of each referral.
    SELECT r.*,
           ROW_NUMBER() OVER (PARTITION BY r.pathwayid ORDER BY r.extractperiod_enddate DESC) AS rn
    FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] AS r
),
finished AS (
    SELECT pathwayid,
           cohortkey_e,
           servdischdate,
           CASE WHEN MONTH(servdischdate) >= 4 THEN YEAR(servdischdate) ELSE YEAR(servdischdate) - 1 END AS discharge_year,
           caseness_flag,
           notcaseness_flag,
           recovery_flag,
           reliableimprovement_flag,
           reliabledeterioration_flag
    FROM latest
    WHERE rn = 1
      AND servdischdate IS NOT NULL
      AND treatmentcarecontact_count >= 2
      AND endcode IN ('46', '47')
)
SELECT f.discharge_year,
       COUNT(*) AS finished_treatment,
       SUM(CASE WHEN f.recovery_flag = 'True' THEN 1 ELSE 0 END) AS recovered,
       SUM(CASE WHEN f.notcaseness_flag = 'True' THEN 1 ELSE 0 END) AS not_at_caseness,
       SUM(CASE WHEN f.reliableimprovement_flag = 'True' THEN 1 ELSE 0 END) AS reliably_improved
FROM finished AS f
GROUP BY f.discharge_year
ORDER BY discharge_year;
