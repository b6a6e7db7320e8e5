* One deliberate mistake: `tre-catalogue check` reports the misspelt variable on the tabulate line.
odbc load, exec("SELECT pathwayid, endcode, phq9_firstscore, phq9_lastscore FROM [LLC_1234].[nhsd_IAPT_demographics_and_referral_v0003]") dsn(LLC_DB) clear
gen byte improved = phq9_lastscore < phq9_firstscore
tabulate improved phq9_lastscor3
