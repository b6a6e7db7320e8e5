# Recovery and reliable improvement rates per financial year of discharge, with dplyr,
# from the demographics and referral table (one row per referral per extract).
# Replace LLC_1234 with your project's schema.

library(RODBC)
library(dplyr)
library(lubridate)

conn <- RODBC::odbcConnect(dsn = "LLC_DB")

ref <- sqlQuery(conn, "
  SELECT pathwayid, cohortkey_e, extractperiod_enddate, servdischdate, endcode,
         treatmentcarecontact_count, recovery_flag, reliableimprovement_flag,
         phq9_firstscore, phq9_lastscore
  FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]
  WHERE servdischdate IS NOT NULL
")

finished <- ref %>%
  # Rows repeat across extract periods: keep the latest extract of each referral.
  group_by(pathwayid) %>%
  slice_max(extractperiod_enddate, n = 1, with_ties = FALSE) %>%
  ungroup() %>%
  filter(treatmentcarecontact_count >= 2, endcode %in% c("46", "47")) %>%
  mutate(
    discharge_year = if_else(month(servdischdate) >= 4, year(servdischdate), year(servdischdate) - 1L),
    phq9_change = phq9_firstscore - phq9_lastscore
  )

rates <- finished %>%
  group_by(discharge_year) %>%
  summarise(
    finished_treatment = n(),
    recovered = sum(recovery_flag == "True", na.rm = TRUE),
    reliably_improved = sum(reliableimprovement_flag == "True", na.rm = TRUE),
    mean_phq9_change = mean(phq9_change, na.rm = TRUE)
  ) %>%
  mutate(recovery_rate = recovered / finished_treatment) %>%
  arrange(discharge_year)

print(rates)
rates$recovery_rate

odbcClose(conn)
