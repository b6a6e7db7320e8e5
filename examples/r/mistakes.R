# A deliberate mistake: `node dist/cli.js check examples/r` reports it, and in the editor it is
# underlined with the quick fix. R names are case-sensitive: the column is phq9_firstscore.

library(RODBC)

conn <- RODBC::odbcConnect(dsn = "LLC_DB")
ref <- sqlQuery(conn, "SELECT * FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]")

summary(ref$PHQ9_FirstScore)
