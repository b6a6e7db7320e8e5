# PHQ-9 trajectories: every PHQ-9 score over the days since the referral's first assessment,
# from the coded scored assessments table, plotted with ggplot2.
# 720433000 is the SNOMED CT concept id of the PHQ-9 (hover it for the catalogue's note).
# Replace LLC_1234 with your project's schema.

library(DBI)
library(dplyr)
library(ggplot2)

con <- dbConnect(odbc::odbc(), dsn = "LLC_DB")

scores <- tbl(con, dbplyr::in_schema("LLC_1234", "nhsd_IAPT_coded_scored_assessments_v0003")) %>%
  filter(codedasstooltype == "720433000") %>%
  select(pathwayid, asstoolcompdate, persscore) %>%
  collect()

trajectories <- scores %>%
  mutate(asstoolcompdate = as.Date(asstoolcompdate), persscore = as.numeric(persscore)) %>%
  group_by(pathwayid) %>%
  mutate(days = as.numeric(asstoolcompdate - min(asstoolcompdate)), n_scores = n()) %>%
  ungroup() %>%
  filter(n_scores >= 2)

ggplot(trajectories, aes(x = days, y = persscore, group = pathwayid)) +
  geom_line(alpha = 0.1) +
  geom_smooth(aes(group = NULL), method = "loess") +
  geom_hline(yintercept = 10, linetype = "dashed") +
  labs(x = "Days since first PHQ-9", y = "PHQ-9 score", title = "PHQ-9 trajectories") +
  theme_minimal()

dbDisconnect(con)
