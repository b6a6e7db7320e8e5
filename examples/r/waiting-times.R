# Waiting times from referral to assessment and to first therapy session, for referrals received
# since a start date, with DBI/odbc and a query built with paste0.
# Replace LLC_1234 with your project's schema.

library(DBI)
library(dplyr)

con <- dbConnect(odbc::odbc(), dsn = "LLC_DB")
start_date <- "2022-04-01"

query <- paste0(
  "SELECT pathwayid, referralrequestreceiveddate, assessment_firstdate, therapysession_firstdate, sourceofreferralmh ",
  "FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003] ",
  "WHERE referralrequestreceiveddate >= '", start_date, "'"
)
referrals <- dbGetQuery(con, query)

referrals$days_to_assessment <- as.numeric(as.Date(referrals$assessment_firstdate) - as.Date(referrals$referralrequestreceiveddate))
referrals$days_to_therapy <- as.numeric(as.Date(referrals$therapysession_firstdate) - as.Date(referrals$referralrequestreceiveddate))

waits <- referrals %>%
  filter(!is.na(days_to_therapy)) %>%
  group_by(sourceofreferralmh) %>%
  summarise(
    referrals = n(),
    median_days_to_assessment = median(days_to_assessment, na.rm = TRUE),
    median_days_to_therapy = median(days_to_therapy),
    within_6_weeks = mean(days_to_therapy <= 42),
    within_18_weeks = mean(days_to_therapy <= 126)
  )

waits[order(-waits$referrals), c("sourceofreferralmh", "referrals", "within_6_weeks")]

dbDisconnect(con)
